import { beforeEach, describe, expect, it, vi } from 'vitest';
import { useTestStorageEngine } from '@nanostores/persistent';
import { answer, initDiagnostic, setSegment, startOver } from '../../src/stores/diagnostic.ts';
import { $report, initResults } from '../../src/stores/results.ts';
import { $peerDistributions, $peerStanding } from '../../src/stores/peers.ts';
import { dimensionSignature, histogramOf, placeInDistribution, type PeerDistribution } from '../../src/domain/peers.ts';
import { localize } from '../../src/domain/locale.ts';
import { reportQuestionnaire } from '../../src/domain/report.ts';
import { realQuestionnaire } from '../helpers/content.ts';
import { validPayload } from '../helpers/submission.ts';

useTestStorageEngine();

const q = realQuestionnaire();
const signature = dimensionSignature(q.dimensions.map((d) => d.id));
const crowd = histogramOf(Array.from({ length: 40 }, (_, i) => i * 2.5));
const distribution = (segment: string, sample: number): PeerDistribution => ({
  scope: signature, segment, sample, minimum: 30, periodStart: '2026-09-01', periodEnd: '2026-11-26',
  histograms: sample >= 30 ? Object.fromEntries(['overall', ...q.dimensions.map((d) => d.id)].map((id) => [id, crowd])) : null,
});

let requests: { url: string; init: RequestInit | undefined }[] = [];
let failing = false;

/** Lets every pending fetch and store update settle. */
const settle = async () => {
  for (let i = 0; i < 5; i++) await new Promise((resolve) => setTimeout(resolve, 0));
};

beforeEach(async () => {
  // The previous test's fetches land before its state is cleared.
  await settle();
  requests = [];
  failing = false;
  vi.stubGlobal('fetch', async (url: string, init?: RequestInit) => {
    // The funnel's start event asks for a start token: not about peers.
    if (url === '/api/events') return new Response(JSON.stringify({ startToken: 'token' }), { status: 200 });
    requests.push({ url, init });
    if (failing) throw new TypeError('Failed to fetch');
    const segment = /\/([^/]+)\.json$/.exec(url)![1]!;
    // Few SaaS companies yet; enough of them all together and in e-commerce.
    return new Response(JSON.stringify(distribution(segment, segment === 'saas' ? 12 : 40)), { status: 200 });
  });
  startOver();
  $peerDistributions.set({});
  initDiagnostic({ steps: q.dimensions.map((d) => ({ dimension: d.id, questionIds: q.questions.filter((x) => x.dimension === d.id).map((x) => x.id) })) }, 'es');
  for (const [id, value] of Object.entries(validPayload(q).answers)) answer(id, value);
  initResults(reportQuestionnaire(localize(q, 'es')));
});

describe('the peer standing on the results page', () => {
  it('fetches only the distributions of the dimensions and the business model, then places the visitor in the browser', async () => {
    setSegment('businessModel', 'saas');
    const unbind = $peerStanding.listen(() => {});
    await settle();
    expect(requests.map((r) => r.url).sort()).toEqual([`/api/peers/${signature}/all.json`, `/api/peers/${signature}/saas.json`]);
    // A GET with nothing of the answers: no body, no query.
    expect(requests.every((r) => r.init === undefined)).toBe(true);
    const report = $report.get()!;
    const standing = $peerStanding.get()!;
    // Too few SaaS companies: compared with all companies.
    expect(standing).toMatchObject({ segmentId: 'all', enough: true, sample: 40, overall: placeInDistribution(crowd, report.overall.score) });
    expect(standing.overall).toEqual(expect.any(Number));
    unbind();
  });

  it('places changed answers again without fetching, and fetches a newly chosen segment', async () => {
    setSegment('businessModel', 'saas');
    const unbind = $peerStanding.listen(() => {});
    await settle();
    const before = $peerStanding.get()!.overall;
    const worst = q.questions.map((question) => [question.id, question.kind === 'checklist' ? [] : question.kind === 'yes-no' ? 'no' : [...question.options!].sort((a, b) => a.score - b.score)[0]!.id] as const);
    for (const [id, value] of worst) answer(id, value);
    await settle();
    expect(requests).toHaveLength(2);
    expect($peerStanding.get()!.overall).toBeLessThan(before!);
    setSegment('businessModel', 'ecommerce');
    await settle();
    expect(requests.map((r) => r.url)).toContain(`/api/peers/${signature}/ecommerce.json`);
    expect($peerStanding.get()).toMatchObject({ segmentId: 'ecommerce', enough: true });
    unbind();
  });

  it('compares a business model too mixed to compare within with all companies only', async () => {
    setSegment('businessModel', 'other');
    const unbind = $peerStanding.listen(() => {});
    await settle();
    expect(requests.map((r) => r.url)).toEqual([`/api/peers/${signature}/all.json`]);
    expect($peerStanding.get()).toMatchObject({ segmentId: 'all' });
    unbind();
  });

  it('shows nothing when a distribution cannot be fetched, and tries again on the next change', async () => {
    const unbind = $peerStanding.listen(() => {});
    await settle();
    failing = true;
    setSegment('businessModel', 'b2b-services');
    await settle();
    expect(requests.map((r) => r.url)).toContain(`/api/peers/${signature}/b2b-services.json`);
    expect($peerStanding.get()).toBeNull();
    failing = false;
    requests = [];
    answer(q.questions[0]!.id, 'dont-know');
    await settle();
    expect(requests.map((r) => r.url)).toEqual([`/api/peers/${signature}/b2b-services.json`]);
    expect($peerStanding.get()).toMatchObject({ segmentId: 'b2b-services', enough: true });
    unbind();
  });
});
