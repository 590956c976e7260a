import { randomBytes } from 'node:crypto';
import { and, eq, isNull } from 'drizzle-orm';
import { readStoredReport } from '../../domain/schemas/report.ts';
import type { Report } from '../../domain/report.ts';
import type { Db } from '../db/client.ts';
import { submissions, suspectedSubmissions } from '../db/schema.ts';
import type { Env } from '../env.ts';
import { ok, type Outcome, type Refusal } from '../lib/form.ts';
import { hashIp, HOUR_MS, RateLimited, takeSlot, type RateLimit } from '../lib/rate-limit.ts';

/** What creating or stopping a share link needs: the database, the client's IP and the limits' settings. */
export interface ShareDeps {
  db: () => Promise<Db>;
  env: Pick<Env, 'IP_HASH_SALT' | 'RATE_LIMIT_PER_HOUR'>;
  ip: string;
  now?: () => Date;
}

/** A share token as `newShareToken` makes it; anything else is not looked up. */
const SHARE_TOKEN = /^[A-Za-z0-9_-]{32}$/;
/** A permalink token (`submissions.token`), as `findReportByToken` accepts it. */
const PERMALINK_TOKEN = /^[A-Za-z0-9_-]{20,64}$/;

/** 192 random bits, URL-safe, unrelated to the permalink's secret: the share link never leads back to it. */
export function newShareToken(): string {
  return randomBytes(24).toString('base64url');
}

/** The public page of a share token: `/<locale>/s/<token>/`. */
export function sharePath(locale: string, shareToken: string): string {
  return `/${locale}/s/${shareToken}/`;
}

/** Its preview image (Open Graph): per token, so a new link never shows a cached image of an old one. */
export function shareImagePath(locale: string, shareToken: string): string {
  return `${sharePath(locale, shareToken)}og.png`;
}

/** Share links created or stopped per IP per hour: as many as submissions, counted apart. */
function shareLimit(env: ShareDeps['env']): RateLimit {
  return { bucket: 'share:ip', limit: env.RATE_LIMIT_PER_HOUR, windowMs: HOUR_MS };
}

function unavailable(error: unknown): Refusal {
  console.error('[share] database unavailable:', error instanceof Error ? error.message : error);
  return { kind: 'unavailable', error: 'The database is unavailable; nothing was changed. Retry later.' };
}

const NOT_FOUND: Refusal = { kind: 'not-found', error: 'No report at this address' };

/**
 * The share token of the report behind a permalink, or null while it is not shared (or the
 * permalink is unknown, or a suspected bot's: nothing of those is ever shared).
 */
export async function currentShareToken(permalinkToken: string, db: () => Promise<Db>): Promise<string | null> {
  if (!PERMALINK_TOKEN.test(permalinkToken)) return null;
  const [row] = await (await db())
    .select({ shareToken: submissions.shareToken })
    .from(submissions)
    .where(and(eq(submissions.token, permalinkToken), isNull(submissions.erasedAt)));
  return row?.shareToken ?? null;
}

/**
 * "Create a share link", from a permalink's page: the report's share token, made now or the one it
 * already has (asking twice gives the same link). A suspected bot's permalink gets a token that
 * leads nowhere, so its page answers alike; an unknown one is `not-found`.
 */
export async function shareResults(permalinkToken: string, deps: ShareDeps): Promise<Outcome<{ shareToken: string }>> {
  return changeSharing(permalinkToken, deps, newShareToken, async (tx, row) => {
    if (row.shareToken) return row.shareToken;
    const shareToken = newShareToken();
    await tx.update(submissions).set({ shareToken }).where(eq(submissions.id, row.id));
    return shareToken;
  });
}

/** "Stop sharing": the link stops working at once; a later "create" makes a new one. */
export async function stopSharing(permalinkToken: string, deps: ShareDeps): Promise<Outcome<{ shareToken: null }>> {
  return changeSharing(permalinkToken, deps, () => null, async (tx, row) => {
    if (row.shareToken) await tx.update(submissions).set({ shareToken: null }).where(eq(submissions.id, row.id));
    return null;
  });
}

type Tx = Parameters<Parameters<Db['transaction']>[0]>[0];

async function changeSharing<T extends string | null>(
  permalinkToken: string,
  deps: ShareDeps,
  /** What a suspected bot's permalink answers, without storing anything. */
  decoy: () => T,
  change: (tx: Tx, row: { id: string; shareToken: string | null }) => Promise<T>,
): Promise<Outcome<{ shareToken: T }>> {
  if (!PERMALINK_TOKEN.test(permalinkToken)) return NOT_FOUND;
  const now = deps.now?.() ?? new Date();
  try {
    const db = await deps.db();
    const result = await db.transaction(async (tx) => {
      const slot = await takeSlot(tx, shareLimit(deps.env), hashIp(deps.ip, deps.env.IP_HASH_SALT), now);
      if (!slot.allowed) throw new RateLimited(slot);
      const [row] = await tx
        .select({ id: submissions.id, shareToken: submissions.shareToken })
        .from(submissions)
        .where(and(eq(submissions.token, permalinkToken), isNull(submissions.erasedAt)))
        .for('update');
      if (row) return { shareToken: await change(tx, row) };
      const [suspected] = await tx.select({ id: suspectedSubmissions.id }).from(suspectedSubmissions).where(eq(suspectedSubmissions.token, permalinkToken));
      return suspected ? { shareToken: decoy() } : null;
    });
    return result ? ok(result) : NOT_FOUND;
  } catch (error) {
    if (error instanceof RateLimited) return { kind: 'rate-limited', error: 'Too many share requests from this address; try again later.', retryAfterSeconds: error.slot.retryAfterSeconds };
    return unavailable(error);
  }
}

/**
 * The stored Report behind a share token, while the link is shared. `unreadable`: the stored
 * Report is malformed (logged), as on the permalink.
 */
export async function findSharedReport(
  shareToken: string,
  db: () => Promise<Db>,
): Promise<{ status: 'found'; report: Report } | { status: 'missing' } | { status: 'unavailable' } | { status: 'unreadable' }> {
  if (!SHARE_TOKEN.test(shareToken)) return { status: 'missing' };
  let row: { report: unknown } | undefined;
  try {
    [row] = await (await db())
      .select({ report: submissions.report })
      .from(submissions)
      .where(and(eq(submissions.shareToken, shareToken), isNull(submissions.erasedAt)));
  } catch (error) {
    console.error('[share] database unavailable:', error);
    return { status: 'unavailable' };
  }
  if (!row) return { status: 'missing' };
  const read = readStoredReport(row.report);
  if (read.ok) return { status: 'found', report: read.report };
  console.error(`[share] stored report unreadable: ${read.error}`);
  return { status: 'unreadable' };
}
