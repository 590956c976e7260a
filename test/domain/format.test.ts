import { describe, expect, it } from 'vitest';
import { fill, formatMetricValue, formatMoney, formatNumber, formatPercent } from '../../src/domain/format.ts';
import { metricWorking } from '../../src/domain/working.ts';
import { computeMetrics, METRIC_IDS, METRIC_INPUT_FIELDS } from '../../src/domain/metrics.ts';

const nbsp = (text: string) => text.replace(/[\u00a0\u202f]/g, ' ');

describe('money in the visitor’s currency', () => {
  it('formats money with the currency in each page language, and as a plain number without one', () => {
    expect(nbsp(formatMoney(90_000, 'es', 'EUR'))).toBe('90.000 €');
    expect(nbsp(formatMoney(90_000, 'es', 'MXN'))).toBe('90.000 MXN');
    expect(nbsp(formatMoney(90_000, 'pt', 'BRL'))).toBe('R$ 90.000');
    expect(nbsp(formatMoney(90_000, 'en', 'USD'))).toBe('$90,000');
    expect(formatMoney(90_000, 'es')).toBe('90.000');
    expect(nbsp(formatMoney(1234.5, 'es', 'EUR', 2))).toBe('1.234,5 €');
  });

  it('shows the currency on money metrics only', () => {
    expect(nbsp(formatMetricValue('cac', 5000, 'en', 'EUR'))).toBe('€5,000');
    expect(nbsp(formatMetricValue('monthlyChurnRate', 0.03, 'en', 'EUR'))).toBe('3%');
    expect(formatMetricValue('cac', 5000, 'en')).toBe('5,000');
  });

  it('shows the currency on every money amount of the working', () => {
    const inputs = { period: 'month', currency: 'USD', salesAndMarketingSpend: 50_000, newCustomers: 10, leads: 400 } as const;
    const labels = {
      inputs: Object.fromEntries(METRIC_INPUT_FIELDS.map((f) => [f, f])) as Record<(typeof METRIC_INPUT_FIELDS)[number], string>,
      metric: Object.fromEntries(METRIC_IDS.map((m) => [m, m])) as Record<(typeof METRIC_IDS)[number], string>,
    };
    const working = metricWorking(inputs, computeMetrics(inputs), labels, 'en');
    expect(working.cac?.numbers).toBe('$50,000 ÷ 10 = $5,000');
    expect(working.conversionRate?.numbers, 'one "new customers" figure feeds conversion too').toBe('10 ÷ 400 = 2.5%');
  });
});

describe('numbers in the page’s language', () => {
  it('groups thousands and marks decimals the way each language writes them', () => {
    expect(formatNumber(12_500, 'es')).toBe('12.500');
    expect(formatNumber(12_500, 'pt')).toBe('12.500');
    expect(formatNumber(12_500, 'en')).toBe('12,500');
    expect(formatNumber(1_234_567.25, 'es')).toBe('1.234.567,25');
    expect(formatNumber(1_234_567.25, 'pt')).toBe('1.234.567,25');
    expect(formatNumber(1_234_567.25, 'en')).toBe('1,234,567.25');
  });

  it('rounds to two decimals unless told otherwise, and drops trailing zeros', () => {
    expect(formatNumber(3.14159, 'en')).toBe('3.14');
    expect(formatNumber(3.14159, 'en', 3)).toBe('3.142');
    expect(formatNumber(3.14159, 'en', 0)).toBe('3');
    expect(formatNumber(2.5, 'es')).toBe('2,5');
    expect(formatNumber(2, 'pt')).toBe('2');
  });

  it('keeps money whole by default and shows up to the decimals asked for', () => {
    expect(nbsp(formatMoney(1_250.75, 'en', 'USD'))).toBe('$1,251');
    expect(nbsp(formatMoney(1_250.75, 'en', 'USD', 2))).toBe('$1,250.75');
    expect(nbsp(formatMoney(1_250, 'en', 'USD', 2)), 'no forced cents').toBe('$1,250');
    expect(formatMoney(1_250.75, 'pt')).toBe('1.251');
    expect(formatMoney(12_500.756, 'pt', null, 2)).toBe('12.500,76');
  });

  it('groups four-digit amounts with and without a currency alike, so one report never shows "5.000" beside "5000 €"', () => {
    expect(formatNumber(5000, 'es')).toBe('5.000');
    expect(formatMoney(5000, 'es', 'EUR').replace(/\s/g, ' ')).toBe('5.000 €');
    expect(formatMoney(5000, 'es', null)).toBe('5.000');
  });

  it('writes each currency in the page’s language', () => {
    expect(nbsp(formatMoney(15_000, 'es', 'USD'))).toBe('15.000 US$');
    expect(nbsp(formatMoney(15_000, 'pt', 'EUR'))).toBe('€ 15.000');
    expect(nbsp(formatMoney(15_000, 'en', 'BRL'))).toBe('R$15,000');
    expect(nbsp(formatMoney(15_000, 'en', 'EUR'))).toBe('€15,000');
  });

  it('never mixes up two formats asked for one after the other', () => {
    // One cached formatter per language, style, currency and decimals: none may stand in for another.
    expect(formatNumber(0.125, 'en', 1)).toBe('0.1');
    expect(formatNumber(0.125, 'en', 3)).toBe('0.125');
    expect(formatNumber(0.125, 'es', 3)).toBe('0,125');
    expect(nbsp(formatMetricValue('conversionRate', 0.125, 'en'))).toBe('12.5%');
    expect(formatMetricValue('clvToCac', 0.125, 'en')).toBe('0.1');
    expect(nbsp(formatMoney(15_000, 'en', 'EUR'))).toBe('€15,000');
    expect(nbsp(formatMoney(15_000, 'en', 'USD'))).toBe('$15,000');
    expect(nbsp(formatMoney(15_000, 'en', 'USD', 2))).toBe('$15,000');
    expect(nbsp(formatMoney(15_000.5, 'en', 'USD', 2))).toBe('$15,000.5');
    expect(nbsp(formatMoney(15_000.5, 'en', 'USD'))).toBe('$15,001');
  });
});

describe('metric values in their unit', () => {
  it('shows rates as percentages with one decimal', () => {
    expect(nbsp(formatMetricValue('monthlyChurnRate', 0.03333, 'es'))).toBe('3,3 %');
    expect(nbsp(formatMetricValue('grr', 0.9, 'pt'))).toBe('90%');
    expect(nbsp(formatMetricValue('nrr', 1.1549, 'en'))).toBe('115.5%');
    expect(nbsp(formatMetricValue('conversionRate', 0.0024, 'en'))).toBe('0.2%');
    expect(nbsp(formatMetricValue('annualChurnRate', 0.306, 'es'))).toBe('30,6 %');
    expect(nbsp(formatMetricValue('forecastAccuracy', 0.875, 'pt'))).toBe('87,5%');
  });

  it('shows money metrics whole, in the currency when there is one', () => {
    expect(nbsp(formatMetricValue('clv', 13_333.33, 'es', 'EUR'))).toBe('13.333 €');
    expect(nbsp(formatMetricValue('pipelineVelocityPerDay', 12_000.4, 'pt', 'BRL'))).toBe('R$ 12.000');
    expect(formatMetricValue('cac', 15_000.6, 'es')).toBe('15.001');
  });

  it('shows the CLV:CAC ratio and the payback months with one decimal', () => {
    expect(formatMetricValue('clvToCac', 2.666, 'es')).toBe('2,7');
    expect(formatMetricValue('clvToCac', 3, 'en')).toBe('3');
    expect(formatMetricValue('cacPaybackMonths', 12.54, 'pt')).toBe('12,5');
    expect(formatMetricValue('cacPaybackMonths', 18.25, 'en')).toBe('18.3');
  });
});

describe('fill', () => {
  it('replaces every placeholder by its value', () => {
    expect(fill('Paso {step} de {total}', { step: 2, total: 8 })).toBe('Paso 2 de 8');
    expect(fill('{a}{a} {name_2}', { a: 'x', name_2: 'y' })).toBe('xx y');
  });

  it('leaves placeholders without a value as they are', () => {
    expect(fill('{known} y {unknown}', { known: 1 })).toBe('1 y {unknown}');
  });

  it('fills only word-like names in braces', () => {
    expect(fill('{a b} {} {a}', { a: 1, 'a b': 2, '': 3 })).toBe('{a b} {} 1');
  });

  it('leaves text without placeholders alone', () => {
    expect(fill('Sin datos', { step: 1 })).toBe('Sin datos');
  });
});

describe('percentages and days', () => {
  it('writes a fraction as a percentage the locale\'s way, one decimal unless told otherwise', () => {
    expect(formatPercent(0.8, 'es')).toBe('80\u00a0%');
    expect(formatPercent(0.8, 'pt')).toBe('80%');
    expect(formatPercent(0.8, 'en')).toBe('80%');
    expect(formatPercent(0.473, 'es')).toBe('47,3\u00a0%');
    expect(formatPercent(0.3325, 'en')).toBe('33.3%');
    expect(formatPercent(0.3325, 'en', 2)).toBe('33.25%');
  });
  it('writes metric rates with the same formatter, so a page never mixes "80 %" and "3%"', () => {
    for (const locale of ['es', 'pt', 'en'] as const) {
      expect(formatMetricValue('winRate', 0.3, locale)).toBe(formatPercent(0.3, locale));
      expect(formatMetricValue('grr', 0.855, locale)).toBe(formatPercent(0.855, locale));
    }
  });
  it('writes a sales cycle in days as a plain number with one decimal, the name carrying the unit', () => {
    expect(formatMetricValue('salesCycleDays', 90, 'es')).toBe('90');
    expect(formatMetricValue('salesCycleDays', 1234.56, 'es')).toBe('1.234,6');
    expect(formatMetricValue('salesCycleDays', 1234.56, 'en', 'USD')).toBe('1,234.6');
  });
});
