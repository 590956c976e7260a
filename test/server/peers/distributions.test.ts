import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { eq, sql } from 'drizzle-orm';
import { render } from 'preact-render-to-string';
import { h } from 'preact';
import { ALL_SEGMENT, dimensionSignature, HISTOGRAM_BUCKETS, peerStanding, type PeerDistribution, type PeerTexts } from '../../../src/domain/peers.ts';
import { localize } from '../../../src/domain/locale.ts';
import type { Report } from '../../../src/domain/report.ts';
import { peerDistributions, submissions, suspectedSubmissions } from '../../../src/server/db/schema.ts';
import { peerDistributionResponse, PEERS_CACHE_CONTROL, peerStandingFor, readDistribution, type PeersDeps } from '../../../src/server/peers/index.ts';
import { createSubmission } from '../../../src/server/leads/index.ts';
import { eraseSubmission } from '../../../src/server/leads/erasure.ts';
import { PeerStanding } from '../../../src/components/report/PeerStanding.tsx';
import { realQuestionnaire } from '../../helpers/content.ts';
import { openForSuite, TEST_DATABASES } from '../../helpers/db.ts';
import { clearLeadTables, jsonRequest, TEST_IP_HASH_SALT, testLeadDeps, validPayload } from '../../helpers/submission.ts';
import { fixtureContact, peerFixtureRows, type SubmissionRow } from '../../helpers/peers-fixture.ts';
import type { Db } from '../../../src/server/db/client.ts';

const q = realQuestionnaire();
const signature = dimensionSignature(q.dimensions.map((d) => d.id));
const minimum = q.segments.peers.minimumSample;
const texts = localize(q.ui.peers, 'es') as PeerTexts;

/** `rows` with their scores replaced: overall `overall[i]`, every dimension `overall[i]` too. */
function withScores(rows: SubmissionRow[], overall: readonly number[]): SubmissionRow[] {
  return rows.map((row, i) => {
    const report = row.report as Report;
    const score = overall[i]!;
    return { ...row, overallScore: score, report: { ...report, overall: { ...report.overall, score }, dimensions: report.dimensions.map((d) => ({ ...d, score })) } };
  });
}

describe.each(TEST_DATABASES)('peer distributions on $name', (testDb) => {
  const database = openForSuite(testDb);
  const db = (): Db => database.db;
  const now = new Date();
  let ip = 0;
  const deps = (): PeersDeps => ({ db: async () => db(), questionnaire: q, env: { IP_HASH_SALT: TEST_IP_HASH_SALT }, ip: `203.0.113.${(ip++ % 200) + 1}`, now: () => now });
  const get = async (segment = ALL_SEGMENT, scope = signature) => peerDistributionResponse({ scope, segment }, deps());
  const insert = async (rows: SubmissionRow[]) => {
    for (let i = 0; i < rows.length; i += 200) await db().insert(submissions).values(rows.slice(i, i + 200));
  };
  /** Makes the next read recompute. */
  const expire = () => db().update(peerDistributions).set({ computedAt: new Date(now.getTime() - 2 * 3_600_000) });

  beforeEach(async () => {
    await clearLeadTables(db());
    await db().delete(peerDistributions);
  });

  it('places a submission exactly where a count by hand puts it', async () => {
    // Overall scores 0, 3, 6, … 87: a score of 46 has 16 of the 30 below it (0 … 45): 53.33 %, shown as 53.
    const rows = withScores(peerFixtureRows(q, { count: 30, seed: 3, businessModels: ['saas'] }), Array.from({ length: 30 }, (_, i) => i * 3));
    await insert(rows);
    const body = (await (await get('saas')).json()) as PeerDistribution;
    const visitor = { overall: { score: 46 }, dimensions: q.dimensions.map((d) => ({ id: d.id, score: 45 })), segment: { businessModel: 'saas' } };
    // 45 is tied with one peer: the 15 strictly below (0 … 42) count, 50 %.
    expect(peerStanding(body, visitor)).toMatchObject({ enough: true, sample: 30, overall: 53, dimensions: q.dimensions.map((d) => ({ id: d.id, percentAhead: 50 })) });
    expect((await peerStandingFor(db(), visitor, q, { now })).overall).toBe(53);
  });

  it('places a fixture submission in a seeded crowd as an independent count of the stored scores does', async () => {
    const rows = peerFixtureRows(q, { count: 120, seed: 42, to: now });
    await insert(rows);
    const body = (await (await get()).json()) as PeerDistribution;
    expect(body.sample).toBe(120);
    const known = rows[17]!.report as Report;
    const share = (values: (number | null)[], score: number | null) => {
      const scored = values.filter((v): v is number => v !== null);
      return score === null ? null : Math.floor((100 * scored.filter((v) => v < score).length) / scored.length);
    };
    const reports = rows.map((r) => r.report as Report);
    const standing = peerStanding(body, known);
    expect(standing.overall).toBe(share(reports.map((r) => r.overall.score), known.overall.score));
    expect(standing.overall).toEqual(expect.any(Number));
    known.dimensions.forEach((d, i) => expect(standing.dimensions[i]!.percentAhead, d.id).toBe(share(reports.map((r) => r.dimensions[i]!.score), d.score)));
    // The crowd is spread, not one lump: scores cluster but cover a wide range.
    const overall = body.histograms!.overall!;
    const used = overall.flatMap((n, score) => (n > 0 ? [score] : []));
    expect(used.at(-1)! - used[0]!).toBeGreaterThan(40);
  });

  it('shows nothing below the minimum, and the page says how many responses are missing', async () => {
    await insert(peerFixtureRows(q, { count: minimum - 1, seed: 5, to: now }));
    const body = (await (await get()).json()) as PeerDistribution;
    expect(body).toMatchObject({ sample: minimum - 1, minimum, histograms: null });
    const report = peerFixtureRows(q, { count: 1, seed: 99 })[0]!.report as Report;
    const standing = await peerStandingFor(db(), report, q, { now });
    expect(standing).toMatchObject({ enough: false, needed: 1, overall: null });
    expect(standing.dimensions.every((d) => d.percentAhead === null)).toBe(true);
    const html = render(h(PeerStanding, { standing, t: texts, locale: 'es', dimensionNames: {} }));
    expect(html).toContain('Falta 1 respuesta para poder comparar tu resultado con el de otras empresas (29 de 30).');
    expect(html).toContain('Comparación con 29 diagnósticos completados');
    expect(html).not.toContain('Por delante');
  });

  it('leaves out suspected bots and earlier submissions of the same email that day, and still counts an erased lead', async () => {
    const logged = vi.spyOn(console, 'error').mockImplementation(() => {});
    try {
      await insert(peerFixtureRows(q, { count: 30, seed: 8, from: new Date(now.getTime() - 86_400_000 * 30), to: new Date(now.getTime() - 86_400_000 * 2) }));
      // The same address yesterday: another day, so it counts.
      const yesterday = new Date(now.getTime() - 86_400_000);
      await insert(peerFixtureRows(q, { count: 1, seed: 9 }).map((row) => ({ ...row, contactEmail: 'Ana@Example.com', createdAt: yesterday })));
      const leads = testLeadDeps(db(), q);
      const post = async (overrides: Parameters<typeof validPayload>[1]) => (await createSubmission(jsonRequest(validPayload(q, overrides)), leads)).status;
      expect(await post({})).toBe(201);
      // The same person again today, the address written otherwise: only this one counts.
      expect(await post({ contact: { ...validPayload(q).contact, email: 'ANA@example.com' } })).toBe(201);
      // A bot (the honeypot filled): answered like a person, kept apart, never counted.
      expect(await post({ website: 'https://spam.example' })).toBe(201);
      expect(await db().$count(suspectedSubmissions)).toBe(1);
      const [bob] = await db().insert(submissions).values(peerFixtureRows(q, { count: 1, seed: 10 }).map((row) => ({ ...row, contactEmail: 'bob@example.com', createdAt: now }))).returning({ id: submissions.id });
      expect(await eraseSubmission(db(), bob!.id, { actor: 'c1@example.com', crmTargets: [] })).toBe('erased');

      const counted = await db().select({ email: submissions.contactEmail, counts: submissions.countsInPeers }).from(submissions).where(sql`lower(${submissions.contactEmail}) = 'ana@example.com'`);
      expect(counted.map((r) => r.counts).sort()).toEqual([false, true, true]);
      await expire();
      const body = (await (await get()).json()) as PeerDistribution;
      // 30 earlier + yesterday's Ana + today's last Ana + the erased Bob; not the bot, not today's first Ana.
      expect(body.sample).toBe(33);
      expect(body.histograms!.overall!.reduce((a, b) => a + b, 0)).toBe(33);
      const [erased] = await db().select({ counts: submissions.countsInPeers, email: submissions.contactEmail }).from(submissions).where(eq(submissions.id, bob!.id));
      expect(erased).toEqual({ counts: true, email: '' });
    } finally {
      logged.mockRestore();
    }
  });

  it('serves only histograms, counts, period and minimum: no field holds anything of a submission', async () => {
    const rows = peerFixtureRows(q, { count: 45, seed: 11, to: now });
    await insert(rows);
    const segments = [ALL_SEGMENT, ...q.segments.businessModels.map((m) => m.id)];
    const secrets = rows.flatMap((row, i) => [fixtureContact(i).email, fixtureContact(i).name, fixtureContact(i).company, row.token!, row.idempotencyKey!, row.ipHash!]);
    for (const segment of segments) {
      const response = await get(segment);
      expect(response.status).toBe(200);
      const text = await response.text();
      const body = JSON.parse(text) as Record<string, unknown>;
      expect(Object.keys(body).sort()).toEqual(['histograms', 'minimum', 'periodEnd', 'periodStart', 'sample', 'scope', 'segment']);
      expect(body.scope).toBe(signature);
      expect(body.segment).toBe(segment);
      expect(body.minimum).toBe(minimum);
      expect(Number.isInteger(body.sample)).toBe(true);
      for (const key of ['periodStart', 'periodEnd']) expect(body[key], key).toMatch(/^\d{4}-\d{2}-\d{2}$/);
      const histograms = body.histograms as Record<string, unknown> | null;
      if ((body.sample as number) >= minimum) {
        expect(Object.keys(histograms!).sort()).toEqual(['overall', ...q.dimensions.map((d) => d.id)].sort());
        for (const counts of Object.values(histograms!)) {
          expect(counts).toHaveLength(HISTOGRAM_BUCKETS);
          expect((counts as unknown[]).every((n) => Number.isInteger(n) && (n as number) >= 0)).toBe(true);
        }
      } else {
        expect(histograms, segment).toBeNull();
      }
      for (const secret of secrets) expect(text.includes(secret), secret).toBe(false);
      // No instant of any submission: the period is given in days.
      expect(text).not.toMatch(/T\d{2}:\d{2}/);
    }
  });

  it('is cacheable by the CDN, and a refusal is not', async () => {
    const response = await get();
    expect(response.headers.get('cache-control')).toBe(PEERS_CACHE_CONTROL);
    expect(PEERS_CACHE_CONTROL).toBe('public, max-age=300, s-maxage=3600, stale-while-revalidate=86400');
    expect(response.headers.get('content-type')).toMatch(/^application\/json/);
    expect((await get('nope')).headers.get('cache-control')).toBe('no-store');
  });

  it('refuses a malformed scope or an unknown segment naming the field, and another questionnaire\'s scope', async () => {
    const bad = await peerDistributionResponse({ scope: '../etc', segment: 'martians' }, deps());
    expect(bad.status).toBe(400);
    expect(((await bad.json()) as { issues: { path: string[] }[] }).issues.map((i) => i.path[0])).toEqual(['scope', 'segment']);
    const missing = await peerDistributionResponse({}, deps());
    expect(missing.status).toBe(400);
    const other = await get(ALL_SEGMENT, dimensionSignature(['only-one']));
    expect(other.status).toBe(404);
    expect(((await other.json()) as { issues: { path: string[] }[] }).issues[0]!.path).toEqual(['scope']);
  });

  it('answers 503 when the database is unavailable', async () => {
    const logged = vi.spyOn(console, 'error').mockImplementation(() => {});
    const response = await peerDistributionResponse({ scope: signature, segment: ALL_SEGMENT }, { ...deps(), db: async () => { throw new Error('down'); } });
    expect(response.status).toBe(503);
    expect(response.headers.get('retry-after')).toBe('60');
    logged.mockRestore();
  });

  describe('parallel requests', () => {
    beforeEach(async () => {
      // Counts recomputations: each one replaces the rows of its signature with one delete.
      for (const statement of [
        'create table if not exists peer_recomputes (n int)',
        'delete from peer_recomputes',
        'create or replace function count_peer_recompute() returns trigger language plpgsql as $$ begin insert into peer_recomputes values (1); return null; end $$',
        'drop trigger if exists count_peer_recompute on peer_distributions',
        'create trigger count_peer_recompute after delete on peer_distributions for each statement execute function count_peer_recompute()',
      ]) await db().execute(sql.raw(statement));
    });
    afterEach(async () => {
      await db().execute(sql.raw('drop trigger if exists count_peer_recompute on peer_distributions'));
      await db().execute(sql.raw('drop table if exists peer_recomputes'));
    });
    const recomputes = async () => Number(((await db().execute(sql`select count(*) as n from peer_recomputes`)) as unknown as { rows: { n: number | string }[] }).rows[0]!.n);

    it('compute the first distribution once, and all answer it', async () => {
      await insert(peerFixtureRows(q, { count: 40, seed: 13, to: now }));
      const responses = await Promise.all(Array.from({ length: 8 }, () => get()));
      const bodies = await Promise.all(responses.map((r) => r.text()));
      expect(responses.every((r) => r.status === 200)).toBe(true);
      expect(new Set(bodies).size).toBe(1);
      expect(JSON.parse(bodies[0]!)).toMatchObject({ sample: 40 });
      expect(await recomputes()).toBe(1);
    });

    it('recompute a stale distribution once, the others answering the last one meanwhile', async () => {
      await insert(peerFixtureRows(q, { count: 40, seed: 14, to: new Date(now.getTime() - 3_600_000) }));
      await readDistribution(db(), signature, ALL_SEGMENT, { minimum, now });
      await insert(peerFixtureRows(q, { count: 5, seed: 15, to: now }));
      await expire();
      const before = await recomputes();
      const responses = await Promise.all(Array.from({ length: 8 }, () => get()));
      const samples = await Promise.all(responses.map(async (r) => ((await r.json()) as PeerDistribution).sample));
      expect(samples.every((s) => s === 40 || s === 45)).toBe(true);
      expect(await recomputes()).toBe(before + 1);
      expect(((await (await get()).json()) as PeerDistribution).sample).toBe(45);
    });
  });
});
