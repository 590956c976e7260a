import { eq, lt } from 'drizzle-orm';
import type { Report } from '../../domain/report.ts';
import type { Submission } from '../../domain/schemas/submission.ts';
import type { Queryable } from '../db/client.ts';
import { suspectedSubmissions } from '../db/schema.ts';
import type { Env } from '../env.ts';
import { DAY_MS } from '../lib/rate-limit.ts';
import { verifyStartToken } from '../lib/start-token.ts';

// A bot must not be able to tell it was caught: a suspected submission gets the same answer as a
// real one (201, a permalink that shows its report, 200 for a repeated key, the same 429) and is
// kept apart, in `suspected_submissions`, where nothing emails it or shows it to the consultants.

/** Why a submission was taken for a bot's. */
export type SuspicionReason = (typeof suspectedSubmissions.$inferSelect)['reason'];

/** Days a suspected submission is kept before `pruneSuspectedSubmissions` deletes it. */
export const SUSPECTED_RETENTION_DAYS = 30;


/**
 * Why `submission` looks like a bot's, or `null` when it looks like a person's: the honeypot
 * is filled (`honeypot`); its start token is missing, malformed, forged or from the future
 * (`no-start-token`); or it was issued less than `MIN_FILL_SECONDS` ago (`too-fast`).
 * The `startedAt` the client sends plays no part: it can say anything.
 */
export function suspicion(
  submission: Pick<Submission, 'website' | 'startToken'>,
  env: Pick<Env, 'IP_HASH_SALT' | 'MIN_FILL_SECONDS'>,
  now: Date,
): SuspicionReason | null {
  if (submission.website) return 'honeypot';
  const check = verifyStartToken(submission.startToken, env.IP_HASH_SALT, { now, minAgeSeconds: env.MIN_FILL_SECONDS });
  if (check.ok) return null;
  return check.reason === 'too-young' ? 'too-fast' : 'no-start-token';
}

/** The suspected submission already stored under this idempotency key, if any. */
export async function findSuspected(db: Queryable, idempotencyKey: string): Promise<{ id: string; token: string; locale: string } | undefined> {
  const [row] = await db
    .select({ id: suspectedSubmissions.id, token: suspectedSubmissions.token, locale: suspectedSubmissions.locale })
    .from(suspectedSubmissions)
    .where(eq(suspectedSubmissions.idempotencyKey, idempotencyKey));
  return row;
}

/**
 * Stores a suspected submission with the Report a real one would have, and prunes those past
 * their {@link SUSPECTED_RETENTION_DAYS}; call it inside the transaction that took the
 * rate-limit slot. Returns its id. Throws a unique violation when the idempotency key is
 * already stored.
 */
export async function insertSuspected(
  tx: Queryable,
  row: { token: string; idempotencyKey: string; locale: string; report: Report; reason: SuspicionReason; ipHash: string; now: Date },
): Promise<string> {
  const [inserted] = await tx
    .insert(suspectedSubmissions)
    .values({ token: row.token, idempotencyKey: row.idempotencyKey, locale: row.locale, report: row.report, reason: row.reason, ipHash: row.ipHash, createdAt: row.now })
    .returning({ id: suspectedSubmissions.id });
  await pruneSuspectedSubmissions(tx, row.now);
  return inserted!.id;
}

/** Deletes suspected submissions older than {@link SUSPECTED_RETENTION_DAYS}; returns how many. Cheap (an index range scan), so every insert calls it; a cron job may too. */
export async function pruneSuspectedSubmissions(db: Queryable, now: Date = new Date()): Promise<number> {
  const deleted = await db
    .delete(suspectedSubmissions)
    .where(lt(suspectedSubmissions.createdAt, new Date(now.getTime() - SUSPECTED_RETENTION_DAYS * DAY_MS)))
    .returning({ id: suspectedSubmissions.id });
  return deleted.length;
}
