import { and, desc, isNull, ne, sql } from 'drizzle-orm';
import { alias } from 'drizzle-orm/pg-core';
import type { ChangeDirection } from '../../domain/change.ts';
import type { Db } from '../db/client.ts';
import { submissions } from '../db/schema.ts';

/** One diagnostic of a company's history, as the workspace's timeline shows it. */
export interface HistoryEntry {
  id: string;
  createdAt: Date;
  /** 0–100, or `null` when not assessed. */
  overallScore: number | null;
  /** The overall band's id (`content/bands.yaml`), or `null`. */
  band: string | null;
  /** Points since the entry before it (now − then); `null` for the first, or when either was not assessed. */
  delta: number | null;
  direction: ChangeDirection | null;
  /** The submission the page is about. */
  current: boolean;
}

/** How many of a company's diagnostics the timeline shows at most: the latest ones. */
export const HISTORY_LIMIT = 50;

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * A company's history: every diagnostic sent from the same email as submission `id` (compared
 * case-insensitively), erased ones left out, oldest first, each with its change since the one
 * before. Matched on the email only, not the company's name: "Acme" typed by two unrelated
 * visitors is not one company, while one address is one person. One query (the submission's email
 * by its key, then a range of `submissions_email_created_idx`). Empty for an unknown or erased id.
 */
export async function submissionHistory(db: Db, id: string, { limit = HISTORY_LIMIT }: { limit?: number } = {}): Promise<HistoryEntry[]> {
  if (!UUID.test(id)) return [];
  const self = alias(submissions, 'self');
  const email = db
    .select({ email: sql`lower(${self.contactEmail})` })
    .from(self)
    .where(and(sql`${self.id} = ${id}`, isNull(self.erasedAt), ne(self.contactEmail, '')));
  const rows = await db
    .select({ id: submissions.id, createdAt: submissions.createdAt, overallScore: submissions.overallScore, band: submissions.band })
    .from(submissions)
    .where(and(sql`lower(${submissions.contactEmail}) = (${email})`, isNull(submissions.erasedAt)))
    .orderBy(desc(submissions.createdAt), desc(submissions.id))
    .limit(limit);
  const oldestFirst = rows.reverse();
  return oldestFirst.map((row, index) => {
    const before = oldestFirst[index - 1];
    const delta = before && before.overallScore !== null && row.overallScore !== null ? row.overallScore - before.overallScore : null;
    const direction = delta === null ? null : delta > 0 ? 'up' : delta < 0 ? 'down' : 'same';
    return { ...row, delta, direction, current: row.id === id };
  });
}
