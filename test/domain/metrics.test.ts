import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import {
  annualFromMonthly,
  computeMetrics,
  CURRENCIES,
  METRIC_IDS,
  METRIC_INPUT_FIELDS,
  METRIC_INPUT_GROUPS,
  METRIC_REQUIRES,
  missingInputs,
  MetricInputsSchema,
  monthlyFromAnnual,
  type MetricInputs,
} from '../../src/domain/metrics.ts';

describe('computeMetrics worked examples', () => {
  it('6 of 200 customers lost in a month is 3 % monthly and about 30.6 % a year', () => {
    const m = computeMetrics({ period: 'month', customersAtStart: 200, customersLost: 6 });
    expect(m.monthlyChurnRate).toBeCloseTo(0.03, 10);
    expect(m.annualChurnRate).toBeCloseTo(0.306, 3);
  });

  // 1 − 0.975^12 = 0.2620; the "≈ 26.6 %" in the benchmark notes is a rounding slip of the same formula.
  it('2.5 % a month compounds to about 26.2 % a year, not 30 %', () => {
    expect(annualFromMonthly(0.025)).toBeCloseTo(0.262, 3);
    expect(monthlyFromAnnual(annualFromMonthly(0.025))).toBeCloseTo(0.025, 10);
  });

  it('converts a yearly count to a monthly churn rate', () => {
    const m = computeMetrics({ period: 'year', customersAtStart: 100, customersLost: 10 });
    expect(m.annualChurnRate).toBeCloseTo(0.1, 10);
    expect(m.monthlyChurnRate).toBeCloseTo(1 - 0.9 ** (1 / 12), 10);
  });

  it('ARPA 500, margin 80 %, churn 2 %, CAC 5,000 gives CLV 20,000, CLV:CAC 4 and payback 12.5 months', () => {
    const m = computeMetrics({
      period: 'month',
      customersAtStart: 100,
      customersLost: 2,
      arpa: 500,
      grossMarginPct: 80,
      salesAndMarketingSpend: 50_000,
      newCustomers: 10,
    });
    expect(m.cac).toBe(5000);
    expect(m.clv).toBeCloseTo(20_000, 6);
    expect(m.clvToCac).toBeCloseTo(4, 10);
    expect(m.cacPaybackMonths).toBeCloseTo(12.5, 10);
  });

  it('zero churn makes CLV and CLV:CAC not computable, never Infinity', () => {
    const m = computeMetrics({ period: 'month', customersAtStart: 100, customersLost: 0, arpa: 500, grossMarginPct: 80, salesAndMarketingSpend: 1000, newCustomers: 1 });
    expect(m.monthlyChurnRate).toBe(0);
    expect(m.clv).toBeNull();
    expect(m.clvToCac).toBeNull();
    expect(m.cacPaybackMonths).toBeCloseTo(2.5, 10);
  });

  it('no new customers makes CAC not computable', () => {
    expect(computeMetrics({ period: 'month', salesAndMarketingSpend: 1000, newCustomers: 0 }).cac).toBeNull();
  });

  it('GRR and NRR from a month compound to a year', () => {
    const m = computeMetrics({ period: 'month', mrrAtStart: 100_000, churnedMrr: 1000, contractionMrr: 500, expansionMrr: 2500 });
    expect(m.grr).toBeCloseTo(0.985 ** 12, 10);
    expect(m.nrr).toBeCloseTo(1.01 ** 12, 10);
  });

  it('GRR and NRR over a year use the figures as given', () => {
    const m = computeMetrics({ period: 'year', mrrAtStart: 100_000, churnedMrr: 6000, contractionMrr: 4000, expansionMrr: 15_000 });
    expect(m.grr).toBeCloseTo(0.9, 10);
    expect(m.nrr).toBeCloseTo(1.05, 10);
  });

  it('conversion is customers won over leads (not the inverse)', () => {
    expect(computeMetrics({ period: 'month', leads: 400, newCustomers: 12 }).conversionRate).toBeCloseTo(0.03, 10);
  });

  it('pipeline velocity is opportunities × win rate × deal size ÷ cycle days', () => {
    const m = computeMetrics({ period: 'month', opportunities: 50, winRatePct: 20, averageDealSize: 12_000, salesCycleDays: 60 });
    expect(m.pipelineVelocityPerDay).toBeCloseTo(2000, 8);
    expect(computeMetrics({ period: 'month', opportunities: 50, winRatePct: 20, averageDealSize: 12_000, salesCycleDays: 0 }).pipelineVelocityPerDay).toBeNull();
  });

  it('forecast accuracy is 1 − |actual − forecast| ÷ actual', () => {
    expect(computeMetrics({ period: 'month', forecastRevenue: 110_000, actualRevenue: 100_000 }).forecastAccuracy).toBeCloseTo(0.9, 10);
    expect(computeMetrics({ period: 'month', forecastRevenue: 90_000, actualRevenue: 100_000 }).forecastAccuracy).toBeCloseTo(0.9, 10);
    expect(computeMetrics({ period: 'month', forecastRevenue: 10, actualRevenue: 0 }).forecastAccuracy).toBeNull();
  });

  it('leaves every metric null when no numbers are given', () => {
    const m = computeMetrics({ period: 'month' });
    for (const id of METRIC_IDS) expect(m[id]).toBeNull();
  });
});

describe('MetricInputsSchema', () => {
  const messages = (input: unknown) => {
    const result = MetricInputsSchema.safeParse(input);
    return result.success ? [] : result.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`);
  };

  it('accepts a valid set of inputs', () => {
    expect(messages({ period: 'year', customersAtStart: 10, customersLost: 1, grossMarginPct: 100 })).toEqual([]);
  });
  it('requires the period', () => {
    expect(messages({ customersAtStart: 10 })).toEqual(['period: bad-period']);
  });
  it('rejects negative numbers', () => {
    expect(messages({ period: 'month', arpa: -1 })).toEqual(['arpa: negative']);
  });
  it('rejects fractional counts', () => {
    expect(messages({ period: 'month', leads: 2.5 })).toEqual(['leads: not-whole']);
  });
  it('rejects text where a number belongs', () => {
    expect(messages({ period: 'month', leads: '12' })).toEqual(['leads: not-a-number']);
  });
  it('rejects more customers lost than at start', () => {
    expect(messages({ period: 'month', customersAtStart: 5, customersLost: 6 })).toEqual(['customersLost: lost-exceeds-start']);
  });
  it('rejects more new customers than leads', () => {
    expect(messages({ period: 'month', leads: 5, newCustomers: 6 })).toEqual(['newCustomers: won-exceeds-leads']);
  });
  it('rejects figures past a quadrillion', () => {
    expect(messages({ period: 'month', arpa: 2e15 })).toEqual(['arpa: too-large']);
  });
  it('accepts the currencies on offer and nothing else', () => {
    expect(messages({ period: 'month', currency: 'MXN', arpa: 10 })).toEqual([]);
    expect(messages({ period: 'month', currency: 'mxn' })).toEqual(['currency: bad-currency']);
    expect(messages({ period: 'month', currency: 5 })).toEqual(['currency: bad-currency']);
  });
  it('reads the earlier "customers won" key as new customers, so stored submissions still parse', () => {
    expect(MetricInputsSchema.parse({ period: 'month', leads: 400, customersWon: 12 })).toEqual({ period: 'month', leads: 400, newCustomers: 12 });
    expect(MetricInputsSchema.parse({ period: 'month', newCustomers: 10, customersWon: 12 }), 'both: the current key wins').toEqual({ period: 'month', newCustomers: 10 });
    expect(messages({ period: 'month', customersWon: 1.5 })).toEqual(['customersWon: not-whole']);
  });
  it('rejects percentages over 100', () => {
    expect(messages({ period: 'month', grossMarginPct: 101, winRatePct: 100.5 })).toEqual(['grossMarginPct: over-100', 'winRatePct: over-100']);
  });
  it('rejects more MRR lost than there was', () => {
    expect(messages({ period: 'month', mrrAtStart: 100, churnedMrr: 60, contractionMrr: 50 })).toEqual(['churnedMrr: mrr-loss-exceeds-start']);
  });
  it('rejects unknown fields', () => {
    expect(messages({ period: 'month', revenue: 1 })).toEqual(['revenue: unknown-field']);
  });
  it('rejects a non-object', () => {
    expect(messages([1, 2])).toEqual(['period: bad-period']);
  });
  it('parses valid inputs to the same values', () => {
    const input = { period: 'year', currency: 'BRL', leads: 10, newCustomers: 2 };
    expect(MetricInputsSchema.parse(input)).toEqual(input);
  });
});

const validInputs: fc.Arbitrary<MetricInputs> = fc
  .record(
    {
      period: fc.constantFrom('month' as const, 'year' as const),
      currency: fc.constantFrom(...CURRENCIES),
      customersAtStart: fc.nat(1_000_000),
      lostShare: fc.double({ min: 0, max: 1, noNaN: true }),
      newCustomers: fc.nat(100_000),
      // Whole amounts, so churned + contraction ≤ start holds exactly (subnormal doubles round past it).
      mrrAtStart: fc.nat(1_000_000_000),
      churnShare: fc.double({ min: 0, max: 1, noNaN: true }),
      contractionShare: fc.double({ min: 0, max: 1, noNaN: true }),
      expansionMrr: fc.double({ min: 0, max: 1e9, noNaN: true }),
      salesAndMarketingSpend: fc.double({ min: 0, max: 1e9, noNaN: true }),
      arpa: fc.double({ min: 0, max: 1e7, noNaN: true }),
      grossMarginPct: fc.double({ min: 0, max: 100, noNaN: true }),
      leads: fc.nat(1_000_000),
      wonShare: fc.double({ min: 0, max: 1, noNaN: true }),
      opportunities: fc.nat(100_000),
      winRatePct: fc.double({ min: 0, max: 100, noNaN: true }),
      averageDealSize: fc.double({ min: 0, max: 1e7, noNaN: true }),
      salesCycleDays: fc.double({ min: 0, max: 1000, noNaN: true }),
      forecastRevenue: fc.double({ min: 0, max: 1e9, noNaN: true }),
      actualRevenue: fc.double({ min: 0, max: 1e9, noNaN: true }),
    },
    { requiredKeys: ['period'] },
  )
  .map((r) => {
    const out: Record<string, unknown> = { ...r };
    delete out.lostShare;
    delete out.churnShare;
    delete out.contractionShare;
    delete out.wonShare;
    if (r.customersAtStart !== undefined && r.lostShare !== undefined) out.customersLost = Math.floor(r.customersAtStart * r.lostShare);
    if (r.leads !== undefined && r.wonShare !== undefined) out.newCustomers = Math.floor(r.leads * r.wonShare);
    else if (r.leads !== undefined && r.newCustomers !== undefined) out.newCustomers = Math.min(r.leads, r.newCustomers);
    if (r.mrrAtStart !== undefined && r.churnShare !== undefined) {
      out.churnedMrr = Math.floor(r.mrrAtStart * r.churnShare * 0.5);
      if (r.contractionShare !== undefined) out.contractionMrr = Math.floor(r.mrrAtStart * r.contractionShare * 0.5);
    }
    return out as MetricInputs;
  });

describe('computeMetrics properties', () => {
  it('generated inputs are valid for the schema', () => {
    fc.assert(fc.property(validInputs, (inputs) => MetricInputsSchema.safeParse(inputs).success));
  });

  it('never returns Infinity or NaN for valid inputs', () => {
    fc.assert(
      fc.property(validInputs, (inputs) => {
        const m = computeMetrics(inputs);
        return METRIC_IDS.every((id) => m[id] === null || Number.isFinite(m[id]));
      }),
      { numRuns: 2000 },
    );
  });

  it('keeps GRR at or below 100 % and at or above 0, even with subnormal amounts', () => {
    expect(computeMetrics({ period: 'year', mrrAtStart: 3.5e-323, churnedMrr: 3.5e-323 * 0.4642857142857143, contractionMrr: 3.5e-323 * 0.4642857142857143 }).grr).toBeLessThanOrEqual(1);
  });

  it('keeps GRR at or below 100 % and at or above 0', () => {
    fc.assert(
      fc.property(validInputs, (inputs) => {
        const { grr } = computeMetrics(inputs);
        return grr === null || (grr <= 1 && grr >= 0);
      }),
      { numRuns: 20_000 },
    );
  });

  it('keeps churn rates between 0 and 1', () => {
    fc.assert(
      fc.property(validInputs, (inputs) => {
        const m = computeMetrics(inputs);
        return [m.monthlyChurnRate, m.annualChurnRate].every((v) => v === null || (v >= 0 && v <= 1));
      }),
    );
  });

  it('puts every input field in exactly one form group', () => {
    expect(Object.values(METRIC_INPUT_GROUPS).flat().sort()).toEqual([...METRIC_INPUT_FIELDS].sort());
  });
});

describe('METRIC_REQUIRES', () => {
  const full: MetricInputs = {
    period: 'month', customersAtStart: 200, customersLost: 6, newCustomers: 10, mrrAtStart: 100_000, expansionMrr: 3000,
    contractionMrr: 500, churnedMrr: 1000, salesAndMarketingSpend: 50_000, arpa: 500, grossMarginPct: 80, leads: 400,
    opportunities: 50, winRatePct: 20, averageDealSize: 12_000, salesCycleDays: 60, forecastRevenue: 110_000, actualRevenue: 100_000,
  };

  it('every metric is computed when all inputs are given', () => {
    const m = computeMetrics(full);
    for (const id of METRIC_IDS) expect(m[id], id).not.toBeNull();
  });

  for (const id of METRIC_IDS) {
    it(`${id} needs exactly the inputs it lists`, () => {
      for (const field of METRIC_INPUT_FIELDS) {
        const without: MetricInputs = { ...full, [field]: undefined };
        const value = computeMetrics(without)[id];
        if (METRIC_REQUIRES[id].includes(field)) expect(value, `without ${field}`).toBeNull();
        else expect(value, `without ${field}`).not.toBeNull();
        expect(missingInputs(id, without)).toEqual(METRIC_REQUIRES[id].includes(field) ? [field] : []);
      }
    });
  }
});
