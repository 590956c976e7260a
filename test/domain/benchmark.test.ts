import { describe, expect, it } from 'vitest';
import { benchmarkMetrics, findBenchmark } from '../../src/domain/benchmark.ts';
import { METRIC_IDS, type MetricValues } from '../../src/domain/metrics.ts';
import { realQuestionnaire } from '../helpers/content.ts';

describe('findBenchmark', () => {
  const any = { id: 'any', metric: 'nrr' as const, quality: 'solid' as const };
  const saas = { id: 'saas', metric: 'nrr' as const, businessModels: ['saas'], quality: 'solid' as const };
  const saasSmall = { id: 'saas-small', metric: 'nrr' as const, businessModels: ['saas'], dealSizes: ['small'], quality: 'secondary' as const };
  const weakSaas = { id: 'weak-saas', metric: 'nrr' as const, businessModels: ['saas'], quality: 'weak' as const };
  const all = [any, weakSaas, saas, saasSmall];

  it('prefers the most specific benchmark for the segment', () => {
    expect(findBenchmark(all, 'nrr', { businessModel: 'saas', dealSize: 'small' })?.id).toBe('saas-small');
  });
  it('prefers better quality among equally specific ones', () => {
    expect(findBenchmark(all, 'nrr', { businessModel: 'saas', dealSize: 'large' })?.id).toBe('saas');
  });
  it('falls back to a benchmark for any segment', () => {
    expect(findBenchmark(all, 'nrr', { businessModel: 'ecommerce' })?.id).toBe('any');
  });
  it('returns null when no benchmark covers the segment', () => {
    expect(findBenchmark([saas], 'nrr', { businessModel: 'ecommerce' })).toBeNull();
    expect(findBenchmark([saas], 'nrr', {})).toBeNull();
    expect(findBenchmark([saas], 'cac', { businessModel: 'saas' })).toBeNull();
  });
  it('prefers a benchmark for the business model over one for the deal size', () => {
    const bySize = { id: 'by-size', metric: 'nrr' as const, dealSizes: ['small'], quality: 'solid' as const };
    const byModel = { id: 'by-model', metric: 'nrr' as const, businessModels: ['saas'], quality: 'weak' as const };
    expect(findBenchmark([bySize, byModel, any], 'nrr', { businessModel: 'saas', dealSize: 'small' })?.id).toBe('by-model');
    expect(findBenchmark([byModel, bySize, any], 'nrr', { businessModel: 'saas', dealSize: 'small' })?.id).toBe('by-model');
  });
  it('prefers a benchmark for the deal size over one for any segment', () => {
    const bySize = { id: 'by-size', metric: 'nrr' as const, dealSizes: ['small'], quality: 'weak' as const };
    expect(findBenchmark([any, bySize], 'nrr', { dealSize: 'small' })?.id).toBe('by-size');
  });
  it('ranks quality solid over secondary over weak', () => {
    const weak = { id: 'weak', metric: 'cac' as const, quality: 'weak' as const };
    const secondary = { id: 'secondary', metric: 'cac' as const, quality: 'secondary' as const };
    const solid = { id: 'solid', metric: 'cac' as const, quality: 'solid' as const };
    expect(findBenchmark([weak, secondary], 'cac', {})?.id).toBe('secondary');
    expect(findBenchmark([secondary, weak], 'cac', {})?.id).toBe('secondary');
    expect(findBenchmark([weak, secondary, solid], 'cac', {})?.id).toBe('solid');
  });
  it('never chooses a benchmark for another business model or deal size, however specific or solid', () => {
    const otherModel = { id: 'other-model', metric: 'nrr' as const, businessModels: ['ecommerce'], dealSizes: ['small'], quality: 'solid' as const };
    const otherSize = { id: 'other-size', metric: 'nrr' as const, businessModels: ['saas'], dealSizes: ['large'], quality: 'solid' as const };
    const weakAny = { id: 'weak-any', metric: 'nrr' as const, quality: 'weak' as const };
    expect(findBenchmark([otherModel, otherSize, weakAny], 'nrr', { businessModel: 'saas', dealSize: 'small' })?.id).toBe('weak-any');
    expect(findBenchmark([otherModel, otherSize], 'nrr', { businessModel: 'saas', dealSize: 'small' })).toBeNull();
  });
  it('never chooses a benchmark restricted to deal sizes when the visitor gave none', () => {
    const bySize = { id: 'by-size', metric: 'nrr' as const, businessModels: ['saas'], dealSizes: ['small'], quality: 'solid' as const };
    expect(findBenchmark([bySize, saas], 'nrr', { businessModel: 'saas' })?.id).toBe('saas');
    expect(findBenchmark([bySize], 'nrr', { businessModel: 'saas' })).toBeNull();
  });
  it('picks, in the real content, the NRR figure of the visitor\'s deal size for SaaS', () => {
    const { benchmarks } = realQuestionnaire();
    expect(findBenchmark(benchmarks, 'nrr', { businessModel: 'saas', dealSize: 'acv-25k-50k' })?.id).toBe('nrr-saas-capital-2023-acv-25k-50k');
    expect(findBenchmark(benchmarks, 'nrr', { businessModel: 'saas', dealSize: 'acv-over-250k' })?.id).toBe('nrr-saas-capital-2023-acv-over-250k');
    expect(findBenchmark(benchmarks, 'monthlyChurnRate', { businessModel: 'b2c-subscription' })?.id).toBe('monthly-churn-b2c-recurly-2019');
  });
  it('in the real content, chooses for every segment only benchmarks that name its business model and deal size or leave them open', () => {
    const { benchmarks, segments } = realQuestionnaire();
    const models = [undefined, ...segments.businessModels.map((o) => o.id)];
    const sizes = [undefined, ...segments.dealSizes.map((o) => o.id)];
    let chosen = 0;
    for (const metric of METRIC_IDS)
      for (const businessModel of models)
        for (const dealSize of sizes) {
          const found = findBenchmark(benchmarks, metric, { businessModel, dealSize });
          if (!found) continue;
          chosen += 1;
          // Churn is judged once: either form may judge either.
          if (metric === 'monthlyChurnRate' || metric === 'annualChurnRate') expect(['monthlyChurnRate', 'annualChurnRate']).toContain(found.metric);
          else expect(found.metric).toBe(metric);
          if (found.businessModels) expect(found.businessModels).toContain(businessModel);
          if (found.dealSizes) expect(found.dealSizes).toContain(dealSize);
        }
    expect(chosen).toBeGreaterThan(0);
  });
});

describe('benchmarkMetrics', () => {
  const values = (set: Partial<MetricValues>): MetricValues => ({ ...(Object.fromEntries(METRIC_IDS.map((m) => [m, null])) as MetricValues), ...set });
  const churn = { id: 'churn', metric: 'monthlyChurnRate' as const, quality: 'solid' as const, compare: { kind: 'median' as const, median: 0.03 } };

  it('gives each computed metric its verdict against the segment\'s benchmark', () => {
    expect(benchmarkMetrics(values({ monthlyChurnRate: 0.02 }), [churn], {})).toEqual({ monthlyChurnRate: { benchmark: churn, verdict: 'better-than-median', judgedValue: 0.02 } });
    expect(benchmarkMetrics(values({ monthlyChurnRate: 0.05 }), [churn], {}).monthlyChurnRate?.verdict).toBe('worse-than-median');
  });
  it('leaves out metrics that were not computed', () => {
    const out = benchmarkMetrics(values({ cac: 1200 }), [churn], {});
    expect(Object.keys(out)).toEqual(['cac']);
    expect(out.monthlyChurnRate).toBeUndefined();
  });
  it('gives a computed metric without a benchmark no verdict', () => {
    expect(benchmarkMetrics(values({ cac: 1200 }), [churn], {})).toEqual({ cac: { benchmark: null, verdict: null, judgedValue: null } });
  });
});
