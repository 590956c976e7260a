import type { APIRoute } from 'astro';
import { timingSafeEqual } from 'node:crypto';
import { env } from '../../../server/env.ts';
import { outboxDeps } from '../../../server/runtime.ts';
import { drainOutbox } from '../../../server/outbox/index.ts';
import { pruneRateLimits } from '../../../server/lib/rate-limit.ts';
import { pruneSuspectedSubmissions } from '../../../server/leads/index.ts';
import { json, jsonError } from '../../../server/lib/http.ts';

export const prerender = false;

/** Stays under the shortest serverless function limit, with room to answer. */
const BUDGET_MS = 50_000;

function authorized(header: string | null, secret: string): boolean {
  const expected = Buffer.from(`Bearer ${secret}`);
  const given = Buffer.from(header ?? '');
  return given.length === expected.length && timingSafeEqual(given, expected);
}

/**
 * The safety net behind the drain that follows every response: sends every due email in
 * batches within a time budget (`?all=1` also those waiting for their backoff) and prunes
 * old rate-limit counters and quarantined bot submissions. Called daily by Vercel Cron (vercel.json) and by `npm run outbox`.
 */
export const GET: APIRoute = async ({ request, url }) => {
  if (!authorized(request.headers.get('authorization'), env().CRON_SECRET)) return jsonError(401, 'Authorization: Bearer <CRON_SECRET> required');
  try {
    const { db, mailer, ceilings } = outboxDeps();
    const database = await db();
    const result = await drainOutbox(database, mailer, { ceilings, ignoreBackoff: url.searchParams.get('all') === '1', budgetMs: BUDGET_MS });
    await pruneRateLimits(database);
    await pruneSuspectedSubmissions(database);
    return json(result);
  } catch (error) {
    console.error('[cron] outbox delivery failed:', error);
    return jsonError(503, 'The database is unavailable', undefined, { 'retry-after': '60' });
  }
};
