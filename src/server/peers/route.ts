import { dimensionSignature, ALL_SEGMENT, type PeerDistribution } from '../../domain/peers.ts';
import type { Questionnaire } from '../../domain/schemas/questionnaire.ts';
import type { Db } from '../db/client.ts';
import type { Env } from '../env.ts';
import { json, jsonError, type FieldIssue } from '../lib/http.ts';
import { hashIp, HOUR_MS, takeSlot, type RateLimit } from '../lib/rate-limit.ts';
import { readDistribution } from './distributions.ts';

/**
 * Browsers keep it 5 minutes, Vercel's CDN an hour, and serve a stale copy for a day while it
 * fetches a new one: the distribution changes slowly and holds nothing personal.
 */
export const PEERS_CACHE_CONTROL = 'public, max-age=300, s-maxage=3600, stale-while-revalidate=86400';

/**
 * Requests per IP per hour that reach the function (the CDN answers most): a results page asks
 * once or twice, so only a script reaches it.
 */
const PEERS_LIMIT: RateLimit = { bucket: 'peers:ip', limit: 600, windowMs: HOUR_MS };

const SIGNATURE = /^[0-9a-f]{8}$/;

export interface PeersDeps {
  /** The database; throws when it is unavailable. */
  db: () => Promise<Db>;
  questionnaire: Pick<Questionnaire, 'dimensions' | 'segments'>;
  env: Pick<Env, 'IP_HASH_SALT'>;
  /** The client's IP address, as the platform reports it. */
  ip: string;
  now?: () => Date;
}

/**
 * `GET /api/peers/<scope>/<segment>.json`: the distribution of the scores of the current
 * questionnaire's dimensions (`scope`, their `dimensionSignature`) among the companies of a business
 * model or `all` (`PeerDistribution`): histograms, sample, period (UTC days) and minimum, the
 * histograms only once the sample reached the minimum. `400 {error, issues}` naming `scope` or
 * `segment` when malformed or unknown, `404` for another questionnaire's scope, `429`, `503`.
 */
export async function peerDistributionResponse(params: { scope?: string | undefined; segment?: string | undefined }, deps: PeersDeps): Promise<Response> {
  const { questionnaire } = deps;
  const segments = [ALL_SEGMENT, ...questionnaire.segments.businessModels.map((m) => m.id)];
  const issues: FieldIssue[] = [];
  if (!params.scope || !SIGNATURE.test(params.scope)) issues.push({ path: ['scope'], message: 'must be 8 lowercase hexadecimal digits (the signature of the questionnaire\'s dimensions)' });
  if (!params.segment || !segments.includes(params.segment)) issues.push({ path: ['segment'], message: `must be one of: ${segments.join(', ')}` });
  if (issues.length > 0) return jsonError(400, 'Invalid peer distribution request', issues);
  const scope = params.scope!;
  const segment = params.segment!;
  // Only the current dimensions: an arbitrary scope would start a recomputation of its own.
  if (scope !== dimensionSignature(questionnaire.dimensions.map((d) => d.id)))
    return jsonError(404, 'No peer distribution for this scope', [{ path: ['scope'], message: 'is not the signature of the current questionnaire\'s dimensions' }]);

  const now = deps.now?.() ?? new Date();
  try {
    const db = await deps.db();
    const slot = await takeSlot(db, PEERS_LIMIT, hashIp(deps.ip, deps.env.IP_HASH_SALT), now);
    if (!slot.allowed) return jsonError(429, 'Too many requests from this address; try again later.', undefined, { 'retry-after': String(slot.retryAfterSeconds) });
    const distribution: PeerDistribution = await readDistribution(db, scope, segment, { minimum: questionnaire.segments.peers.minimumSample, now });
    return json(distribution, 200, { 'cache-control': PEERS_CACHE_CONTROL });
  } catch (error) {
    console.error('[peers] database unavailable:', error instanceof Error ? error.message : error);
    return jsonError(503, 'The database is unavailable', undefined, { 'retry-after': '60' });
  }
}
