import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { benchmarkMetrics, findBenchmark, judge, noBenchmarkReason, VERDICT_TONE, VERDICTS } from '../../src/domain/benchmark.ts';
import { allCustomersLost, computeMetrics, forecastError, METRIC_IDS, METRIC_INPUT_FIELDS, METRIC_INPUT_KINDS, metricInputIssues, type MetricInputs, type MetricValues } from '../../src/domain/metrics.ts';
import { scoredOptions } from '../../src/domain/question.ts';
import { buildReport, type Report } from '../../src/domain/report.ts';
import { BenchmarkSchema } from '../../src/domain/schemas/benchmark.ts';
import { LOCALES, type Locale } from '../../src/domain/locale.ts';
import { realQuestionnaire } from '../helpers/content.ts';

const q = realQuestionnaire();
const report = (segment: { businessModel?: string | undefined; dealSize?: string | undefined }, metricInputs: MetricInputs, locale: Locale) =>
  buildReport(q, { answers: {}, segment, metricInputs }, locale);
/** A metric of the report, its texts with Intl's no-break spaces ("3 %" in es) written as plain spaces. */
const metric = (r: Report, id: string) => {
  const m = r.metrics.find((x) => x.id === id)!;
  const plain = <T,>(text: T) => (typeof text === 'string' ? (text.replace(/\u00a0|\u202f/g, ' ') as T) : text);
  return { ...m, note: plain(m.note), benchmark: m.benchmark && { ...m.benchmark, label: plain(m.benchmark.label) }, working: m.working && { formula: plain(m.working.formula), numbers: plain(m.working.numbers) } };
};

describe('judge', () => {
  it('compares with a median in the metric\'s direction, equal being at the median', () => {
    expect(judge({ kind: 'median', median: 0.1 }, 'lower', 0.05)).toBe('better-than-median');
    expect(judge({ kind: 'median', median: 0.1 }, 'lower', 0.3)).toBe('worse-than-median');
    expect(judge({ kind: 'median', median: 0.1 }, 'lower', 0.1)).toBe('at-median');
    expect(judge({ kind: 'median', median: 1.01 }, 'higher', 1.05)).toBe('better-than-median');
    expect(judge({ kind: 'median', median: 1.01 }, 'higher', 0.95)).toBe('worse-than-median');
    expect(judge({ kind: 'median', median: 1.01 }, 'higher', 1.01)).toBe('at-median');
  });
  it('places a value among quartiles, the edges of the top and bottom quarters included', () => {
    const payback = { kind: 'quartiles' as const, top: 6, median: 16, bottom: 24 };
    expect(judge(payback, 'lower', 5)).toBe('top-quartile');
    expect(judge(payback, 'lower', 6)).toBe('top-quartile');
    expect(judge(payback, 'lower', 6.5)).toBe('better-than-median');
    expect(judge(payback, 'lower', 16)).toBe('at-median');
    expect(judge(payback, 'lower', 23.9)).toBe('worse-than-median');
    expect(judge(payback, 'lower', 24)).toBe('bottom-quartile');
    expect(judge(payback, 'lower', 40)).toBe('bottom-quartile');
    const nrr = { kind: 'quartiles' as const, top: 1.2, median: 1.0, bottom: 0.9 };
    expect(judge(nrr, 'higher', 1.2)).toBe('top-quartile');
    expect(judge(nrr, 'higher', 1.1)).toBe('better-than-median');
    expect(judge(nrr, 'higher', 1.0)).toBe('at-median');
    expect(judge(nrr, 'higher', 0.95)).toBe('worse-than-median');
    expect(judge(nrr, 'higher', 0.9)).toBe('bottom-quartile');
  });
  it('meets a target when at least as good as it, in either direction', () => {
    expect(judge({ kind: 'target', target: 0.02 }, 'lower', 0.015)).toBe('meets-target');
    expect(judge({ kind: 'target', target: 0.02 }, 'lower', 0.02)).toBe('meets-target');
    expect(judge({ kind: 'target', target: 0.02 }, 'lower', 0.021)).toBe('misses-target');
    expect(judge({ kind: 'target', target: 3 }, 'higher', 3)).toBe('meets-target');
    expect(judge({ kind: 'target', target: 3 }, 'higher', 2.9)).toBe('misses-target');
  });
  it('places a value against a usual range, its ends included, in either direction', () => {
    const range = { kind: 'range' as const, low: 0.02, high: 0.05 };
    expect(judge(range, 'higher', 0.06)).toBe('better-than-range');
    expect(judge(range, 'higher', 0.05)).toBe('within-range');
    expect(judge(range, 'higher', 0.02)).toBe('within-range');
    expect(judge(range, 'higher', 0.01)).toBe('worse-than-range');
    expect(judge(range, 'lower', 0.01)).toBe('better-than-range');
    expect(judge(range, 'lower', 0.03)).toBe('within-range');
    expect(judge(range, 'lower', 0.06)).toBe('worse-than-range');
  });
  it('gives every verdict a tone: good news, neutral or bad news', () => {
    expect(Object.keys(VERDICT_TONE).sort()).toEqual([...VERDICTS].sort());
    expect(VERDICTS.filter((v) => VERDICT_TONE[v] === 'better')).toEqual(['top-quartile', 'better-than-median', 'meets-target', 'better-than-range']);
    expect(VERDICTS.filter((v) => VERDICT_TONE[v] === 'neutral')).toEqual(['at-median', 'within-range']);
  });
});

describe('findBenchmark with broader populations and churn', () => {
  const narrow = { id: 'narrow', metric: 'annualChurnRate' as const, businessModels: ['saas'], quality: 'secondary' as const };
  const broad = { id: 'broad', metric: 'monthlyChurnRate' as const, businessModels: ['saas'], broader: true, quality: 'solid' as const };
  it('prefers a figure for the business model itself over a broader one, whatever the quality or order', () => {
    expect(findBenchmark([broad, narrow], 'monthlyChurnRate', { businessModel: 'saas' })?.id).toBe('narrow');
    expect(findBenchmark([narrow, broad], 'monthlyChurnRate', { businessModel: 'saas' })?.id).toBe('narrow');
    expect(findBenchmark([broad], 'annualChurnRate', { businessModel: 'saas' })?.id).toBe('broad');
  });
  it('finds the same churn benchmark for the monthly and the annual form', () => {
    for (const form of ['monthlyChurnRate', 'annualChurnRate'] as const) expect(findBenchmark([broad, narrow], form, { businessModel: 'saas' })?.id).toBe('narrow');
  });
  it('judges SaaS churn, in the real content, by deal size first and then against SaaS figures, never the all-B2B one', () => {
    const found = (dealSize?: string) => findBenchmark(q.benchmarks, 'monthlyChurnRate', { businessModel: 'saas', dealSize })?.id;
    expect(found('acv-25k-50k')).toBe('monthly-churn-target-chartmogul');
    expect(found('acv-under-12k')).toBe('annual-churn-kbcm-2016');
    expect(found()).toBe('annual-churn-kbcm-2016');
    expect(findBenchmark(q.benchmarks, 'annualChurnRate', { businessModel: 'b2c-subscription' })?.id).toBe('monthly-churn-b2c-recurly-2019');
    for (const businessModel of ['ecommerce', 'b2b-services', 'other', undefined])
      expect(findBenchmark(q.benchmarks, 'monthlyChurnRate', { businessModel })).toBeNull();
  });
});

describe('noBenchmarkReason', () => {
  const bySize = { metric: 'grr' as const, businessModels: ['saas'], dealSizes: ['small'], quality: 'solid' as const };
  const open = { metric: 'nrr' as const, dealSizes: ['small'], quality: 'solid' as const };
  it('says the metric has no figure at all', () => expect(noBenchmarkReason([bySize], 'cac', { businessModel: 'saas' })).toBe('metric'));
  it('asks for a business model when none was chosen', () => expect(noBenchmarkReason([bySize], 'grr', {})).toBe('choose-business-model'));
  it('says the business model has none, never borrowing another\'s', () => expect(noBenchmarkReason([bySize], 'grr', { businessModel: 'ecommerce' })).toBe('business-model'));
  it('points at the deal size when the business model has figures by deal size only', () => {
    expect(noBenchmarkReason([bySize], 'grr', { businessModel: 'saas' })).toBe('deal-size');
    expect(noBenchmarkReason([open], 'nrr', { businessModel: 'ecommerce', dealSize: 'large' })).toBe('deal-size');
  });
  it('counts both forms of churn as one metric', () => {
    expect(noBenchmarkReason([{ metric: 'annualChurnRate', businessModels: ['saas'], quality: 'solid' }], 'monthlyChurnRate', { businessModel: 'ecommerce' })).toBe('business-model');
  });
});

describe('benchmarkMetrics on churn', () => {
  const values = (set: Partial<MetricValues>): MetricValues => ({ ...(Object.fromEntries(METRIC_IDS.map((m) => [m, null])) as MetricValues), ...set });
  const annual = { id: 'annual', metric: 'annualChurnRate' as const, quality: 'solid' as const, compare: { kind: 'median' as const, median: 0.1 } };
  const monthly = { id: 'monthly', metric: 'monthlyChurnRate' as const, quality: 'solid' as const, compare: { kind: 'median' as const, median: 0.05 } };
  it('judges both forms against one benchmark, in the benchmark\'s own form', () => {
    const out = benchmarkMetrics(values({ monthlyChurnRate: 0.03, annualChurnRate: 0.306 }), [annual], {});
    expect(out.monthlyChurnRate).toEqual({ benchmark: annual, verdict: 'worse-than-median' });
    expect(out.annualChurnRate).toEqual({ benchmark: annual, verdict: 'worse-than-median' });
  });
  it('converts the churn that was computed when the benchmark gives the other form', () => {
    expect(benchmarkMetrics(values({ annualChurnRate: 1 }), [monthly], {}).annualChurnRate?.verdict).toBe('worse-than-median');
    expect(benchmarkMetrics(values({ annualChurnRate: 0.2 }), [monthly], {}).annualChurnRate?.verdict).toBe('better-than-median');
    expect(benchmarkMetrics(values({ monthlyChurnRate: 0.02 }), [annual], {}).monthlyChurnRate?.verdict).toBe('worse-than-median');
    expect(benchmarkMetrics(values({ monthlyChurnRate: 0.005 }), [annual], {}).monthlyChurnRate?.verdict).toBe('better-than-median');
  });
});

describe('BenchmarkSchema comparisons', () => {
  const base = { id: 'x', population: { es: 'a', pt: 'a', en: 'a' }, figure: { es: 'a', pt: 'a', en: 'a' }, source: { publisher: 'P', title: 'T' }, quality: 'solid' };
  const issues = (b: object) => BenchmarkSchema.safeParse({ ...base, ...b }).error?.issues.map((i) => `${i.path.join('.')}: ${i.message}`) ?? [];
  it('wants quartiles ordered from the best quarter to the worst in the metric\'s direction', () => {
    expect(issues({ metric: 'cacPaybackMonths', compare: { kind: 'quartiles', top: 6, median: 16, bottom: 24 } })).toEqual([]);
    expect(issues({ metric: 'cacPaybackMonths', compare: { kind: 'quartiles', top: 24, median: 16, bottom: 6 } })).toEqual(['compare: lower is better here: top < median < bottom']);
    expect(issues({ metric: 'cacPaybackMonths', compare: { kind: 'quartiles', top: 6, median: 30, bottom: 24 } })).toEqual(['compare: lower is better here: top < median < bottom']);
    expect(issues({ metric: 'nrr', compare: { kind: 'quartiles', top: 1.2, median: 1, bottom: 0.9 } })).toEqual([]);
    expect(issues({ metric: 'nrr', compare: { kind: 'quartiles', top: 0.9, median: 1, bottom: 1.2 } })).toEqual(['compare: higher is better here: top > median > bottom']);
    expect(issues({ metric: 'nrr', compare: { kind: 'quartiles', top: 1.2, median: 0.8, bottom: 0.9 } })).toEqual(['compare: higher is better here: top > median > bottom']);
  });
  it('wants a range\'s high above its low, and a known kind', () => {
    expect(issues({ metric: 'conversionRate', compare: { kind: 'range', low: 0.02, high: 0.05 } })).toEqual([]);
    expect(issues({ metric: 'conversionRate', compare: { kind: 'range', low: 0.05, high: 0.05 } })).toEqual(['compare.high: must be greater than low (0.05)']);
    expect(issues({ metric: 'conversionRate', compare: { kind: 'typical', low: 0.02 } })).toEqual(['compare.kind: must have kind: median, quartiles, target or range']);
  });
});

describe('forecast accuracy and all customers lost', () => {
  it('judges the error in both directions and never goes below 0 %', () => {
    expect(computeMetrics({ period: 'month', forecastRevenue: 300, actualRevenue: 100 }).forecastAccuracy).toBe(0);
    expect(computeMetrics({ period: 'month', forecastRevenue: 100, actualRevenue: 300 }).forecastAccuracy).toBeCloseTo(1 / 3, 10);
    expect(computeMetrics({ period: 'month', forecastRevenue: 90, actualRevenue: 100 }).forecastAccuracy).toBeCloseTo(0.9, 10);
    expect(computeMetrics({ period: 'month', forecastRevenue: 110, actualRevenue: 100 }).forecastAccuracy).toBeCloseTo(0.9, 10);
    expect(forecastError({ period: 'month', forecastRevenue: 300, actualRevenue: 100 })).toBe(2);
    expect(forecastError({ period: 'month', forecastRevenue: 100, actualRevenue: 300 })).toBeCloseTo(2 / 3, 10);
    expect(forecastError({ period: 'month', forecastRevenue: 100, actualRevenue: 0 })).toBeNull();
    expect(forecastError({ period: 'month', actualRevenue: 100 })).toBeNull();
    expect(forecastError({ period: 'month', forecastRevenue: 100 })).toBeNull();
  });
  it('knows when every customer at the start was lost', () => {
    expect(allCustomersLost({ period: 'year', customersAtStart: 40, customersLost: 40 })).toBe(true);
    expect(allCustomersLost({ period: 'year', customersAtStart: 40, customersLost: 39 })).toBe(false);
    expect(allCustomersLost({ period: 'year', customersAtStart: 0, customersLost: 0 })).toBe(false);
    expect(allCustomersLost({ period: 'year', customersLost: 3 })).toBe(false);
  });
  it('gives a year that lost everyone no monthly rate, but a month that did keeps its 100 %', () => {
    const year = computeMetrics({ period: 'year', customersAtStart: 40, customersLost: 40 });
    expect(year.monthlyChurnRate).toBeNull();
    expect(year.annualChurnRate).toBe(1);
    const month = computeMetrics({ period: 'month', customersAtStart: 40, customersLost: 40 });
    expect(month.monthlyChurnRate).toBe(1);
    expect(month.annualChurnRate).toBe(1);
  });
});

describe('verdict texts on the real content', () => {
  const churn3 = { period: 'month' as const, customersAtStart: 200, customersLost: 6 };
  const expected3 = {
    es: 'Peor que la mediana de empresas SaaS privadas (10 % al año; Pacific Crest / KBCM, 2016)',
    pt: 'Pior que a mediana de empresas SaaS privadas (10% ao ano; Pacific Crest / KBCM, 2016)',
    en: 'Worse than the median of private SaaS companies (10% a year; Pacific Crest / KBCM, 2016)',
  };
  it.each(LOCALES)('judges 3 per cent monthly churn of a SaaS under 12k ACV once, worse than the SaaS median, in %s', (locale) => {
    const r = report({ businessModel: 'saas', dealSize: 'acv-under-12k' }, churn3, locale);
    for (const id of ['monthlyChurnRate', 'annualChurnRate']) {
      expect(metric(r, id).benchmark).toMatchObject({ id: 'annual-churn-kbcm-2016', verdict: 'worse-than-median', tone: 'worse', label: expected3[locale] });
    }
  });
  it.each(LOCALES)('tells a SaaS losing 5 per cent a month that its churn is worse than the median, in %s', (locale) => {
    const r = report({ businessModel: 'saas' }, { period: 'month', customersAtStart: 100, customersLost: 5 }, locale);
    expect(metric(r, 'monthlyChurnRate').benchmark?.verdict).toBe('worse-than-median');
    expect(metric(r, 'annualChurnRate').benchmark?.verdict).toBe('worse-than-median');
  });
  it.each(LOCALES)('says meets or misses the target, with a source without year, in %s', (locale) => {
    const meets = report({ businessModel: 'saas', dealSize: 'acv-25k-50k' }, { period: 'month', customersAtStart: 200, customersLost: 3 }, locale);
    const misses = report({ businessModel: 'saas', dealSize: 'acv-25k-50k' }, churn3, locale);
    const text = {
      es: ['Cumple el objetivo de 2 % al mes para negocios por suscripción (ChartMogul)', 'No alcanza el objetivo de 2 % al mes para negocios por suscripción (ChartMogul)'],
      pt: ['Atinge a meta de 2% ao mês para negócios por assinatura (ChartMogul)', 'Não atinge a meta de 2% ao mês para negócios por assinatura (ChartMogul)'],
      en: ['Meets the target of 2% a month for subscription businesses (ChartMogul)', 'Misses the target of 2% a month for subscription businesses (ChartMogul)'],
    }[locale];
    expect(metric(meets, 'annualChurnRate').benchmark).toMatchObject({ verdict: 'meets-target', tone: 'better', label: text[0] });
    expect(metric(misses, 'monthlyChurnRate').benchmark).toMatchObject({ verdict: 'misses-target', tone: 'worse', label: text[1] });
  });
  it.each(LOCALES)('gives e-commerce churn no borrowed benchmark and says so, in %s', (locale) => {
    const r = report({ businessModel: 'ecommerce' }, churn3, locale);
    const model = q.segments.businessModels.find((m) => m.id === 'ecommerce')!.label[locale];
    for (const id of ['monthlyChurnRate', 'annualChurnRate']) {
      expect(metric(r, id).benchmark).toBeNull();
      expect(metric(r, id).noBenchmark).toBe(q.ui.results['no-benchmark-model'][locale].replace('{model}', model));
    }
  });
  it.each(LOCALES)('says why other metrics have no verdict, in %s', (locale) => {
    const inputs = { period: 'month' as const, customersAtStart: 200, customersLost: 6, salesAndMarketingSpend: 1000, newCustomers: 2, mrrAtStart: 100, churnedMrr: 1, contractionMrr: 0 };
    const t = q.ui.results;
    expect(metric(report({ businessModel: 'saas' }, inputs, locale), 'cac').noBenchmark).toBe(t['no-benchmark-metric'][locale]);
    expect(metric(report({ businessModel: 'saas' }, inputs, locale), 'grr').noBenchmark).toBe(t['no-benchmark-deal-size'][locale]);
    expect(metric(report({}, inputs, locale), 'monthlyChurnRate').noBenchmark).toBe(t['no-benchmark-choose-model'][locale]);
    expect(metric(report({ businessModel: 'saas', dealSize: 'acv-under-12k' }, inputs, locale), 'grr').noBenchmark).toBeNull();
  });
  it.each(LOCALES)('judges a forecast of 3× actual as missing the target, accuracy 0 with the error stated, in %s', (locale) => {
    const r = report({ businessModel: 'saas' }, { period: 'month', forecastRevenue: 300_000, actualRevenue: 100_000 }, locale);
    const m = metric(r, 'forecastAccuracy');
    expect(m.value).toBe(0);
    expect(m.benchmark).toMatchObject({ verdict: 'misses-target', tone: 'worse' });
    expect(m.note).toBe(q.ui.results['forecast-error'][locale].replace('{error}', locale === 'es' ? '200 %' : '200%'));
    expect(m.working?.numbers).toMatch(/^max\(0, 1 − \|100.000 − 300.000\| ÷ 100.000\) = 0 ?%$/);
    const third = metric(report({ businessModel: 'saas' }, { period: 'month', forecastRevenue: 100_000, actualRevenue: 300_000 }, locale), 'forecastAccuracy');
    expect(third.benchmark?.verdict).toBe('misses-target');
    expect(third.value).toBeCloseTo(1 / 3, 10);
  });
  it('writes the forecast verdict in each language', () => {
    const label = (locale: Locale) => metric(report({ businessModel: 'saas' }, { period: 'month', forecastRevenue: 300, actualRevenue: 100 }, locale), 'forecastAccuracy').benchmark?.label;
    expect(label('es')).toBe('No alcanza el objetivo de 95 % para forecasts de ventas, que solo logra el 20 % de las empresas (Xactly, 2024)');
    expect(label('en')).toBe('Misses the target of 95% for sales forecasts, reached by only 20% of companies (Xactly, 2024)');
  });
  it.each(LOCALES)('reports a year that lost every customer as such, not as a monthly rate, in %s', (locale) => {
    const r = report({ businessModel: 'saas' }, { period: 'year', customersAtStart: 40, customersLost: 40 }, locale);
    const monthly = metric(r, 'monthlyChurnRate');
    const annual = metric(r, 'annualChurnRate');
    expect(monthly.value).toBeNull();
    expect(monthly.missing).toEqual([]);
    expect(monthly.note).toBe(q.ui.results['all-customers-lost'][locale]);
    expect(annual.value).toBe(1);
    expect(annual.note).toBe(q.ui.results['all-customers-lost'][locale]);
    expect(annual.benchmark?.verdict).toBe('worse-than-median');
    expect(metric(r, 'clv').value).toBeNull();
  });
  it.each(LOCALES)('uses the CAC payback quartiles and the months unit, in %s', (locale) => {
    const inputs = (spend: number) => ({ period: 'month' as const, salesAndMarketingSpend: spend, newCustomers: 1, arpa: 1000, grossMarginPct: 100 });
    const verdict = (spend: number) => metric(report({ businessModel: 'saas' }, inputs(spend), locale), 'cacPaybackMonths').benchmark!;
    expect(verdict(5000).verdict).toBe('top-quartile');
    expect(verdict(12_000).verdict).toBe('better-than-median');
    expect(verdict(20_000).verdict).toBe('worse-than-median');
    expect(verdict(30_000).verdict).toBe('bottom-quartile');
    expect(verdict(30_000).label).toBe({
      es: 'En el cuartil inferior de empresas SaaS (24 meses o peor; Aleph × Benchmarkit, 2026)',
      pt: 'No quartil inferior de empresas SaaS (24 meses ou pior; Aleph × Benchmarkit, 2026)',
      en: 'In the bottom quartile of SaaS companies (24 months or worse; Aleph × Benchmarkit, 2026)',
    }[locale]);
  });
});

describe('verdicts for any inputs', () => {
  const count = fc.integer({ min: 0, max: 10_000 });
  const money = fc.double({ min: 0, max: 1e9, noNaN: true });
  const inputs = fc
    .record(
      {
        period: fc.constantFrom('month' as const, 'year' as const),
        customersAtStart: count,
        customersLost: count,
        newCustomers: count,
        leads: count,
        mrrAtStart: money,
        churnedMrr: money,
        contractionMrr: money,
        expansionMrr: money,
        salesAndMarketingSpend: money,
        arpa: money,
        grossMarginPct: fc.double({ min: 0, max: 100, noNaN: true }),
        forecastRevenue: money,
        actualRevenue: money,
      },
      { requiredKeys: ['period'] },
    )
    .map((i): MetricInputs => ({
      ...i,
      customersLost: i.customersLost === undefined || i.customersAtStart === undefined ? i.customersLost : Math.min(i.customersLost, i.customersAtStart),
      newCustomers: i.newCustomers === undefined || i.leads === undefined ? i.newCustomers : Math.min(i.newCustomers, i.leads),
      churnedMrr: i.churnedMrr === undefined || i.mrrAtStart === undefined ? i.churnedMrr : Math.min(i.churnedMrr, i.mrrAtStart / 2),
      contractionMrr: i.contractionMrr === undefined || i.mrrAtStart === undefined ? i.contractionMrr : Math.min(i.contractionMrr, i.mrrAtStart / 2),
    }));
  const segment = fc.record(
    { businessModel: fc.constantFrom(...q.segments.businessModels.map((m) => m.id)), dealSize: fc.constantFrom(...q.segments.dealSizes.map((d) => d.id)) },
    { requiredKeys: [] },
  );
  const locale = fc.constantFrom(...LOCALES);

  it('never gives the monthly and the annual churn different verdicts', () => {
    fc.assert(
      fc.property(inputs, segment, locale, (metricInputs, seg, loc) => {
        const r = report(seg, metricInputs, loc);
        const monthly = metric(r, 'monthlyChurnRate');
        const annual = metric(r, 'annualChurnRate');
        if (monthly.value === null || annual.value === null) return;
        expect(monthly.benchmark?.verdict).toBe(annual.benchmark?.verdict);
        expect(monthly.benchmark?.id).toBe(annual.benchmark?.id);
      }),
      { numRuns: 300 },
    );
  });
  it('never writes NaN, Infinity, undefined or an unfilled {placeholder} in a metric text', () => {
    fc.assert(
      fc.property(inputs, segment, locale, (metricInputs, seg, loc) => {
        const r = report(seg, metricInputs, loc);
        const texts = r.metrics.flatMap((m) => [m.benchmark?.label, m.noBenchmark, m.note, m.working?.formula, m.working?.numbers].filter((t): t is string => typeof t === 'string'));
        for (const text of texts) expect(text).not.toMatch(/NaN|Infinity|undefined|\{\w+\}/);
      }),
      { numRuns: 300 },
    );
  });
  it('never writes NaN, Infinity, undefined or an unfilled {placeholder} anywhere in the Report, and never judges one churn twice, for any answers and numbers', () => {
    const range = { count: fc.integer({ min: 0, max: 10_000 }), money: money, percent: fc.double({ min: 0, max: 100, noNaN: true }) } as Record<string, fc.Arbitrary<number>>;
    const anyInputs = fc
      .record(
        { period: fc.constantFrom('month' as const, 'year' as const), ...Object.fromEntries(METRIC_INPUT_FIELDS.map((field) => [field, range[METRIC_INPUT_KINDS[field]] ?? fc.double({ min: 0, max: 1000, noNaN: true })])) },
        { requiredKeys: ['period'] },
      )
      .map((raw) => {
        // Drop what the form would refuse (lost > start, losses > MRR …): the Report is only built from valid numbers.
        const valid: Record<string, unknown> = { ...raw };
        for (let issues = metricInputIssues(valid); issues.length > 0; issues = metricInputIssues(valid)) for (const issue of issues) delete valid[issue.path[0]];
        return valid as MetricInputs;
      });
    const answers = fc.record(
      Object.fromEntries(q.questions.map((question) => [question.id, fc.constantFrom(...scoredOptions(question).map((o) => o.id), 'dont-know', ...(question.notApplicable ? ['not-applicable'] : []))])),
      { requiredKeys: [] },
    );
    const texts = (value: unknown): string[] =>
      typeof value === 'string' ? [value] : Array.isArray(value) ? value.flatMap(texts) : value && typeof value === 'object' ? Object.values(value).flatMap(texts) : [];
    fc.assert(
      fc.property(anyInputs, answers, segment, locale, (metricInputs, given, seg, loc) => {
        const r = buildReport(q, { answers: given as Record<string, string>, segment: seg, metricInputs }, loc);
        for (const text of texts(r)) expect(text).not.toMatch(/NaN|Infinity|undefined|\{\w+\}/);
        const tones = ['monthlyChurnRate', 'annualChurnRate'].map((id) => r.metrics.find((m) => m.id === id)?.benchmark?.tone).filter(Boolean);
        expect(tones.includes('better') && tones.includes('worse')).toBe(false);
        // A finding about a metric is bad news: it never shows beside a "better" verdict on that metric.
        for (const finding of r.findings) {
          const rule = q.rules.find((x) => x.id === finding.id)!;
          for (const c of rule.when) if ('metric' in c) expect(r.metrics.find((m) => m.id === c.metric)?.benchmark?.tone).not.toBe('better');
        }
      }),
      { numRuns: 300 },
    );
  });
  it('fills every verdict text of every benchmark in every language', () => {
    for (const loc of LOCALES)
      for (const b of q.benchmarks)
        for (const value of [0, 0.01, 0.03, 0.5, 1, 1.05, 3, 10, 20, 30]) {
          const r = report({ businessModel: b.businessModels?.[0], dealSize: b.dealSizes?.[0] }, { period: 'month', customersAtStart: 1000, customersLost: Math.round(value * 10) % 1000 }, loc);
          for (const m of r.metrics) if (m.benchmark?.label) expect(m.benchmark.label).not.toMatch(/\{|NaN|undefined/);
        }
  });
});
