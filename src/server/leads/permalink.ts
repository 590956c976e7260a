import { eq } from 'drizzle-orm';
import type { Report } from '../../domain/report.ts';
import { readStoredReport } from '../../domain/schemas/report.ts';
import type { Db } from '../db/client.ts';
import { submissions, suspectedSubmissions } from '../db/schema.ts';

/**
 * The stored Report behind a permalink token: a submission's, or a suspected bot's
 * (`src/server/leads/decoy.ts`), which must render exactly alike so a bot cannot tell. Both
 * tables are read in one query, so neither answers measurably later than the other.
 * `unreadable`: the stored Report is malformed or of an unknown shape (`error` says where); logged.
 */
export async function findReportByToken(
  token: string,
  db: () => Promise<Db>,
): Promise<{ status: 'found'; report: Report } | { status: 'missing' } | { status: 'unavailable' } | { status: 'unreadable'; error: string }> {
  if (!/^[A-Za-z0-9_-]{20,64}$/.test(token)) return { status: 'missing' };
  let row: { report: unknown } | undefined;
  try {
    const database = await db();
    [row] = await database
      .select({ report: submissions.report })
      .from(submissions)
      .where(eq(submissions.token, token))
      .unionAll(database.select({ report: suspectedSubmissions.report }).from(suspectedSubmissions).where(eq(suspectedSubmissions.token, token)))
      .limit(1);
  } catch (error) {
    console.error('[permalink] database unavailable:', error);
    return { status: 'unavailable' };
  }
  if (!row) return { status: 'missing' };
  const read = readStoredReport(row.report);
  if (read.ok) return { status: 'found', report: read.report };
  console.error(`[permalink] stored report unreadable: ${read.error}`);
  return { status: 'unreadable', error: read.error };
}
