import type { APIRoute } from 'astro';
import { timingSafeEqual } from 'node:crypto';
import { env } from '../../../server/env.ts';
import { crmDeps, outboxDeps } from '../../../server/runtime.ts';
import { drainCrm } from '../../../server/crm/index.ts';
import { drainOutbox } from '../../../server/outbox/index.ts';
import { pruneRateLimits } from '../../../server/lib/rate-limit.ts';
import { pruneSuspectedSubmissions } from '../../../server/leads/index.ts';
import { json, jsonError } from '../../../server/lib/http.ts';

export const prerender = false;

/** Emails, then CRM events: together under the shortest serverless function limit, with room to answer. */
const BUDGET_MS = 30_000;
const CRM_BUDGET_MS = 20_000;

function authorized(header: string | null, secret: string): boolean {
  const expected = Buffer.from(`Bearer ${secret}`);
  const given = Buffer.from(header ?? '');
  return given.length === expected.length && timingSafeEqual(given, expected);
}

/**
 * The safety net behind the drain that follows every response: sends every due email, then
 * delivers every due CRM event (`crm`), in batches within a time budget (`?all=1` also those
 * waiting for their backoff), and prunes old rate-limit counters and quarantined bot submissions. Called daily by Vercel Cron (vercel.json) and by `npm run outbox`.
 */
export const GET: APIRoute = async ({ request, url }) => {
  if (!authorized(request.headers.get('authorization'), env().CRON_SECRET)) return jsonError(401, 'Authorization: Bearer <CRON_SECRET> required');
  try {
    const { db, mailer, ceilings, suppressionSalt, render } = outboxDeps();
    const database = await db();
    const all = url.searchParams.get('all') === '1';
    const result = await drainOutbox(database, mailer, { ceilings, suppressionSalt, render, ignoreBackoff: all, budgetMs: BUDGET_MS });
    const crm = await drainCrm(database, (await crmDeps()).config, { ignoreBackoff: all, budgetMs: CRM_BUDGET_MS });
    await pruneRateLimits(database);
    await pruneSuspectedSubmissions(database);
    return json({ ...result, crm });
  } catch (error) {
    console.error('[cron] outbox delivery failed:', error);
    return jsonError(503, 'The database is unavailable', undefined, { 'retry-after': '60' });
  }
};
