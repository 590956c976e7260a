import { eq } from 'drizzle-orm';
import type { Report } from '../domain/report.ts';
import { submissions } from './db/schema.ts';
import { db } from './runtime.ts';

/** The stored Report behind a permalink token. */
export async function findReportByToken(token: string): Promise<{ status: 'found'; report: Report } | { status: 'missing' } | { status: 'unavailable' }> {
  if (!/^[A-Za-z0-9_-]{20,64}$/.test(token)) return { status: 'missing' };
  try {
    const [row] = await (await db()).select({ report: submissions.report }).from(submissions).where(eq(submissions.token, token));
    return row ? { status: 'found', report: row.report } : { status: 'missing' };
  } catch (error) {
    console.error('[permalink] database unavailable:', error);
    return { status: 'unavailable' };
  }
}
