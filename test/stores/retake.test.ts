import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { cleanTestStorage, getTestStorage, useTestStorageEngine } from '@nanostores/persistent';
import { $answers, $metricDraft, $metricResult, $segment, $step, finishMetrics, initDiagnostic, startOver } from '../../src/stores/diagnostic.ts';
import { $report, initResults } from '../../src/stores/results.ts';
import { loadRetake, prefill } from '../../src/stores/retake.ts';
import { $baseline, $change } from '../../src/stores/change.ts';
import { $startedAt } from '../../src/stores/started.ts';
import { reportQuestionnaire } from '../../src/domain/report.ts';
import { localize } from '../../src/domain/locale.ts';
import type { RetakeData } from '../../src/domain/retake.ts';
import { realQuestionnaire } from '../helpers/content.ts';
import { validPayload } from '../helpers/submission.ts';

useTestStorageEngine();
const q = realQuestionnaire();
const payload = validPayload(q);
const dimensions = q.dimensions.map((d) => d.id);

function retakeData(overrides: Partial<RetakeData> = {}): RetakeData {
  return {
    locale: 'es',
    questionnaireVersion: q.version,
    submittedAt: '2026-03-12T10:30:00.000Z',
    answers: payload.answers,
    segment: { businessModel: 'saas', dealSize: 'acv-under-12k' },
    metricInputs: { period: 'year', currency: 'EUR', customersAtStart: 200, customersLost: 6, grossMarginPct: 72.125, arpa: 1.234 },
    previous: { overall: 10, dimensions: dimensions.map((id) => ({ id, score: 10 })), metrics: [{ id: 'annualChurnRate', value: 0.05 }], currency: 'EUR' },
    ...overrides,
  };
}

let fetched: string[] = [];

beforeEach(() => {
  fetched = [];
  vi.stubGlobal('navigator', { sendBeacon: () => true });
  vi.stubGlobal('history', { state: null, replaceState: vi.fn() });
  vi.stubGlobal('fetch', async (url: string) => {
    fetched.push(url);
    if (url.startsWith('/api/retake/')) return url.endsWith('/known-token-0123456789') ? Response.json(retakeData()) : Response.json({ error: 'No report' }, { status: 404 });
    return Response.json({});
  });
  initDiagnostic({ steps: q.dimensions.map((d) => ({ dimension: d.id, questionIds: q.questions.filter((x) => x.dimension === d.id).map((x) => x.id) })) }, 'es');
  startOver();
  $baseline.set(null);
});

afterEach(() => {
  vi.unstubAllGlobals();
  cleanTestStorage();
});

describe('prefill', () => {
  it('gives every previous answer, the segment and the numbers, from the first step', () => {
    $step.set(4);
    prefill(retakeData());
    expect($answers.get()).toEqual(payload.answers);
    expect($segment.get()).toEqual({ businessModel: 'saas', dealSize: 'acv-under-12k' });
    expect($step.get()).toBe(0);
    expect($metricDraft.get()).toMatchObject({ period: 'year', currency: 'EUR' });
    // Read back as the same numbers, an ambiguous "1.234" confirmed as it was stored.
    expect($metricResult.get().inputs).toEqual({ period: 'year', currency: 'EUR', customersAtStart: 200, customersLost: 6, grossMarginPct: 72.125, arpa: 1.234 });
    expect($metricResult.get().problems).toEqual([]);
  });

  it('records the start, so the submission carries a start token like any other', () => {
    prefill(retakeData());
    expect($startedAt.get()).toBeTruthy();
    expect(fetched).toContain('/api/events');
  });

  it('keeps the previous scores as the baseline, in storage', () => {
    prefill(retakeData());
    expect($baseline.get()).toEqual({ since: '2026-03-12T10:30:00.000Z', scores: retakeData().previous });
    expect(JSON.parse(getTestStorage()['revops:retake-baseline']!)).toMatchObject({ since: '2026-03-12T10:30:00.000Z' });
  });

  it('keeps no baseline when the previous scores could not be read', () => {
    $baseline.set({ since: '2020-01-01T00:00:00.000Z', scores: retakeData().previous! });
    prefill(retakeData({ previous: null }));
    expect($baseline.get()).toBeNull();
  });
});

describe('$change', () => {
  it('compares the results with the baseline once the diagnostic is complete', () => {
    initResults(reportQuestionnaire(localize(q, 'es')));
    expect($change.get()).toBeNull();
    prefill(retakeData());
    expect(finishMetrics(true)).toBe(true);
    const report = $report.get()!;
    const change = $change.get()!;
    expect(change.since).toBe('2026-03-12T10:30:00.000Z');
    expect(change.overall).toEqual({ from: 10, to: report.overall.score, delta: report.overall.score! - 10, direction: 'up' });
    expect(change.dimensions.map((d) => d.id)).toEqual(dimensions);
    expect(change.metrics.find((m) => m.id === 'annualChurnRate')).toMatchObject({ from: 0.05, to: 0.03, direction: 'down', good: true });
  });

  it('is null without a baseline', () => {
    initResults(reportQuestionnaire(localize(q, 'es')));
    prefill(retakeData({ previous: null }));
    expect($report.get()).not.toBeNull();
    expect($change.get()).toBeNull();
  });
});

describe('loadRetake', () => {
  it('takes the token out of the address, keeping the rest, and prefills from the answer', async () => {
    expect(await loadRetake({ href: 'https://site.example/en/diagnostic/?step=2&retake=known-token-0123456789#top' })).toBe('loaded');
    expect(history.replaceState).toHaveBeenCalledWith(null, '', '/en/diagnostic/?step=2#top');
    expect(fetched).toContain('/api/retake/known-token-0123456789');
    expect($answers.get()).toEqual(payload.answers);
  });

  it('leaves the diagnostic as it was for an unknown token', async () => {
    $answers.set({ [q.questions[0]!.id]: 'dont-know' });
    expect(await loadRetake({ href: 'https://site.example/en/diagnostic/?retake=unknown-token-0123456789' })).toBe('failed');
    expect($answers.get()).toEqual({ [q.questions[0]!.id]: 'dont-know' });
    expect($baseline.get()).toBeNull();
    expect(history.replaceState).toHaveBeenCalledWith(null, '', '/en/diagnostic/');
  });

  it('does nothing without a token in the address', async () => {
    expect(await loadRetake({ href: 'https://site.example/en/diagnostic/' })).toBe('none');
    expect(fetched).toEqual([]);
    expect(history.replaceState).not.toHaveBeenCalled();
  });
});
