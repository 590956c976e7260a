import { beforeEach, describe, expect, it } from 'vitest';
import { cleanTestStorage, useTestStorageEngine } from '@nanostores/persistent';
import {
  $includeMetrics, $locale, $metricDraft, $metricResult, $metricsBlocked, chooseReading, finishMetrics, setCurrency, setMetricValue,
} from '../../src/stores/diagnostic.ts';
import type { Locale } from '../../src/domain/locale.ts';

useTestStorageEngine();

const nbsp = (text: string | undefined) => text?.replace(/[\u00a0\u202f]/g, ' ');

function typeIn(locale: Locale, values: Record<string, string>) {
  $locale.set(locale);
  $metricDraft.set({ period: 'month', values: {} });
  for (const [field, raw] of Object.entries(values)) setMetricValue(field as never, raw);
  return $metricResult.get();
}

beforeEach(() => {
  cleanTestStorage();
  $metricsBlocked.set(false);
  $includeMetrics.set(false);
});

describe('the metrics step reads numbers as typed', () => {
  it('takes 90.000 (Spain) and 90,000 (Mexico) as the same spend on the Spanish page, and shows it back in Spanish', () => {
    for (const raw of ['90.000', '90,000', '90 000']) {
      const result = typeIn('es', { salesAndMarketingSpend: raw, newCustomers: '1,500' });
      expect(result.inputs.salesAndMarketingSpend, raw).toBe(90_000);
      expect(result.inputs.newCustomers).toBe(1500);
      expect(result.fields.salesAndMarketingSpend?.understood).toBe('90.000');
      expect(result.values.cac).toBe(60);
    }
  });

  it('takes 75,5 and 75.5 as the same margin in every language', () => {
    for (const locale of ['es', 'pt', 'en'] as const) {
      for (const raw of ['75,5', '75.5']) {
        const result = typeIn(locale, { grossMarginPct: raw });
        expect(result.inputs.grossMarginPct, `${locale} ${raw}`).toBe(75.5);
        expect(result.errors.grossMarginPct).toBeUndefined();
      }
    }
    expect(typeIn('pt', { grossMarginPct: '75.5' }).fields.grossMarginPct?.understood).toBe('75,5 %');
    expect(typeIn('en', { grossMarginPct: '75,5' }).fields.grossMarginPct?.understood).toBe('75.5 %');
  });

  it('shows money in the chosen currency', () => {
    typeIn('pt', { arpa: '1.234,5' });
    setCurrency('BRL');
    expect(nbsp($metricResult.get().fields.arpa?.understood)).toBe('R$ 1.234,5');
    expect($metricResult.get().inputs.currency).toBe('BRL');
    setCurrency('XYZ');
    expect($metricResult.get().inputs.currency, 'a currency not on offer is dropped').toBeUndefined();
  });

  it('asks which reading is meant for 1.234 as a percentage, and uses the one confirmed', () => {
    let result = typeIn('en', { winRatePct: '12.500', opportunities: '10', averageDealSize: '1000', salesCycleDays: '10' });
    expect(result.fields.winRatePct?.choice).toMatchObject({ raw: '12.500', values: [12.5, 12_500], labels: ['12.5 %', '12,500 %'], chosen: null });
    expect(result.inputs.winRatePct, 'nothing guessed').toBeUndefined();
    expect(result.problems).toEqual(['winRatePct']);
    expect(result.needs.pipelineVelocityPerDay, 'never called missing').toEqual({ missing: [], check: ['winRatePct'] });
    chooseReading('winRatePct', 12.5);
    result = $metricResult.get();
    expect(result.inputs.winRatePct).toBe(12.5);
    expect(result.fields.winRatePct?.choice?.chosen).toBe(12.5);
    expect(result.values.pipelineVelocityPerDay).toBeCloseTo(125, 10);
    setMetricValue('winRatePct', '12,600');
    expect($metricResult.get().fields.winRatePct?.choice?.chosen, 'a confirmation holds only for the text it was given for').toBeNull();
  });

  it('says why a typed field cannot be used instead of calling it missing', () => {
    const result = typeIn('es', { customersAtStart: '1,5', customersLost: 'seis', arpa: '-3' });
    expect(result.errors).toEqual({ customersAtStart: 'not-whole', customersLost: 'not-a-number', arpa: 'negative' });
    expect(result.needs.monthlyChurnRate).toEqual({ missing: [], check: ['customersAtStart', 'customersLost'] });
    expect(result.needs.clv).toEqual({ missing: ['grossMarginPct'], check: ['arpa', 'customersAtStart', 'customersLost'] });
    expect(result.any).toBe(true);
  });

  it('refuses to include the numbers while one is unreadable or unconfirmed, but lets the visitor skip', () => {
    typeIn('es', { customersAtStart: 'x', customersLost: '3' });
    expect(finishMetrics(true)).toBe(false);
    expect($metricsBlocked.get()).toBe(true);
    expect($includeMetrics.get()).toBe(false);
    setMetricValue('customersAtStart', '100');
    expect(finishMetrics(true)).toBe(true);
    expect($includeMetrics.get()).toBe(true);
    typeIn('es', { customersAtStart: 'x' });
    expect(finishMetrics(false)).toBe(true);
  });

  it('reads a draft saved with the earlier "customers won" field as new customers', () => {
    $locale.set('es');
    $metricDraft.set({ period: 'month', values: { leads: '400', customersWon: '12' } as never });
    expect($metricResult.get().inputs.newCustomers).toBe(12);
    expect($metricResult.get().values.conversionRate).toBeCloseTo(0.03, 10);
  });
});
