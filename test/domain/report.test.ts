import { describe, expect, it } from 'vitest';
import { buildReport } from '../../src/domain/report.ts';
import { scoredOptions } from '../../src/domain/question.ts';
import type { Answers } from '../../src/domain/scoring.ts';
import { realQuestionnaire } from '../helpers/content.ts';

const q = realQuestionnaire();
const best = (id: string) => [...scoredOptions(q.questions.find((x) => x.id === id)!)].sort((a, b) => b.score - a.score)[0]!.id;
const worst = (id: string) => [...scoredOptions(q.questions.find((x) => x.id === id)!)].sort((a, b) => a.score - b.score)[0]!.id;
const allAnswers = (pick: (id: string, dimension: string) => string): Answers =>
  Object.fromEntries(q.questions.map((x) => [x.id, pick(x.id, x.dimension)]));

describe('buildReport', () => {
  it('records the questionnaire version and locale', () => {
    const report = buildReport(q, { answers: {} }, 'pt');
    expect(report.questionnaireVersion).toBe(q.version);
    expect(report.locale).toBe('pt');
    expect(report.overall.score).toBeNull();
  });

  it('gives 100 and the top band when every answer is the best', () => {
    const report = buildReport(q, { answers: allAnswers(best) }, 'es');
    expect(report.overall.score).toBe(100);
    expect(report.overall.band?.id).toBe(q.bands.overall.at(-1)!.id);
    expect(report.recommendations).toEqual([]);
  });

  it('writes the report in the requested language', () => {
    const es = buildReport(q, { answers: allAnswers(worst) }, 'es');
    const en = buildReport(q, { answers: allAnswers(worst) }, 'en');
    expect(es.dimensions[0]!.name).toBe(q.dimensions[0]!.name.es);
    expect(en.dimensions[0]!.name).toBe(q.dimensions[0]!.name.en);
    expect(en.overall.band?.label).toBe(q.bands.overall[0]!.label.en);
  });

  it('orders the top three recommendations by dimension weight × gap to 100', () => {
    const report = buildReport(q, { answers: allAnswers((id, dim) => (dim === 'tooling' ? best(id) : worst(id))) }, 'es');
    expect(report.recommendations).toHaveLength(3);
    const impacts = report.recommendations.map((r) => r.impact);
    expect([...impacts].sort((a, b) => b - a)).toEqual(impacts);
    const expected = report.dimensions
      .filter((d) => d.score !== null && d.score < 100)
      .map((d) => ({ id: d.id, impact: d.weight * (100 - d.score!) }))
      .sort((a, b) => b.impact - a.impact)
      .slice(0, 3)
      .map((d) => d.id);
    expect(report.recommendations.map((r) => r.dimension)).toEqual(expected);
    expect(report.recommendations.map((r) => r.dimension)).not.toContain('tooling');
    const rec = report.recommendations[0]!;
    const source = q.recommendations.find((r) => r.dimension === rec.dimension && r.band === rec.band)!;
    expect(rec.title).toBe(source.title.es);
  });

  it('finds "tool sprawl" when tooling is strong and data quality weak', () => {
    const answers = allAnswers((id, dim) => (dim === 'tooling' ? best(id) : dim === 'data-quality' ? worst(id) : best(id)));
    const report = buildReport(q, { answers }, 'en');
    expect(report.findings.map((f) => f.id)).toContain('tool-sprawl');
    const none = buildReport(q, { answers: allAnswers(best) }, 'en');
    expect(none.findings.map((f) => f.id)).not.toContain('tool-sprawl');
  });

  it('compares metrics with the benchmark of the visitor segment, with source and year', () => {
    const report = buildReport(
      q,
      {
        answers: {},
        segment: { businessModel: 'saas', dealSize: 'acv-under-12k' },
        metricInputs: { period: 'year', mrrAtStart: 100_000, churnedMrr: 5_000, contractionMrr: 0, expansionMrr: 0 },
      },
      'es',
    );
    const nrr = report.metrics.find((m) => m.id === 'nrr')!;
    expect(nrr.value).toBeCloseTo(0.95, 10);
    expect(nrr.benchmark).toMatchObject({ verdict: 'below', quality: 'solid', source: { publisher: 'SaaS Capital', year: 2023 } });
    expect(nrr.working?.numbers).toContain('100.000');
  });

  it('says there is no sourced benchmark when the segment has none', () => {
    const report = buildReport(
      q,
      { answers: {}, segment: { businessModel: 'b2b-services' }, metricInputs: { period: 'month', mrrAtStart: 100, churnedMrr: 1, contractionMrr: 0, expansionMrr: 0 } },
      'es',
    );
    expect(report.metrics.find((m) => m.id === 'nrr')!.benchmark).toBeNull();
  });

  it('shows the working of a computed metric', () => {
    const report = buildReport(q, { answers: {}, metricInputs: { period: 'month', customersAtStart: 200, customersLost: 6 } }, 'en');
    const churn = report.metrics.find((m) => m.id === 'monthlyChurnRate')!;
    expect(churn.working?.numbers).toBe('6 ÷ 200 = 3%');
    expect(report.metrics.find((m) => m.id === 'clv')!.value).toBeNull();
  });
});

describe('number formatting', () => {
  it('formats in each locale style', async () => {
    const { formatNumber, formatMetricValue } = await import('../../src/domain/format.ts');
    expect(formatNumber(12500.5, 'es')).toBe('12.500,5');
    expect(formatNumber(12500.5, 'en')).toBe('12,500.5');
    expect(formatNumber(12500.5, 'pt')).toBe('12.500,5');
    expect(formatMetricValue('monthlyChurnRate', 0.0306, 'es')).toBe('3,1\u00a0%');
    expect(formatMetricValue('monthlyChurnRate', 0.0306, 'en')).toBe('3.1%');
    expect(formatMetricValue('cac', 5000.4, 'en')).toBe('5,000');
  });
});
