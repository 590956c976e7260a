import { runs } from '../helpers/runs.ts';
import { MetricInputsSchema } from '../../src/domain/schemas/metric-inputs.ts';
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import {
  annualFromMonthly,
  computeMetrics,
  currentMetricInputs,
  CURRENCIES,
  GIVEN_METRICS,
  METRIC_BETTER,
  METRIC_IDS,
  METRIC_INPUT_FIELDS,
  METRIC_INPUT_GROUPS,
  METRIC_REQUIRES,
  METRIC_UNITS,
  metricInputIssues,
  missingInputs,
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

  it('takes the win rate and the sales cycle as given: the rate as a fraction, the cycle in days', () => {
    const m = computeMetrics({ period: 'year', winRatePct: 30, salesCycleDays: 90 });
    expect(m.winRate).toBeCloseTo(0.3, 12);
    expect(m.salesCycleDays).toBe(90);
    expect(computeMetrics({ period: 'month', winRatePct: 0, salesCycleDays: 0 })).toMatchObject({ winRate: 0, salesCycleDays: 0 });
    expect([METRIC_UNITS.winRate, METRIC_UNITS.salesCycleDays]).toEqual(['percent', 'days']);
    expect([METRIC_BETTER.winRate, METRIC_BETTER.salesCycleDays], 'a higher win rate and a shorter cycle are better').toEqual(['higher', 'lower']);
    for (const [metric, field] of Object.entries(GIVEN_METRICS)) expect(METRIC_REQUIRES[metric as keyof typeof GIVEN_METRICS]).toEqual([field]);
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
      { numRuns: runs(2000) },
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
      { numRuns: runs(20_000) },
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

describe('computeMetrics: period conversion', () => {
  it('takes a monthly count as the monthly churn as it is', () => {
    expect(computeMetrics({ period: 'month', customersAtStart: 400, customersLost: 10 }).monthlyChurnRate).toBe(0.025);
  });

  it('spreads a yearly count over twelve compounding months', () => {
    // 1 − (1 − 0.2)^(1/12) = 0.018423
    expect(computeMetrics({ period: 'year', customersAtStart: 50, customersLost: 10 }).monthlyChurnRate).toBeCloseTo(0.018423, 6);
    expect(monthlyFromAnnual(0.2)).toBeCloseTo(0.018423, 6);
  });

  it('a year in which everyone left has no monthly rate (all lost, 100 % a year), and nobody leaving is 0 %', () => {
    const allLost = computeMetrics({ period: 'year', customersAtStart: 30, customersLost: 30 });
    expect(allLost.monthlyChurnRate).toBeNull();
    expect(allLost.annualChurnRate).toBe(1);
    expect(computeMetrics({ period: 'year', customersAtStart: 30, customersLost: 0 }).monthlyChurnRate).toBe(0);
  });

  it('CLV from a yearly count divides by the monthly churn, not the yearly one', () => {
    const m = computeMetrics({ period: 'year', customersAtStart: 50, customersLost: 10, arpa: 100, grossMarginPct: 50 });
    expect(m.clv).toBeCloseTo(50 / (1 - 0.8 ** (1 / 12)), 6);
  });

  it('GRR over a month of exactly 90 % compounds to 0.9^12', () => {
    const m = computeMetrics({ period: 'month', mrrAtStart: 1000, churnedMrr: 60, contractionMrr: 40, expansionMrr: 0 });
    expect(m.grr).toBeCloseTo(0.9 ** 12, 12);
    expect(m.nrr).toBeCloseTo(0.9 ** 12, 12);
  });

  it('NRR above 100 % is not capped, GRR never goes above it', () => {
    const m = computeMetrics({ period: 'year', mrrAtStart: 1000, churnedMrr: 0, contractionMrr: 0, expansionMrr: 500 });
    expect(m.grr).toBe(1);
    expect(m.nrr).toBe(1.5);
  });

  it('losing all MRR gives 0 % retention, not a negative one', () => {
    const m = computeMetrics({ period: 'month', mrrAtStart: 1000, churnedMrr: 700, contractionMrr: 300, expansionMrr: 0 });
    expect(m.grr).toBe(0);
    expect(m.nrr).toBe(0);
  });
});

describe('computeMetrics: not computable', () => {
  it('no customers at start: no churn, CLV or CLV:CAC, while CAC and payback still compute', () => {
    const m = computeMetrics({ period: 'month', customersAtStart: 0, customersLost: 0, arpa: 500, grossMarginPct: 80, salesAndMarketingSpend: 8000, newCustomers: 4 });
    expect(m.monthlyChurnRate).toBeNull();
    expect(m.clv).toBeNull();
    expect(m.clvToCac).toBeNull();
    expect(m.cac).toBe(2000);
    expect(m.cacPaybackMonths).toBe(5);
  });

  it('no customers at start over a year: no monthly churn either', () => {
    expect(computeMetrics({ period: 'year', customersAtStart: 0, customersLost: 0 }).monthlyChurnRate).toBeNull();
  });

  it('no MRR at start: no GRR or NRR', () => {
    const m = computeMetrics({ period: 'month', mrrAtStart: 0, churnedMrr: 0, contractionMrr: 0, expansionMrr: 100 });
    expect(m.grr).toBeNull();
    expect(m.nrr).toBeNull();
  });

  it('no leads: no conversion', () => {
    expect(computeMetrics({ period: 'month', leads: 0, newCustomers: 0 }).conversionRate).toBeNull();
  });

  it('no new customers: no CAC, CLV:CAC or payback, but a 0 % conversion', () => {
    const m = computeMetrics({ period: 'month', leads: 100, newCustomers: 0, salesAndMarketingSpend: 5000, arpa: 100, grossMarginPct: 50, customersAtStart: 10, customersLost: 1 });
    expect(m.cac).toBeNull();
    expect(m.clvToCac).toBeNull();
    expect(m.cacPaybackMonths).toBeNull();
    expect(m.conversionRate).toBe(0);
    expect(m.clv).toBeCloseTo(500, 10);
  });

  it('no gross profit (margin or ARPA 0): CLV is 0 and payback is not computable', () => {
    for (const profit of [{ arpa: 0, grossMarginPct: 80 }, { arpa: 500, grossMarginPct: 0 }]) {
      const m = computeMetrics({ period: 'month', customersAtStart: 100, customersLost: 5, salesAndMarketingSpend: 1000, newCustomers: 2, ...profit });
      expect(m.clv).toBe(0);
      expect(m.clvToCac).toBe(0);
      expect(m.cacPaybackMonths).toBeNull();
    }
  });

  it('no spend: CAC 0, payback 0 months and CLV:CAC not computable', () => {
    const m = computeMetrics({ period: 'month', customersAtStart: 100, customersLost: 5, arpa: 100, grossMarginPct: 50, salesAndMarketingSpend: 0, newCustomers: 2 });
    expect(m.cac).toBe(0);
    expect(m.cacPaybackMonths).toBe(0);
    expect(m.clv).toBeCloseTo(1000, 10);
    expect(m.clvToCac).toBeNull();
  });

  it('a zero-day sales cycle: no pipeline velocity; no opportunities or win rate: velocity 0', () => {
    expect(computeMetrics({ period: 'month', opportunities: 10, winRatePct: 50, averageDealSize: 1000, salesCycleDays: 0 }).pipelineVelocityPerDay).toBeNull();
    expect(computeMetrics({ period: 'month', opportunities: 0, winRatePct: 50, averageDealSize: 1000, salesCycleDays: 10 }).pipelineVelocityPerDay).toBe(0);
    expect(computeMetrics({ period: 'month', opportunities: 10, winRatePct: 0, averageDealSize: 1000, salesCycleDays: 10 }).pipelineVelocityPerDay).toBe(0);
  });

  it('pipeline velocity takes the win rate as a percentage and the cycle in days', () => {
    expect(computeMetrics({ period: 'year', opportunities: 10, winRatePct: 50, averageDealSize: 1000, salesCycleDays: 10 }).pipelineVelocityPerDay).toBe(500);
  });

  it('never returns Infinity, even for figures past the form’s limits', () => {
    const m = computeMetrics({ period: 'month', salesAndMarketingSpend: Number.MAX_VALUE, newCustomers: 0.5, leads: 1e-320, arpa: Number.MAX_VALUE, grossMarginPct: 100, customersAtStart: 1e300, customersLost: 1 });
    expect(m.cac, 'MAX_VALUE ÷ 0.5').toBeNull();
    expect(m.conversionRate, '0.5 ÷ 1e-320').toBeNull();
    expect(m.clv, 'MAX_VALUE ÷ 1e-300').toBeNull();
    expect(m.monthlyChurnRate).toBe(1e-300);
  });
});

describe('metricInputIssues', () => {
  const issues = (input: unknown) => metricInputIssues(input).map((i) => `${i.path[0]}: ${i.message}`);

  it('finds nothing wrong with valid inputs, including boundaries', () => {
    expect(issues({ period: 'month' })).toEqual([]);
    expect(
      issues({
        period: 'year', currency: 'CLP', customersAtStart: 10, customersLost: 10, newCustomers: 0, leads: 0, mrrAtStart: 100, churnedMrr: 60,
        contractionMrr: 40, expansionMrr: 1e15, grossMarginPct: 100, winRatePct: 0, arpa: 0.5, salesCycleDays: 12.5, customersWon: 0,
      }),
    ).toEqual([]);
  });

  it('asks for a period of a month or a year', () => {
    expect(issues({})).toEqual(['period: bad-period']);
    expect(issues({ period: 'week' })).toEqual(['period: bad-period']);
    expect(issues({ period: 'year' })).toEqual([]);
  });

  it('refuses anything that is not an object as a whole', () => {
    for (const value of [null, undefined, 'month', 12, [], [{ period: 'month' }]]) expect(issues(value)).toEqual(['period: bad-period']);
  });

  it('accepts every offered currency', () => {
    for (const currency of ['EUR', 'USD', 'MXN', 'BRL', 'COP', 'ARS', 'CLP', 'PEN']) expect(issues({ period: 'month', currency }), currency).toEqual([]);
    expect(issues({ period: 'month', currency: 'GBP' })).toEqual(['currency: bad-currency']);
    expect(issues({ period: 'month', currency: null })).toEqual(['currency: bad-currency']);
  });

  it('names every unknown key, including inherited object keys', () => {
    const input = JSON.parse('{"period":"month","revenue":1,"__proto__":2,"constructor":3,"toString":4}');
    expect(issues(input)).toEqual(['revenue: unknown-field', '__proto__: unknown-field', 'constructor: unknown-field', 'toString: unknown-field']);
  });

  it('refuses what is not a finite number', () => {
    expect(issues({ period: 'month', arpa: Number.NaN, leads: Number.POSITIVE_INFINITY, churnedMrr: '5', winRatePct: null })).toEqual([
      'churnedMrr: not-a-number',
      'arpa: not-a-number',
      'leads: not-a-number',
      'winRatePct: not-a-number',
    ]);
  });

  it('refuses negative figures of every kind, before any other rule', () => {
    expect(issues({ period: 'month', customersAtStart: -1.5, arpa: -0.01, winRatePct: -5, salesCycleDays: -1 })).toEqual([
      'customersAtStart: negative',
      'arpa: negative',
      'winRatePct: negative',
      'salesCycleDays: negative',
    ]);
    expect(issues({ period: 'month', customersAtStart: 0, arpa: 0 })).toEqual([]);
  });

  it('takes figures up to a quadrillion and no further', () => {
    expect(issues({ period: 'month', mrrAtStart: 1e15, leads: 1e15 })).toEqual([]);
    expect(issues({ period: 'month', mrrAtStart: 1e15 + 1, leads: 1e15 + 1, salesCycleDays: 2e15 })).toEqual([
      'mrrAtStart: too-large',
      'leads: too-large',
      'salesCycleDays: too-large',
    ]);
  });

  it('requires counts to be whole, and nothing else', () => {
    const fractional = { customersAtStart: 10.5, customersLost: 0.5, newCustomers: 1.5, leads: 20.5, opportunities: 2.5, customersWon: 1.5 };
    expect(issues({ period: 'month', ...fractional })).toEqual([
      'customersAtStart: not-whole',
      'customersLost: not-whole',
      'newCustomers: not-whole',
      'leads: not-whole',
      'opportunities: not-whole',
      'customersWon: not-whole',
    ]);
    const money = { mrrAtStart: 100.5, expansionMrr: 1.5, contractionMrr: 1.5, churnedMrr: 1.5, salesAndMarketingSpend: 1.5, arpa: 1.5, averageDealSize: 1.5, forecastRevenue: 1.5, actualRevenue: 1.5 };
    expect(issues({ period: 'month', ...money, salesCycleDays: 1.5, grossMarginPct: 1.5, winRatePct: 1.5 })).toEqual([]);
  });

  it('keeps percentages within 0–100, and only percentages', () => {
    expect(issues({ period: 'month', grossMarginPct: 100, winRatePct: 100 })).toEqual([]);
    expect(issues({ period: 'month', grossMarginPct: 100.01, winRatePct: 250 })).toEqual(['grossMarginPct: over-100', 'winRatePct: over-100']);
    expect(issues({ period: 'month', arpa: 101, salesCycleDays: 101, leads: 101 })).toEqual([]);
  });

  it('refuses more customers lost than there were, but not as many', () => {
    expect(issues({ period: 'month', customersAtStart: 10, customersLost: 10 })).toEqual([]);
    expect(issues({ period: 'month', customersAtStart: 10, customersLost: 11 })).toEqual(['customersLost: lost-exceeds-start']);
    expect(issues({ period: 'month', customersLost: 11 }), 'without a start, nothing to compare').toEqual([]);
    expect(issues({ period: 'month', customersAtStart: 10 })).toEqual([]);
  });

  it('does not compare figures that are themselves wrong', () => {
    expect(issues({ period: 'month', customersAtStart: 10, customersLost: 11.5 })).toEqual(['customersLost: not-whole']);
    expect(issues({ period: 'month', customersAtStart: 10.5, customersLost: 11 })).toEqual(['customersAtStart: not-whole']);
    expect(issues({ period: 'month', leads: '5', newCustomers: 6 })).toEqual(['leads: not-a-number']);
    expect(issues({ period: 'month', mrrAtStart: 100, churnedMrr: -1, contractionMrr: 200 })).toEqual(['churnedMrr: negative']);
  });

  it('still compares figures when another field is wrong', () => {
    expect(issues({ period: 'week', customersAtStart: 10, customersLost: 11 })).toEqual(['period: bad-period', 'customersLost: lost-exceeds-start']);
    expect(issues({ period: 'month', arpa: -1, leads: 6, newCustomers: 7 })).toEqual(['arpa: negative', 'newCustomers: won-exceeds-leads']);
  });

  it('refuses more new customers than leads, but not as many', () => {
    expect(issues({ period: 'month', leads: 6, newCustomers: 6 })).toEqual([]);
    expect(issues({ period: 'month', leads: 6, newCustomers: 7 })).toEqual(['newCustomers: won-exceeds-leads']);
    expect(issues({ period: 'month', newCustomers: 7 })).toEqual([]);
    expect(issues({ period: 'month', leads: 6 })).toEqual([]);
  });

  it('refuses churned plus contraction MRR above the starting MRR, counting each', () => {
    expect(issues({ period: 'month', mrrAtStart: 100, churnedMrr: 60, contractionMrr: 40 })).toEqual([]);
    expect(issues({ period: 'month', mrrAtStart: 100, churnedMrr: 60, contractionMrr: 41 })).toEqual(['churnedMrr: mrr-loss-exceeds-start']);
    expect(issues({ period: 'month', mrrAtStart: 100, churnedMrr: 101, contractionMrr: 0 })).toEqual(['churnedMrr: mrr-loss-exceeds-start']);
    // Named on the field that causes it, never on one left at 0 or empty.
    expect(issues({ period: 'month', mrrAtStart: 100, churnedMrr: 0, contractionMrr: 101 })).toEqual(['contractionMrr: mrr-loss-exceeds-start']);
    expect(issues({ period: 'month', mrrAtStart: 100, contractionMrr: 101 })).toEqual(['contractionMrr: mrr-loss-exceeds-start']);
    expect(issues({ period: 'month', mrrAtStart: 100, churnedMrr: 50, contractionMrr: 50.5 })).toEqual(['contractionMrr: mrr-loss-exceeds-start']);
    expect(issues({ period: 'month', mrrAtStart: 100, churnedMrr: 50.5, contractionMrr: 50.5 })).toEqual(['churnedMrr: mrr-loss-exceeds-start']);
    expect(issues({ period: 'month', churnedMrr: 60, contractionMrr: 41 }), 'without a start, nothing to compare').toEqual([]);
  });
});

describe('currentMetricInputs', () => {
  it('moves the earlier "customers won" key to new customers', () => {
    expect(currentMetricInputs({ period: 'month', customersWon: 12 } as MetricInputs)).toEqual({ period: 'month', newCustomers: 12 });
  });

  it('keeps the current key when both are given, and drops the earlier one', () => {
    const out = currentMetricInputs({ period: 'year', newCustomers: 10, customersWon: 12 } as MetricInputs);
    expect(out).toEqual({ period: 'year', newCustomers: 10 });
    expect('customersWon' in out).toBe(false);
  });

  it('leaves inputs without earlier keys as they are, without changing the given object', () => {
    const input: MetricInputs = { period: 'month', leads: 3 };
    expect(currentMetricInputs(input)).toStrictEqual({ period: 'month', leads: 3 });
    expect(currentMetricInputs({ period: 'month', newCustomers: 4 })).toEqual({ period: 'month', newCustomers: 4 });
    const legacy = { period: 'month', customersWon: 2 } as MetricInputs;
    currentMetricInputs(legacy);
    expect(legacy).toEqual({ period: 'month', customersWon: 2 });
  });
});
