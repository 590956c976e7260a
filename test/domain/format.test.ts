import { describe, expect, it } from 'vitest';
import { formatMetricValue, formatMoney } from '../../src/domain/format.ts';
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
    expect(nbsp(formatMoney(1234.5, 'es', 'EUR', 2))).toBe('1234,5 €');
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
