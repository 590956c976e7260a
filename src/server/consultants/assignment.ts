import { z } from 'astro/zod';
import { and, eq, isNull, sql } from 'drizzle-orm';
import { isEmailAddress, normalizeEmail } from '../../domain/email.ts';
import type { Db } from '../db/client.ts';
import { consultants, submissionActivity, submissions } from '../db/schema.ts';
import { ConsultantError } from './team.ts';

/** What `assignLead` did: `changed` is false when the lead already had that consultant (nothing recorded). */
export interface AssignmentResult {
  changed: boolean;
  from: string | null;
  to: string | null;
}

const SubmissionIdSchema = z.guid();

/**
 * Gives a lead to a consultant on the team (any consultant may), or to nobody with `null` or an
 * empty string, and records it in the lead's history: an activity row of kind `assigned` whose
 * `note` is the assignee's email (null: unassigned) and whose `actor` made the change. Assigning
 * the consultant it already has changes and records nothing.
 * @param consultantEmail the assignee, any case; null or '' to unassign
 * @param actor the signed-in consultant's email
 * @throws ConsultantError `not-found` (field `submission`) for an unknown or erased lead; `invalid`
 *   (field `assignedTo`, `not-on-team`) when the assignee is not on the team; `forbidden` (field
 *   `actor`) when the actor was removed from the team
 * @example await assignLead(db, submission.id, 'bea@example.com', consultant.email)
 */
export async function assignLead(db: Db, submissionId: string, consultantEmail: string | null, actor: string): Promise<AssignmentResult> {
  const to = consultantEmail?.trim() ? normalizeEmail(consultantEmail) : null;
  const by = normalizeEmail(actor);
  const notFound = () => new ConsultantError('not-found', [{ field: 'submission', reason: 'not-found', message: `no lead with id ${submissionId}` }]);
  if (!SubmissionIdSchema.safeParse(submissionId).success) throw notFound();
  return db.transaction(async (tx) => {
    const [acting] = await tx.select({ email: consultants.email }).from(consultants).where(and(eq(consultants.email, by), isNull(consultants.removedAt)));
    if (!acting) throw new ConsultantError('forbidden', [{ field: 'actor', reason: 'not-on-team', message: `${by} is not on the team` }]);
    if (to) {
      // Locked before the lead, in the order removeConsultant takes them: a removal running now either
      // waits for this assignment and then undoes it, or ends first and the assignee is refused here.
      const [assignee] = await tx.select({ email: consultants.email }).from(consultants).where(and(eq(consultants.email, to), isNull(consultants.removedAt))).for('share');
      if (!assignee) throw new ConsultantError('invalid', [{ field: 'assignedTo', reason: 'not-on-team', message: `${to} is not on the team: choose a consultant from the list` }]);
    }
    const [lead] = await tx
      .select({ assignedTo: submissions.assignedTo })
      .from(submissions)
      .where(and(eq(submissions.id, submissionId), isNull(submissions.erasedAt)))
      .for('update');
    if (!lead) throw notFound();
    if (lead.assignedTo === to) return { changed: false, from: to, to };
    await tx.update(submissions).set({ assignedTo: to }).where(eq(submissions.id, submissionId));
    await tx.insert(submissionActivity).values({ submissionId, actor: by, kind: 'assigned', note: to });
    return { changed: true, from: lead.assignedTo, to };
  });
}

/**
 * Who is told about a lead (the consultants' notice, a call request): the consultant it is assigned
 * to while they are on the team, else every consultant on the team (owners first). Before the team
 * has ever been seeded (a fresh database whose first request is a visitor's), `seed`
 * (CONSULTANT_EMAILS): the owners it is about to get. Reads only, so it runs inside the caller's
 * transaction.
 * @example outboxRow('consultant', await consultantRecipients(tx, { assignedTo: row.assignedTo, seed: env.CONSULTANT_EMAILS }), message)
 */
export async function consultantRecipients(db: Pick<Db, 'select'>, { assignedTo = null, seed = [] }: { assignedTo?: string | null; seed?: readonly string[] } = {}): Promise<string[]> {
  if (assignedTo) {
    const [assignee] = await db.select({ email: consultants.email }).from(consultants).where(and(eq(consultants.email, normalizeEmail(assignedTo)), isNull(consultants.removedAt)));
    if (assignee) return [assignee.email];
  }
  // Removed consultants are read too: a team with rows has been seeded, even if this reads none active.
  const team = await db
    .select({ email: consultants.email, removedAt: consultants.removedAt })
    .from(consultants)
    .orderBy(sql`case when ${consultants.role} = 'owner' then 0 else 1 end`, consultants.email);
  if (team.length === 0) return [...new Set(seed.filter(isEmailAddress).map(normalizeEmail))];
  return team.filter((row) => !row.removedAt).map((row) => row.email);
}
