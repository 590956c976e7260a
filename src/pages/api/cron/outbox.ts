import type { APIRoute } from 'astro';
import { timingSafeEqual } from 'node:crypto';
import { env } from '../../../server/env.ts';
import { db, mailer } from '../../../server/runtime.ts';
import { deliverPending } from '../../../server/outbox.ts';
import { json, jsonError } from '../../../server/http.ts';

export const prerender = false;

function authorized(header: string | null, secret: string): boolean {
  const expected = Buffer.from(`Bearer ${secret}`);
  const given = Buffer.from(header ?? '');
  return given.length === expected.length && timingSafeEqual(given, expected);
}

/** Retries due emails; called by Vercel Cron (vercel.json) and `npm run outbox`. */
export const GET: APIRoute = async ({ request, url }) => {
  if (!authorized(request.headers.get('authorization'), env().CRON_SECRET)) return jsonError(401, 'Authorization: Bearer <CRON_SECRET> required');
  try {
    const result = await deliverPending(await db(), mailer(), { ignoreBackoff: url.searchParams.get('all') === '1' });
    return json(result);
  } catch (error) {
    console.error('[cron] outbox delivery failed:', error);
    return jsonError(503, 'The database is unavailable', undefined, { 'retry-after': '60' });
  }
};
