import { describe, expect, it } from 'vitest';
import { parseMetricDraft, type MetricDraft } from '../../src/domain/metric-draft.ts';
import type { Locale } from '../../src/domain/locale.ts';

const nbsp = (text: string | undefined) => text?.replace(/[\u00a0\u202f]/g, ' ');

function read(locale: Locale, values: MetricDraft['values'], extra: Partial<MetricDraft> = {}) {
  return parseMetricDraft({ period: 'month', values, ...extra }, locale);
}

describe('parseMetricDraft', () => {
  it('reads 90.000 and 90,000 as the same spend on the Spanish page, shows it back the Spanish way, and computes with it', () => {
    for (const raw of ['90.000', '90,000', '90 000']) {
      const result = read('es', { salesAndMarketingSpend: raw, newCustomers: '1,500' });
      expect(result.inputs.salesAndMarketingSpend, raw).toBe(90_000);
      expect(result.inputs.newCustomers).toBe(1500);
      expect(result.fields.salesAndMarketingSpend).toEqual({ understood: '90.000' });
      expect(result.fields.newCustomers).toEqual({ understood: '1.500' });
      expect(result.values.cac).toBe(60);
      expect(result.problems).toEqual([]);
      expect(result.any).toBe(true);
    }
  });

  it('writes a percentage with its sign, in the page language', () => {
    expect(read('pt', { grossMarginPct: '75.5' }).fields.grossMarginPct?.understood).toBe('75,5 %');
    expect(read('en', { grossMarginPct: '75,5' }).fields.grossMarginPct?.understood).toBe('75.5 %');
    expect(read('en', { grossMarginPct: '75,5' }).inputs.grossMarginPct).toBe(75.5);
  });

  it('shows money in the chosen currency, and keeps the currency in the inputs; none when not chosen or not on offer', () => {
    const brl = read('pt', { arpa: '1.234,5' }, { currency: 'BRL' });
    expect(nbsp(brl.fields.arpa?.understood)).toBe('R$ 1.234,5');
    expect(brl.inputs).toEqual({ period: 'month', currency: 'BRL', arpa: 1234.5 });
    expect(read('pt', { arpa: '10' }, { currency: '' }).inputs).toEqual({ period: 'month', arpa: 10 });
    expect(read('pt', { arpa: '10' }).inputs.currency).toBeUndefined();
  });

  it('keeps the period the visitor chose', () => {
    expect(read('es', { arpa: '10' }, { period: 'year' }).inputs.period).toBe('year');
  });

  it('asks which reading is meant for an ambiguous figure, guesses nothing, and uses a confirmed reading only for the text it was given for', () => {
    const values = { winRatePct: '12.500', opportunities: '10', averageDealSize: '1000', salesCycleDays: '10' };
    const asked = read('en', values);
    expect(asked.fields.winRatePct?.choice).toEqual({ raw: '12.500', values: [12.5, 12_500], labels: ['12.5 %', '12,500 %'], chosen: null });
    expect(asked.fields.winRatePct?.understood).toBeUndefined();
    expect(asked.inputs.winRatePct).toBeUndefined();
    expect(asked.problems).toEqual(['winRatePct']);
    expect(asked.needs.pipelineVelocityPerDay).toEqual({ missing: [], check: ['winRatePct'] });
    expect(asked.values.pipelineVelocityPerDay).toBeNull();

    const confirmed = read('en', values, { chosen: { winRatePct: { raw: '12.500', value: 12.5 } } });
    expect(confirmed.inputs.winRatePct).toBe(12.5);
    expect(confirmed.fields.winRatePct?.choice?.chosen).toBe(12.5);
    expect(confirmed.problems).toEqual([]);
    expect(confirmed.values.pipelineVelocityPerDay).toBeCloseTo(125, 10);

    const stale = read('en', { ...values, winRatePct: '12,600' }, { chosen: { winRatePct: { raw: '12.500', value: 12.5 } } });
    expect(stale.fields.winRatePct?.choice?.chosen).toBeNull();
    const foreign = read('en', values, { chosen: { winRatePct: { raw: '12.500', value: 99 } } });
    expect(foreign.fields.winRatePct?.choice?.chosen, 'a value that is not one of the readings is not a confirmation').toBeNull();
  });

  it('says why a typed field cannot be used, leaves it out, and still computes the rest', () => {
    const result = read('es', { customersAtStart: '1,5', customersLost: 'seis', arpa: '-3', leads: '400', newCustomers: '12' });
    expect(result.errors).toEqual({ customersAtStart: 'not-whole', customersLost: 'not-a-number', arpa: 'negative' });
    expect(result.fields.customersLost).toEqual({ error: 'not-a-number' });
    expect(result.inputs).toEqual({ period: 'month', leads: 400, newCustomers: 12 });
    expect(result.problems).toEqual(['customersAtStart', 'customersLost', 'arpa']);
    expect(result.needs.monthlyChurnRate).toEqual({ missing: [], check: ['customersAtStart', 'customersLost'] });
    expect(result.needs.clv).toEqual({ missing: ['grossMarginPct'], check: ['arpa', 'customersAtStart', 'customersLost'] });
    expect(result.values.conversionRate).toBeCloseTo(0.03, 10);
  });

  it('refuses an impossible combination with the schema rule, on the field it concerns', () => {
    const result = read('en', { customersAtStart: '10', customersLost: '12' });
    expect(result.errors).toEqual({ customersLost: 'lost-exceeds-start' });
    expect(result.inputs.customersLost).toBeUndefined();
    expect(result.inputs.customersAtStart).toBe(10);
    expect(result.fields.customersAtStart?.understood).toBe('10');
  });

  it('says nothing was typed for an empty draft, and needs every input', () => {
    const result = read('es', { arpa: '  ' });
    expect(result.any).toBe(false);
    expect(result.inputs).toEqual({ period: 'month' });
    expect(result.fields).toEqual({});
    expect(result.needs.cac).toEqual({ missing: ['salesAndMarketingSpend', 'newCustomers'], check: [] });
  });

  it('reads a draft saved with the earlier "customers won" field as new customers', () => {
    const result = read('es', { leads: '400', customersWon: '12' } as never);
    expect(result.inputs.newCustomers).toBe(12);
    expect(result.values.conversionRate).toBeCloseTo(0.03, 10);
  });
});
