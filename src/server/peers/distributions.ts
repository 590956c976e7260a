import { and, eq, gte, inArray, isNotNull, like, lte, ne, sql } from 'drizzle-orm';
import {
  ALL_SEGMENT, dimensionSignature, emptyHistogram, OVERALL, peerSegments, peerStanding, preferredStanding, scopeKey,
  type PeerDistribution, type PeerScores, type PeerStanding,
} from '../../domain/peers.ts';
import { readStoredDimensions } from '../../domain/schemas/report.ts';
import type { Segments } from '../../domain/schemas/segment.ts';
import type { Db } from '../db/client.ts';
import { peerDistributions, submissions } from '../db/schema.ts';
import { HOUR_MS } from '../lib/rate-limit.ts';

/**
 * The peer distributions: recomputed from `submissions` into `peer_distributions` when older than
 * `STALE_AFTER_MS`, one process at a time, and read from there by the JSON route, the permalink and
 * the report email. Only submissions that count (`counts_in_peers`: a later one from the same email
 * the same UTC day replaces an earlier one) are counted, erased leads included (their scores and
 * segment stay); suspected bots are in another table and never counted.
 */

/** How old a distribution may be before a read recomputes it. */
export const STALE_AFTER_MS = HOUR_MS;

/** The first key of the advisory lock of a recomputation (the second is the signature's hash): "peer". */
const LOCK_CLASS = 0x70656572;

/** The questionnaire versions' dimension signatures, learnt once per process: a version's dimensions never change. */
const versionSignatures = new Map<string, string | null>();

/** The business model a submission counts under, or `null` without one. */
type Model = string | null;

/**
 * Recomputes every distribution of `signature` (each business model and `all`) from the stored
 * submissions, replacing its rows. The signature's dimension ids come from a stored Report.
 * Cost: two scans of the submissions that count (one for the counts, sample and period; one for
 * the histograms, expanding each Report's dimensions), so linear in their number: run at most once
 * an hour per signature, under the advisory lock of `refreshIfStale`.
 */
export async function recomputeDistributions(db: Db, signature: string, now: Date = new Date()): Promise<void> {
  const { versions, dimensionIds } = await versionsWithSignature(db, signature);
  const counted = versions.length > 0 ? and(eq(submissions.countsInPeers, true), inArray(submissions.questionnaireVersion, versions)) : sql`false`;
  const businessModel = sql<Model>`${submissions.segment}->>'businessModel'`;
  const [samples, scoreRows] = versions.length === 0
    ? [[], []]
    : await Promise.all([
      db
        .select({ model: businessModel, sample: sql<number>`count(*)`.mapWith(Number), start: sql<Date>`min(${submissions.createdAt})`.mapWith(submissions.createdAt), end: sql<Date>`max(${submissions.createdAt})`.mapWith(submissions.createdAt) })
        .from(submissions)
        .where(counted)
        .groupBy(businessModel),
      // Overall score and each dimension's, per business model and score: at most models × 8 × 101 rows.
      db.execute(sql`
        select ${businessModel} as model, ${OVERALL} as key, ${submissions.overallScore} as score, count(*) as n
          from ${submissions} where ${counted} and ${isNotNull(submissions.overallScore)}
          group by 1, 2, 3
        union all
        select ${businessModel} as model, d->>'id' as key, (d->>'score')::numeric::int as score, count(*) as n
          from ${submissions} cross join lateral jsonb_array_elements(${submissions.report}->'dimensions') as d
          where ${counted} and jsonb_typeof(d->'score') = 'number'
          group by 1, 2, 3`).then((result) => (result as unknown as { rows: { model: Model; key: string; score: number | string; n: number | string }[] }).rows),
    ]);

  const keys = [OVERALL, ...dimensionIds];
  const distributions = new Map<string, { sample: number; start: Date | null; end: Date | null; histograms: Record<string, number[]> }>();
  const distribution = (segment: string) => {
    let found = distributions.get(segment);
    if (!found) {
      found = { sample: 0, start: null, end: null, histograms: Object.fromEntries(keys.map((key) => [key, emptyHistogram()])) };
      distributions.set(segment, found);
    }
    return found;
  };
  distribution(ALL_SEGMENT);
  for (const row of samples) {
    for (const segment of row.model && row.model !== ALL_SEGMENT ? [row.model, ALL_SEGMENT] : [ALL_SEGMENT]) {
      const d = distribution(segment);
      d.sample += row.sample;
      if (!d.start || row.start < d.start) d.start = row.start;
      if (!d.end || row.end > d.end) d.end = row.end;
    }
  }
  for (const row of scoreRows) {
    const score = Number(row.score);
    if (!Number.isInteger(score) || score < 0 || score > 100) continue;
    for (const segment of row.model && row.model !== ALL_SEGMENT ? [row.model, ALL_SEGMENT] : [ALL_SEGMENT]) {
      const histogram = distribution(segment).histograms[row.key];
      if (histogram) histogram[score]! += Number(row.n);
    }
  }

  await db.transaction(async (tx) => {
    await tx.delete(peerDistributions).where(like(peerDistributions.scope, `${signature}:%`));
    await tx.insert(peerDistributions).values(
      [...distributions].map(([segment, d]) => ({
        scope: scopeKey(signature, segment), sample: d.sample, histograms: d.histograms, periodStart: d.start, periodEnd: d.end, computedAt: now,
      })),
    );
  });
}

/**
 * The questionnaire versions whose Reports have the dimensions of `signature`, and those dimension
 * ids (in a Report's order). One grouped scan for the versions, then one Report per version not yet
 * known to this process.
 */
async function versionsWithSignature(db: Db, signature: string): Promise<{ versions: string[]; dimensionIds: string[] }> {
  const stored = await db.selectDistinct({ version: submissions.questionnaireVersion }).from(submissions).where(eq(submissions.countsInPeers, true));
  const versions: string[] = [];
  let dimensionIds: string[] = [];
  for (const { version } of stored) {
    if (!versionSignatures.has(version)) {
      const [row] = await db.select({ dimensions: sql<unknown>`${submissions.report}->'dimensions'` }).from(submissions).where(eq(submissions.questionnaireVersion, version)).limit(1);
      const dimensions = row ? readStoredDimensions(row.dimensions) : null;
      versionSignatures.set(version, dimensions ? dimensionSignature(dimensions.map((d) => d.id)) : null);
      if (dimensions && versionSignatures.get(version) === signature) dimensionIds = dimensions.map((d) => d.id);
    }
    if (versionSignatures.get(version) === signature) versions.push(version);
  }
  if (versions.length > 0 && dimensionIds.length === 0) {
    const [row] = await db.select({ dimensions: sql<unknown>`${submissions.report}->'dimensions'` }).from(submissions).where(eq(submissions.questionnaireVersion, versions[0]!)).limit(1);
    dimensionIds = readStoredDimensions(row?.dimensions)?.map((d) => d.id) ?? [];
  }
  return { versions, dimensionIds };
}

/** Options of a read: the minimum sample, the time now, and how old a distribution may be. */
interface ReadOptions {
  now?: Date | undefined;
  maxAgeMs?: number | undefined;
}

/**
 * Recomputes the distributions of `signature` when they are missing or older than `maxAgeMs`,
 * once across processes: the first request takes a transaction-scoped advisory lock
 * (`pg_try_advisory_xact_lock`) and recomputes; the others meanwhile answer from the rows they
 * have (stale but whole), or, when there are none yet, wait for the lock and read what it wrote.
 * `computedAt`: when the rows were computed, if the caller has just read them (saves a query).
 */
export async function refreshIfStale(db: Db, signature: string, options: ReadOptions & { computedAt?: Date | null } = {}): Promise<void> {
  const now = options.now ?? new Date();
  const maxAgeMs = options.maxAgeMs ?? STALE_AFTER_MS;
  // Read through the transaction once in one: PGlite has a single connection.
  const computedAt = async (q: Pick<Db, 'select'>): Promise<Date | null> => {
    const [row] = await q.select({ computedAt: peerDistributions.computedAt }).from(peerDistributions).where(eq(peerDistributions.scope, scopeKey(signature, ALL_SEGMENT)));
    return row?.computedAt ?? null;
  };
  const before = options.computedAt !== undefined ? options.computedAt : await computedAt(db);
  if (isFresh(before, now, maxAgeMs)) return;
  await db.transaction(async (tx) => {
    const lock = sql`${LOCK_CLASS}::int, hashtext(${signature})`;
    if (before === null) await tx.execute(sql`select pg_advisory_xact_lock(${lock})`);
    else {
      const result = await tx.execute(sql`select pg_try_advisory_xact_lock(${lock}) as locked`);
      if (!(result as unknown as { rows: { locked: boolean }[] }).rows[0]?.locked) return;
    }
    // Another process may have recomputed while this one waited for the lock.
    if (isFresh(await computedAt(tx), now, maxAgeMs)) return;
    await recomputeDistributions(tx as unknown as Db, signature, now);
  });
}

const isFresh = (at: Date | null, now: Date, maxAgeMs: number) => at !== null && now.getTime() - at.getTime() < maxAgeMs;

/** A `Date` as the UTC day it falls on: `2026-11-26`. */
const utcDay = (date: Date | null) => (date ? date.toISOString().slice(0, 10) : null);

/**
 * The distributions of `signature` for `segments`, as served: the histograms only when the sample
 * reached `minimum`; a segment nobody chose yet reads as empty. One query when they are fresh (the
 * common case: every submission's email reads them); refreshed first when stale.
 */
export async function readDistributions(db: Db, signature: string, segments: readonly string[], options: ReadOptions & { minimum: number }): Promise<PeerDistribution[]> {
  const now = options.now ?? new Date();
  const read = () => db.select().from(peerDistributions).where(inArray(peerDistributions.scope, [...new Set([ALL_SEGMENT, ...segments])].map((segment) => scopeKey(signature, segment))));
  let rows = await read();
  const computedAt = rows.find((row) => row.scope === scopeKey(signature, ALL_SEGMENT))?.computedAt ?? null;
  if (!isFresh(computedAt, now, options.maxAgeMs ?? STALE_AFTER_MS)) {
    await refreshIfStale(db, signature, { ...options, now, computedAt });
    rows = await read();
  }
  return segments.map((segment) => {
    const row = rows.find((r) => r.scope === scopeKey(signature, segment));
    const sample = row?.sample ?? 0;
    return {
      scope: signature,
      segment,
      sample,
      minimum: options.minimum,
      periodStart: utcDay(row?.periodStart ?? null),
      periodEnd: utcDay(row?.periodEnd ?? null),
      histograms: row && sample >= options.minimum ? row.histograms : null,
    };
  });
}

/** One distribution of `readDistributions`. */
export async function readDistribution(db: Db, signature: string, segment: string, options: ReadOptions & { minimum: number }): Promise<PeerDistribution> {
  return (await readDistributions(db, signature, [segment], options))[0]!;
}

/** A stored Report's part the standing reads: its scores and segment. */
export type StandingReport = PeerScores & { segment: { businessModel: string | null } };

/**
 * Where a stored Report stands among its peers, on the server (the permalink page, the report
 * email): within its business model when that has enough submissions, else among all companies
 * (see `preferredStanding`). Its own dimensions decide the distribution, so an old Report is
 * compared with the Reports of its own dimensions.
 */
export async function peerStandingFor(db: Db, report: StandingReport, questionnaire: { segments: Pick<Segments, 'peers'> }, options: { now?: Date } = {}): Promise<PeerStanding> {
  const { minimumSample, allCompaniesOnly } = questionnaire.segments.peers;
  const signature = dimensionSignature(report.dimensions.map((d) => d.id));
  const distributions = await readDistributions(db, signature, peerSegments(report.segment.businessModel, allCompaniesOnly), { minimum: minimumSample, ...options });
  return preferredStanding(distributions.map((distribution) => peerStanding(distribution, report)))!;
}

/** Forgets the versions' signatures learnt (tests that reuse a version id with other dimensions). */
export function forgetVersionSignatures(): void {
  versionSignatures.clear();
}

/**
 * Leaves out of the peer distributions the earlier submissions of the same email (case-insensitive)
 * on the same UTC day as `latest`: a person who retook the diagnostic counts once, with their last
 * answers. Run in the transaction that stores `latest`; an index range scan on
 * `submissions_email_created_idx` (lower(contact_email), created_at). Erased leads have an empty email and are never matched.
 */
export async function excludeEarlierSameDay(tx: Pick<Db, 'update'>, latest: { id: string; contactEmail: string; createdAt: Date }): Promise<void> {
  if (!latest.contactEmail) return;
  const dayStart = new Date(Date.UTC(latest.createdAt.getUTCFullYear(), latest.createdAt.getUTCMonth(), latest.createdAt.getUTCDate()));
  await tx
    .update(submissions)
    .set({ countsInPeers: false })
    .where(and(
      sql`lower(${submissions.contactEmail}) = lower(${latest.contactEmail})`,
      gte(submissions.createdAt, dayStart),
      lte(submissions.createdAt, latest.createdAt),
      ne(submissions.id, latest.id),
      eq(submissions.countsInPeers, true),
    ));
}
