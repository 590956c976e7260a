import { describe, expect, it } from 'vitest';
import { buildReport } from '../../src/domain/report.ts';
import { LOCALES, type Locale } from '../../src/domain/locale.ts';
import type { MetricInputs } from '../../src/domain/metrics.ts';
import type { Segment } from '../../src/domain/schemas/segment.ts';
import { exampleTrigger } from '../../src/domain/rule-example.ts';
import { realQuestionnaire } from '../helpers/content.ts';

const q = realQuestionnaire();
/** The findings shown for these numbers, Intl's no-break spaces written as plain spaces. */
const findings = (metricInputs: MetricInputs, segment: Segment = {}, locale: Locale = 'es') =>
  buildReport(q, { answers: {}, segment, metricInputs }, locale).findings.map((f) => ({ ...f, title: f.title.replace(/\u00a0|\u202f/g, ' '), body: f.body.replace(/\u00a0|\u202f/g, ' ') }));
const ids = (metricInputs: MetricInputs, segment: Segment = {}) => findings(metricInputs, segment).map((f) => f.id);
const body = (id: string, metricInputs: MetricInputs, segment: Segment, locale: Locale) => findings(metricInputs, segment, locale).find((f) => f.id === id)?.body;

/** CLV:CAC of `ratio` with a monthly churn of 5 %: CLV = 1000 × 50 % ÷ 5 % = 10,000, CAC = 10,000 ÷ ratio. */
const clvToCac = (ratio: number): MetricInputs => ({ period: 'month', customersAtStart: 100, customersLost: 5, arpa: 1000, grossMarginPct: 50, salesAndMarketingSpend: 10_000 / ratio, newCustomers: 1 });
/** A CAC payback of `months`: CAC = 1000 × months, gross profit 1000 a month. */
const payback = (months: number): MetricInputs => ({ period: 'month', salesAndMarketingSpend: 1000 * months, newCustomers: 1, arpa: 2000, grossMarginPct: 50 });
const nrr = (expansion: number): MetricInputs => ({ period: 'year', mrrAtStart: 100_000, churnedMrr: 8000, contractionMrr: 2000, expansionMrr: expansion });
const saas: Segment = { businessModel: 'saas' };

describe('CLV:CAC findings', () => {
  it('shows "losing money on each customer" below 1 only, to any business model', () => {
    expect(ids(clvToCac(0.5))).toContain('clv-cac-below-1');
    expect(ids(clvToCac(0.5), { businessModel: 'ecommerce' })).toContain('clv-cac-below-1');
    expect(ids(clvToCac(1))).not.toContain('clv-cac-below-1');
    expect(ids(clvToCac(4))).not.toContain('clv-cac-below-1');
    expect(ids({ period: 'month', arpa: 1000, grossMarginPct: 50 })).not.toContain('clv-cac-below-1');
  });
  it('shows "below Skok\'s 3:1" from 1 to under 3, for SaaS only (the study\'s population)', () => {
    expect(ids(clvToCac(1), saas)).toContain('clv-cac-below-3');
    expect(ids(clvToCac(2.9), saas)).toContain('clv-cac-below-3');
    expect(ids(clvToCac(3), saas)).not.toContain('clv-cac-below-3');
    expect(ids(clvToCac(0.5), saas)).not.toContain('clv-cac-below-3');
    expect(ids(clvToCac(2), { businessModel: 'b2b-services' })).not.toContain('clv-cac-below-3');
    expect(ids(clvToCac(2))).not.toContain('clv-cac-below-3');
  });
  it('never shows both, even where rounding puts the figure on the edge', () => {
    for (const ratio of [0.94, 0.95, 0.96, 0.99, 1, 1.01, 2.94, 2.95, 2.96])
      expect(ids(clvToCac(ratio), saas).filter((id) => id.startsWith('clv-cac')).length).toBeLessThanOrEqual(1);
    // 0.96 is shown "1": not "below 1", but between 1 and 3.
    expect(ids(clvToCac(0.96), saas)).toEqual(expect.arrayContaining(['clv-cac-below-3']));
  });
  it.each(LOCALES)('quotes the visitor\'s ratio in the locale\'s format, in %s', (locale) => {
    const text = body('clv-cac-below-1', clvToCac(0.5), saas, locale)!;
    expect(text).toContain({ es: 'Tu CLV:CAC es de 0,5:', pt: 'Seu CLV:CAC é de 0,5:', en: 'Your CLV:CAC is 0.5:' }[locale]);
    expect(body('clv-cac-below-3', clvToCac(2.5), saas, locale)).toContain({ es: 'es de 2,5: cada cliente cubre', pt: 'é de 2,5: cada cliente cobre', en: 'is 2.5: each customer covers' }[locale]);
    expect(body('clv-cac-below-3', clvToCac(2.5), saas, locale)).toMatch(/David Skok \(Matrix Partners\)/);
  });
  it('agrees with the verdict shown beside the figure', () => {
    const r = buildReport(q, { answers: {}, segment: saas, metricInputs: clvToCac(2) }, 'es');
    expect(r.metrics.find((m) => m.id === 'clvToCac')?.benchmark?.verdict).toBe('misses-target');
  });
});

describe('CAC payback findings', () => {
  const paybackFindings = (months: number, segment: Segment) => ids(payback(months), segment).filter((id) => id.startsWith('cac-payback'));
  it('says "18 months or more" from 18 to under 24 months, to anyone', () => {
    expect(paybackFindings(17.9, saas)).toEqual([]);
    expect(paybackFindings(18, saas)).toEqual(['cac-payback-over-18-months']);
    expect(paybackFindings(23.9, {})).toEqual(['cac-payback-over-18-months']);
  });
  it('names Aleph × Benchmarkit\'s bottom quartile from 24 months for SaaS, and two years or more to others', () => {
    expect(paybackFindings(24, saas)).toEqual(['cac-payback-bottom-quartile']);
    expect(paybackFindings(100, saas)).toEqual(['cac-payback-bottom-quartile']);
    expect(paybackFindings(30, { businessModel: 'b2b-services' })).toEqual(['cac-payback-over-24-months']);
    expect(paybackFindings(30, { businessModel: 'ecommerce' })).toEqual(['cac-payback-over-24-months']);
    expect(paybackFindings(12, saas)).toEqual([]);
  });
  it.each(LOCALES)('quotes the months in the locale\'s format, in %s', (locale) => {
    expect(body('cac-payback-bottom-quartile', payback(30), saas, locale)).toContain({ es: 'Tardas 30 meses', pt: 'Você leva 30 meses', en: 'It takes you 30 months' }[locale]);
    expect(body('cac-payback-bottom-quartile', payback(30), saas, locale)).toMatch(/Aleph/);
    expect(body('cac-payback-over-18-months', payback(20.5), saas, locale)).toContain({ es: '20,5 meses', pt: '20,5 meses', en: '20.5 months' }[locale]);
    expect(body('cac-payback-over-24-months', payback(40), { businessModel: 'other' }, locale)).not.toMatch(/Aleph|SaaS/);
  });
});

describe('NRR finding', () => {
  it('shows under 100 % only', () => {
    expect(ids(nrr(5000))).toContain('nrr-below-100');
    expect(ids(nrr(10_000))).not.toContain('nrr-below-100');
    expect(ids(nrr(20_000))).not.toContain('nrr-below-100');
    expect(ids({ period: 'year', mrrAtStart: 100_000, churnedMrr: 8000, contractionMrr: 2000 })).not.toContain('nrr-below-100');
  });
  it.each(LOCALES)('quotes the NRR as a percentage of the locale, in %s', (locale) => {
    expect(body('nrr-below-100', nrr(5000), {}, locale)).toContain({ es: 'Tu NRR es del 95 %:', pt: 'Sua NRR é de 95%:', en: 'Your NRR is 95%:' }[locale]);
  });
});

describe('churn finding', () => {
  const churn = (lost: number): MetricInputs => ({ period: 'month', customersAtStart: 100, customersLost: lost });
  it('shows when the churn is worse than the segment\'s benchmark, whatever kind of figure it is', () => {
    expect(ids(churn(3), { businessModel: 'saas', dealSize: 'acv-under-12k' })).toContain('churn-worse-than-benchmark'); // KBCM median
    expect(ids(churn(3), { businessModel: 'saas', dealSize: 'acv-25k-50k' })).toContain('churn-worse-than-benchmark'); // ChartMogul target
    expect(ids(churn(1), { businessModel: 'saas', dealSize: 'acv-25k-50k' })).not.toContain('churn-worse-than-benchmark');
    expect(ids(churn(8), { businessModel: 'b2c-subscription' })).toContain('churn-worse-than-benchmark'); // Recurly B2C median
    expect(ids(churn(5), { businessModel: 'b2c-subscription' })).not.toContain('churn-worse-than-benchmark');
  });
  it('is silent where there is no benchmark for the segment', () => {
    expect(ids(churn(20), { businessModel: 'ecommerce' })).not.toContain('churn-worse-than-benchmark');
    expect(ids(churn(20))).not.toContain('churn-worse-than-benchmark');
  });
  it.each(LOCALES)('quotes the annual churn, converted from a month, in %s', (locale) => {
    // 3 % a month is 1 − 0.97^12 = 30.6 % a year.
    expect(body('churn-worse-than-benchmark', churn(3), saas, locale)).toContain({ es: 'Pierdes el 30,6 % de tus clientes al año', pt: 'Você perde 30,6% dos seus clientes por ano', en: 'You lose 30.6% of your customers a year' }[locale]);
  });
});

describe('forecast finding', () => {
  const forecast = (forecastRevenue: number): MetricInputs => ({ period: 'month', forecastRevenue, actualRevenue: 100_000 });
  it('shows when the forecast is off by more than 10 %, in either direction', () => {
    expect(ids(forecast(85_000))).toContain('forecast-error-over-10');
    expect(ids(forecast(115_000))).toContain('forecast-error-over-10');
    expect(ids(forecast(300_000))).toContain('forecast-error-over-10');
    expect(ids(forecast(90_000))).not.toContain('forecast-error-over-10');
    expect(ids(forecast(108_000))).not.toContain('forecast-error-over-10');
  });
  it.each(LOCALES)('quotes the accuracy, never negative, in %s', (locale) => {
    expect(body('forecast-error-over-10', forecast(300_000), {}, locale)).toContain({ es: 'es del 0 %:', pt: 'é de 0%:', en: 'is 0%:' }[locale]);
    expect(body('forecast-error-over-10', forecast(85_000), {}, locale)).toContain({ es: 'es del 85 %:', pt: 'é de 85%:', en: 'is 85%:' }[locale]);
  });
});

describe('conversion finding', () => {
  const conversion = (won: number): MetricInputs => ({ period: 'month', leads: 1000, newCustomers: won });
  it('shows below the sourced 2–5 % range, only where the range applies', () => {
    expect(ids(conversion(15), saas)).toContain('conversion-below-range');
    expect(ids(conversion(15), { businessModel: 'b2b-services' })).toContain('conversion-below-range');
    expect(ids(conversion(20), saas)).not.toContain('conversion-below-range');
    expect(ids(conversion(40), saas)).not.toContain('conversion-below-range');
    expect(ids(conversion(15), { businessModel: 'ecommerce' })).not.toContain('conversion-below-range');
    expect(ids(conversion(15))).not.toContain('conversion-below-range');
    // 1.996 % is shown "2 %": never "2 % … below 2 %".
    expect(ids({ period: 'month', leads: 100_000, newCustomers: 1996 }, saas)).not.toContain('conversion-below-range');
  });
  it.each(LOCALES)('quotes the conversion and names the range and its weak source, in %s', (locale) => {
    const text = body('conversion-below-range', conversion(15), saas, locale)!;
    expect(text).toContain({ es: 'Solo el 1,5 % de tus leads', pt: 'Só 1,5% dos seus leads', en: 'Only 1.5% of your leads' }[locale]);
    expect(text).toMatch({ es: /2 % al 5 %.*blogs/, pt: /2% a 5%.*blogs/, en: /2% to 5%.*blogs/ }[locale]);
  });
});

describe('every rule of the content', () => {
  it.each(LOCALES)('has an example whose report shows its finding, with every figure filled, in %s', (locale) => {
    for (const rule of q.rules) {
      const example = exampleTrigger(rule, q);
      expect(example, rule.id).not.toBeNull();
      const finding = buildReport(q, example!, locale).findings.find((f) => f.id === rule.id);
      expect(finding, rule.id).toBeDefined();
      expect(`${finding!.title} ${finding!.body}`).not.toMatch(/\{\w+\}|NaN|undefined|Infinity/);
    }
  });
  it('shows no finding from the numbers without numbers', () => {
    const numbers = q.rules.filter((r) => r.when.some((c) => 'metric' in c)).map((r) => r.id);
    expect(numbers.length).toBeGreaterThanOrEqual(9);
    const shown = buildReport(q, { answers: {}, segment: saas, metricInputs: null }, 'es').findings.map((f) => f.id);
    expect(shown.filter((id) => numbers.includes(id))).toEqual([]);
  });
});
