import { describe, expect, it } from 'vitest';
import {
  ALL_SEGMENT, dimensionSignature, emptyHistogram, HISTOGRAM_BUCKETS, histogramOf, peerSegments, peerStanding, peerView, placeInDistribution,
  preferredStanding, scopeKey, type PeerDistribution, type PeerTexts,
} from '../../src/domain/peers.ts';
import { localize } from '../../src/domain/locale.ts';
import { contentProblems, realQuestionnaire } from '../helpers/content.ts';

const q = realQuestionnaire();

describe('placeInDistribution', () => {
  it('counts the share of peers strictly below the score, rounded down', () => {
    // 3 of 7 below 50: 42.86 % → 42, never rounded up to 43.
    expect(placeInDistribution(histogramOf([10, 20, 30, 50, 60, 70, 80]), 50)).toBe(42);
    expect(placeInDistribution(histogramOf([10, 20, 30, 40]), 35)).toBe(75);
  });

  it('counts ties neither ahead nor behind', () => {
    expect(placeInDistribution(histogramOf([50, 50, 50, 50]), 50)).toBe(0);
    expect(placeInDistribution(histogramOf([40, 50, 50, 60]), 50)).toBe(25);
  });

  it('places the lowest score at 0 and the highest ahead of all the others but its ties', () => {
    const histogram = histogramOf([0, 25, 100, 100]);
    expect(placeInDistribution(histogram, 0)).toBe(0);
    expect(placeInDistribution(histogram, 100)).toBe(50);
    expect(placeInDistribution(histogramOf([0, 25, 99]), 100)).toBe(100);
  });

  it('has no place in an empty histogram, a missing one, or for a score not assessed', () => {
    expect(placeInDistribution(emptyHistogram(), 50)).toBeNull();
    expect(placeInDistribution(undefined, 50)).toBeNull();
    expect(placeInDistribution(histogramOf([10, 20]), null)).toBeNull();
    expect(placeInDistribution(histogramOf([10, 20]), Number.NaN)).toBeNull();
  });

  it('reads a score outside 0–100 at the nearest end', () => {
    expect(placeInDistribution(histogramOf([10, 20]), 140)).toBe(100);
    expect(placeInDistribution(histogramOf([10, 20]), -5)).toBe(0);
  });
});

describe('histogramOf', () => {
  it('has one bucket per integer score and leaves nulls out', () => {
    const histogram = histogramOf([0, 0, 100, null, 62.4]);
    expect(histogram).toHaveLength(HISTOGRAM_BUCKETS);
    expect([histogram[0], histogram[62], histogram[100]]).toEqual([2, 1, 1]);
    expect(histogram.reduce((a, b) => a + b, 0)).toBe(4);
  });
});

describe('dimensionSignature', () => {
  it('depends on the set of dimension ids, not their order', () => {
    expect(dimensionSignature(['tooling', 'alignment'])).toBe(dimensionSignature(['alignment', 'tooling']));
    expect(dimensionSignature(['tooling', 'alignment'])).toMatch(/^[0-9a-f]{8}$/);
  });

  it('changes when a dimension is added, removed or renamed', () => {
    const base = dimensionSignature(['a', 'b', 'c']);
    expect(new Set([base, dimensionSignature(['a', 'b']), dimensionSignature(['a', 'b', 'c', 'd']), dimensionSignature(['a', 'b', 'x'])]).size).toBe(4);
  });

  it('is FNV-1a 32 of the sorted ids joined by commas', () => {
    // FNV-1a of "a" is 0xe40c292c (the published test vector).
    expect(dimensionSignature(['a'])).toBe('e40c292c');
    expect(scopeKey('e40c292c', 'saas')).toBe('e40c292c:saas');
  });
});

describe('peerSegments', () => {
  it('compares within the business model first, then with all companies', () => {
    expect(peerSegments('saas')).toEqual(['saas', ALL_SEGMENT]);
    expect(peerSegments(null)).toEqual([ALL_SEGMENT]);
    expect(peerSegments('other', ['other'])).toEqual([ALL_SEGMENT]);
  });
});

const distribution = (sample: number, histograms: Record<string, number[]> | null, segment = 'saas'): PeerDistribution => ({
  scope: 'e40c292c', segment, sample, minimum: 30, periodStart: '2026-09-01', periodEnd: '2026-11-26', histograms,
});
const scores = { overall: { score: 50 }, dimensions: [{ id: 'tooling', score: 80 }, { id: 'data-quality', score: null }] };
const forty = Array.from({ length: 40 }, (_, i) => i * 2.5);

describe('peerStanding', () => {
  it('places the overall score and each dimension once the sample reaches the minimum', () => {
    const standing = peerStanding(distribution(40, { overall: histogramOf(forty), tooling: histogramOf(forty), 'data-quality': histogramOf(forty) }), scores);
    expect(standing).toEqual({
      scope: 'e40c292c', segmentId: 'saas', sample: 40, minimum: 30, enough: true, needed: 0, periodStart: '2026-09-01', periodEnd: '2026-11-26',
      // 20 of 40 below 50; 32 of 40 below 80; no score in data quality.
      overall: 50, dimensions: [{ id: 'tooling', percentAhead: 80 }, { id: 'data-quality', percentAhead: null }],
    });
  });

  it('shows nothing below the minimum, even when histograms came, and says how many are missing', () => {
    const standing = peerStanding(distribution(29, { overall: histogramOf(forty.slice(0, 29)) }), scores);
    expect(standing).toMatchObject({ enough: false, needed: 1, overall: null, dimensions: [{ id: 'tooling', percentAhead: null }, { id: 'data-quality', percentAhead: null }] });
  });

  it('prefers the first segment with enough peers, else the broadest', () => {
    const few = peerStanding(distribution(12, null), scores);
    const many = peerStanding(distribution(40, { overall: histogramOf(forty) }, ALL_SEGMENT), scores);
    const fewAll = peerStanding(distribution(20, null, ALL_SEGMENT), scores);
    expect(preferredStanding([few, many])).toBe(many);
    expect(preferredStanding([few, fewAll])).toBe(fewAll);
    expect(preferredStanding([])).toBeNull();
  });
});

describe('peerView', () => {
  const texts = (locale: 'es' | 'pt' | 'en') => localize(q.ui.peers, locale) as PeerTexts;
  const names = { tooling: 'Herramientas', 'data-quality': 'Calidad de datos' };
  const enough = peerStanding(distribution(1240, { overall: histogramOf(forty), tooling: histogramOf(forty) }), scores);

  it('says where the visitor stands among the companies of their segment, in the locale\'s numbers', () => {
    const view = peerView(enough, { texts: texts('es'), locale: 'es', segmentName: 'SaaS B2B', dimensionNames: names });
    expect(view.headline).toBe('Por delante del 50\u00a0% de las 1.240 empresas de SaaS B2B que hicieron este diagnóstico.');
    expect(view.dimensions).toEqual([{ id: 'tooling', percentAhead: 80, text: 'Por delante del 80\u00a0% en Herramientas' }]);
    expect(view.sample).toBe('Comparación con 1.240 diagnósticos completados entre el 1 sept 2026 y el 26 nov 2026.');
    expect(view.missing).toBeNull();
    expect(peerView(enough, { texts: texts('en'), locale: 'en', segmentName: 'B2B SaaS', dimensionNames: names }).headline).toBe('Ahead of 50% of the 1,240 companies in B2B SaaS that took this diagnostic.');
  });

  it('names no segment when comparing with all companies', () => {
    const all = { ...enough, segmentId: ALL_SEGMENT };
    expect(peerView(all, { texts: texts('pt'), locale: 'pt', segmentName: 'ignored', dimensionNames: names }).headline).toBe('À frente de 50% das 1.240 empresas que fizeram este diagnóstico.');
  });

  it('below the minimum, shows no percentage but how many responses are missing, with the sample', () => {
    const few = peerStanding(distribution(18, null), scores);
    const view = peerView(few, { texts: texts('es'), locale: 'es', segmentName: 'SaaS B2B', dimensionNames: names });
    expect(view).toMatchObject({ headline: null, dimensions: [] });
    expect(view.missing).toBe('Faltan 12 respuestas para poder comparar tu resultado con el de otras empresas (18 de 30).');
    expect(view.sample).toContain('18 diagnósticos');
    const one = peerView(peerStanding(distribution(29, null), scores), { texts: texts('en'), locale: 'en', dimensionNames: names });
    expect(one.missing).toBe('One more response is needed before we can compare your result with other companies (29 of 30).');
  });

  it('says there is nothing to compare with yet when no diagnostic was stored', () => {
    const none = peerStanding({ ...distribution(0, null), periodStart: null, periodEnd: null }, scores);
    expect(peerView(none, { texts: texts('es'), locale: 'es', dimensionNames: names }).sample).toBe('Todavía no hay diagnósticos completados con los que comparar.');
  });
});

describe('the peers settings in content/segments.yaml', () => {
  it('defaults to a minimum of 30 and keeps "other" out of its own comparison', () => {
    expect(q.segments.peers).toEqual({ minimumSample: 30, allCompaniesOnly: ['other'] });
  });

  it('refuses a minimum under 10 and an unknown business model, naming the field', () => {
    const problems = contentProblems((sources) => {
      const segments = sources.segments.data as { peers: { minimumSample: number; allCompaniesOnly: string[] } };
      segments.peers = { minimumSample: 5, allCompaniesOnly: ['martians'] };
    });
    expect(problems).toContain('content/segments.yaml: peers.minimumSample: must be at least 10');
    // Business models are checked once the rest of the file is valid.
    const unknown = contentProblems((sources) => {
      (sources.segments.data as { peers: { allCompaniesOnly: string[] } }).peers.allCompaniesOnly = ['martians'];
    });
    expect(unknown).toEqual(['content/segments.yaml: peers.allCompaniesOnly[0]: unknown business model "martians" (known: saas, b2c-subscription, b2b-services, ecommerce, other)']);
  });
});
