import { describe, expect, it } from 'vitest';
import { LOCALES } from '../../src/domain/locale.ts';
import { parseMetricDraft } from '../../src/domain/metric-draft.ts';
import { buildReport } from '../../src/domain/report.ts';
import { answerIssues } from '../../src/domain/scoring.ts';
import {
  contentCatalog, EXAMPLE_METRIC_INPUTS, EXAMPLE_METRICS, PREVIEW_PATH, previewHref, readPreviewQuery, resultsPreview, type PreviewQuery,
} from '../../src/domain/results-preview.ts';
import { realQuestionnaire } from '../helpers/content.ts';

const q = realQuestionnaire();
const read = (search: string) => readPreviewQuery(new URLSearchParams(search), q, 'es');

describe('the preview address', () => {
  it('reads levels, segment, example numbers and the full list, and writes them back the same', () => {
    const search = 'locale=pt&overall=developing&alignment=low&tooling=62&reporting=not-assessed&businessModel=saas&dealSize=acv-12k-25k&metrics=good&all=1';
    const query = read(search);
    expect(query).toEqual<PreviewQuery>({
      locale: 'pt',
      overall: { band: 'developing' },
      dimensions: { ...Object.fromEntries(q.dimensions.map((d) => [d.id, null])), alignment: { band: 'low' }, tooling: { score: 62 }, reporting: { notAssessed: true } },
      segment: { businessModel: 'saas', dealSize: 'acv-12k-25k' },
      metrics: 'good',
      all: true,
    });
    expect(previewHref(query, q)).toBe(`${PREVIEW_PATH}?${search}`);
  });

  it('leaves anything it does not know free or unset, never failing, and falls back to the given language', () => {
    const query = read('locale=fr&overall=legendary&alignment=101&tooling=medium%20&businessModel=crypto&metrics=1&all=0');
    expect(query).toMatchObject({ locale: 'es', overall: null, segment: {}, metrics: 'poor', all: false });
    expect(query.dimensions.alignment).toBeNull();
    expect(query.dimensions.tooling).toEqual({ band: 'medium' });
    // Another area's band id is not this one's: the overall bands are not the areas'.
    expect(read('overall=low').overall).toBeNull();
    expect(previewHref(read(''), q)).toBe(`${PREVIEW_PATH}?locale=es`);
  });

  it('reads a score only as a whole number from 0 to 100, written plainly', () => {
    const score = (value: string) => read(`tooling=${encodeURIComponent(value)}`).dimensions.tooling;
    expect(score('0')).toEqual({ score: 0 });
    expect(score('100')).toEqual({ score: 100 });
    expect(score(' 62 ')).toEqual({ score: 62 });
    for (const value of ['101', '-5', '+5', '5.5', '1e2', '0x10', '62a', 'a62', '1000']) expect(score(value), value).toBeNull();
  });

  it('reads a segment only by the ids of content/segments.yaml, each on its own', () => {
    expect(read('businessModel=crypto&dealSize=huge').segment).toEqual({});
    expect(read('businessModel=saas&dealSize=huge').segment).toEqual({ businessModel: 'saas' });
    expect(read('businessModel=&dealSize=acv-12k-25k').segment).toEqual({ dealSize: 'acv-12k-25k' });
    // A deal size is not a business model.
    expect(read('businessModel=acv-12k-25k').segment).toEqual({});
  });
});

describe('the example numbers', () => {
  const verdicts = (variant: (typeof EXAMPLE_METRICS)[number]) =>
    buildReport(q, { answers: {}, segment: { businessModel: 'saas', dealSize: 'acv-12k-25k' }, metricInputs: EXAMPLE_METRIC_INPUTS[variant] }, 'en').metrics.flatMap((m) => (m.benchmark ? [m.benchmark.tone] : []));

  it('are judged worse than every benchmark when poor, and better than every one when good, for a SaaS company', () => {
    expect(verdicts('poor').length).toBeGreaterThanOrEqual(9);
    expect(new Set(verdicts('poor'))).toEqual(new Set(['worse']));
    expect(verdicts('good')).toHaveLength(verdicts('poor').length);
    expect(new Set(verdicts('good'))).toEqual(new Set(['better']));
  });

  it('are handed to the results page as the numbers step would have them typed, in every language', () => {
    for (const metrics of EXAMPLE_METRICS) {
      const { diagnostic } = resultsPreview(q, { ...read(''), metrics });
      expect(diagnostic.include).toBe(true);
      expect(diagnostic.metricInputs).toBe(EXAMPLE_METRIC_INPUTS[metrics]);
      for (const locale of LOCALES) {
        const typed = parseMetricDraft(diagnostic.draft, locale);
        expect(typed.problems).toEqual([]);
        expect(typed.inputs).toEqual(EXAMPLE_METRIC_INPUTS[metrics]);
      }
    }
    // Without example numbers, the numbers step as a visitor who skipped it leaves it.
    const { diagnostic } = resultsPreview(q, read(''));
    expect(diagnostic).toMatchObject({ metricInputs: null, include: false });
    expect(diagnostic.draft).toEqual({ period: 'month', values: {} });
  });
});

describe('resultsPreview', () => {
  it('answers every question, so the results page takes it for a finished diagnostic, and reports what it could not reach', () => {
    const { diagnostic, misses } = resultsPreview(q, read('overall=optimized&alignment=low&smart-goals=low&data-quality=low&tooling=low&reporting=low&decisions=low&cross-team=low'));
    expect(answerIssues(q.questions, diagnostic.answers, { requireAll: true })).toEqual([]);
    expect(misses.map((m) => m.scope)).toEqual(['overall']);
  });
});

describe('contentCatalog', () => {
  const catalog = contentCatalog(q, 'en');

  it('lists every finding and every recommendation in content order, with when each shows', () => {
    expect(catalog.findings.map((f) => f.id)).toEqual(q.rules.map((r) => r.id));
    expect(catalog.recommendations.map((r) => r.id)).toEqual(q.recommendations.map((r) => r.id));
    for (const item of [...catalog.findings, ...catalog.recommendations]) expect(item.when, item.id).not.toBe('');
    const tooling = q.dimensions.find((d) => d.id === 'tooling')!.name.en;
    const low = q.bands.dimensions.tooling!.find((b) => b.id === 'low')!;
    expect(catalog.recommendations.find((r) => r.id === 'tooling-low')).toMatchObject({ dimensionName: tooling, when: `${tooling}: ${low.label.en} (${low.min}–${low.max})` });
    expect(catalog.recommendations.find((r) => r.id === 'name-metric-owners')!.when).toMatch(/^\(the answer to .+ or the answer to .+\)$/);
  });

  it("fills a finding's figures from numbers that make it show", () => {
    const source = q.rules.find((r) => r.id === 'clv-cac-below-1')!.body.en;
    expect(source).toContain('{clvToCac}');
    const finding = catalog.findings.find((f) => f.id === 'clv-cac-below-1')!;
    expect(finding.body).not.toContain('{');
    expect(finding.body).toMatch(/Your CLV:CAC is 0[.,]\d/);
  });
});
