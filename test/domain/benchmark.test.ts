import { describe, expect, it } from 'vitest';
import { findBenchmark, verdictFor } from '../../src/domain/benchmark.ts';

const bands = [{ verdict: 'excellent' as const, upTo: 6 }, { verdict: 'good' as const, upTo: 16 }, { verdict: 'typical' as const, upTo: 24 }, { verdict: 'below' as const }];

describe('verdictFor', () => {
  it('puts a value in the first range whose upTo is above it', () => {
    expect(verdictFor(bands, 5.9)).toBe('excellent');
    expect(verdictFor(bands, 6)).toBe('good');
    expect(verdictFor(bands, 23.9)).toBe('typical');
    expect(verdictFor(bands, 24)).toBe('below');
    expect(verdictFor(bands, 1000)).toBe('below');
  });
});

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
});
