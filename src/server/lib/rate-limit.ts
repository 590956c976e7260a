import { createHash } from 'node:crypto';
import { lt, sql } from 'drizzle-orm';
import type { Queryable } from '../db/client.ts';
import { rateLimitCounters } from '../db/schema.ts';


/** One limit: at most `limit` hits per key in each fixed window of `windowMs`. */
export interface RateLimit {
  /** Names the limit in the counters table, e.g. `submissions:ip`. */
  bucket: string;
  limit: number;
  windowMs: number;
}

export interface SlotResult {
  allowed: boolean;
  /** Hits in this window, this one included. */
  hits: number;
  /** Seconds until the window ends: the `Retry-After` of a refusal. */
  retryAfterSeconds: number;
  /** When the window ends. */
  resetAt: Date;
}

export const HOUR_MS = 3_600_000;
export const DAY_MS = 86_400_000;

/** Salted SHA-256: a limit needs to recognise an IP, not to know it. Only hashes are stored. */
export function hashIp(ip: string, salt: string): string {
  return createHash('sha256').update(`${salt}:${ip}`).digest('hex');
}

/**
 * Takes one slot of `rule` for `key`, atomically: one `INSERT … ON CONFLICT DO UPDATE … RETURNING`
 * increments the window's counter, so parallel requests (Postgres or PGlite) each see a distinct
 * count and exactly `limit` of them are allowed. Windows are fixed (aligned to the epoch), so a
 * client may spend two windows' worth across a boundary; never more.
 * @example const slot = await takeSlot(tx, { bucket: 'submissions:ip', limit: 10, windowMs: HOUR_MS }, ipHash);
 */
export async function takeSlot(db: Queryable, rule: RateLimit, key: string, now: Date = new Date()): Promise<SlotResult> {
  const windowStart = new Date(Math.floor(now.getTime() / rule.windowMs) * rule.windowMs);
  const [row] = await db
    .insert(rateLimitCounters)
    .values({ bucket: rule.bucket, key, windowStart, hits: 1 })
    .onConflictDoUpdate({
      target: [rateLimitCounters.bucket, rateLimitCounters.key, rateLimitCounters.windowStart],
      set: { hits: sql`${rateLimitCounters.hits} + 1` },
    })
    .returning({ hits: rateLimitCounters.hits });
  const hits = row!.hits;
  const resetAt = new Date(windowStart.getTime() + rule.windowMs);
  return { allowed: hits <= rule.limit, hits, resetAt, retryAfterSeconds: Math.max(1, Math.ceil((resetAt.getTime() - now.getTime()) / 1000)) };
}

/** Thrown inside a transaction to undo it when a slot was refused; carries the refusal. */
export class RateLimited extends Error {
  readonly slot: SlotResult;
  constructor(slot: SlotResult) {
    super('rate limited');
    this.slot = slot;
  }
}

/** Deletes counters of windows that started more than two days ago (the longest window is a day). */
export async function pruneRateLimits(db: Queryable, now: Date = new Date()): Promise<void> {
  await db.delete(rateLimitCounters).where(lt(rateLimitCounters.windowStart, new Date(now.getTime() - 2 * DAY_MS)));
}
