import type { Db } from '../../../src/server/db/client.ts';
import { consultants, submissionActivity, submissions, user } from '../../../src/server/db/schema.ts';

/** Deletes the team and every row that refers to it (leads, their history, Better Auth's users and sessions): an empty, never-seeded team. */
export async function emptyTeam(db: Db): Promise<void> {
  await db.delete(submissionActivity);
  await db.delete(submissions);
  await db.delete(user);
  await db.delete(consultants);
}
