import { runs } from '../helpers/runs.ts';
import { describe, expect, it } from 'vitest';
import { fillFigures, metricsComputedBy, placeholderIssues, placeholders, ruleHolds, shownValue, type RuleContext } from '../../src/domain/rule.ts';
import { METRIC_IDS } from '../../src/domain/metrics.ts';
import { formatMetricValue } from '../../src/domain/format.ts';
import fc from 'fast-check';
import type { Condition } from '../../src/domain/schemas/rule.ts';
import { realQuestionnaire } from '../helpers/content.ts';

const scores = (overall: number | null, dimensions: Record<string, number | null> = {}, dontKnowShare = 0) => ({ overall, dimensions, dontKnowShare });
const holds = (when: Condition[], s: ReturnType<typeof scores>) => ruleHolds({ when }, s);

describe('ruleHolds', () => {
  it('an answer condition holds when the answer is one of the listed options, or a checklist ticks one of them', () => {
    const when: Condition[] = [{ question: 'q', answer: ['a', 'dont-know'] }];
    const withAnswers = (answers: Record<string, string | string[]>) => ({ ...scores(50), answers });
    expect(ruleHolds({ when }, withAnswers({ q: 'a' }))).toBe(true);
    expect(ruleHolds({ when }, withAnswers({ q: 'dont-know' }))).toBe(true);
    expect(ruleHolds({ when }, withAnswers({ q: 'b' }))).toBe(false);
    expect(ruleHolds({ when }, withAnswers({ other: 'a' }))).toBe(false);
    expect(ruleHolds({ when }, scores(50))).toBe(false);
    expect(ruleHolds({ when }, withAnswers({ q: ['c', 'a'] }))).toBe(true);
    expect(ruleHolds({ when }, withAnswers({ q: ['b', 'c'] }))).toBe(false);
    expect(ruleHolds({ when }, withAnswers({ q: [] }))).toBe(false);
  });


  it('"below" holds only for scores strictly lower than the bound', () => {
    const when: Condition[] = [{ dimension: 'tooling', below: 40 }];
    expect(holds(when, scores(50, { tooling: 39.9 }))).toBe(true);
    expect(holds(when, scores(50, { tooling: 40 }))).toBe(false);
    expect(holds(when, scores(50, { tooling: 75 }))).toBe(false);
  });

  it('"atLeast" holds for the bound itself and above', () => {
    const when: Condition[] = [{ dimension: 'tooling', atLeast: 60 }];
    expect(holds(when, scores(50, { tooling: 60 }))).toBe(true);
    expect(holds(when, scores(50, { tooling: 85 }))).toBe(true);
    expect(holds(when, scores(50, { tooling: 59.9 }))).toBe(false);
  });

  it('"below" and "atLeast" together describe a range', () => {
    const when: Condition[] = [{ dimension: 'tooling', atLeast: 30, below: 55 }];
    expect(holds(when, scores(null, { tooling: 30 }))).toBe(true);
    expect(holds(when, scores(null, { tooling: 54 }))).toBe(true);
    expect(holds(when, scores(null, { tooling: 29 }))).toBe(false);
    expect(holds(when, scores(null, { tooling: 55 }))).toBe(false);
  });

  it('"overall" reads the overall score, not a dimension', () => {
    const when: Condition[] = [{ dimension: 'overall', below: 30 }];
    expect(holds(when, scores(20, { overall: 90, tooling: 90 }))).toBe(true);
    expect(holds(when, scores(90, { overall: 20 }))).toBe(false);
  });

  it('a dimension named in the condition is read by its id', () => {
    const when: Condition[] = [{ dimension: 'data-quality', below: 40 }];
    expect(holds(when, scores(10, { 'data-quality': 80, tooling: 10 }))).toBe(false);
    expect(holds(when, scores(90, { 'data-quality': 10, tooling: 90 }))).toBe(true);
  });

  it('a dimension without a score fails its condition, even "below" or "atLeast: 0"', () => {
    expect(holds([{ dimension: 'tooling', below: 40 }], scores(50, { tooling: null }))).toBe(false);
    expect(holds([{ dimension: 'tooling', atLeast: 0 }], scores(50, { tooling: null }))).toBe(false);
    expect(holds([{ dimension: 'tooling', below: 40 }], scores(50, {}))).toBe(false);
    expect(holds([{ dimension: 'overall', atLeast: 0 }], scores(null, { tooling: 50 }))).toBe(false);
  });

  it('"dontKnowShareAtLeast" holds from the share itself upwards', () => {
    const when: Condition[] = [{ dontKnowShareAtLeast: 0.25 }];
    expect(holds(when, scores(50, {}, 0.25))).toBe(true);
    expect(holds(when, scores(50, {}, 0.6))).toBe(true);
    expect(holds(when, scores(50, {}, 0.24))).toBe(false);
    expect(holds(when, scores(50, {}, 0))).toBe(false);
  });

  it('a share of "I don\'t know" answers does not depend on the scores', () => {
    const when: Condition[] = [{ dontKnowShareAtLeast: 0.5 }];
    expect(holds(when, scores(null, {}, 0.5))).toBe(true);
    expect(holds(when, scores(100, { tooling: 100 }, 0.1))).toBe(false);
  });

  it('needs every condition to hold', () => {
    const when: Condition[] = [
      { dimension: 'tooling', atLeast: 60 },
      { dimension: 'data-quality', below: 40 },
      { dontKnowShareAtLeast: 0.1 },
    ];
    expect(holds(when, scores(50, { tooling: 70, 'data-quality': 20 }, 0.2))).toBe(true);
    expect(holds(when, scores(50, { tooling: 50, 'data-quality': 20 }, 0.2))).toBe(false);
    expect(holds(when, scores(50, { tooling: 70, 'data-quality': 40 }, 0.2))).toBe(false);
    expect(holds(when, scores(50, { tooling: 70, 'data-quality': 20 }, 0.05))).toBe(false);
  });

  it('the content rule "tool-sprawl" fires for strong tooling with weak data quality only', () => {
    const rule = realQuestionnaire().rules.find((r) => r.id === 'tool-sprawl')!;
    expect(ruleHolds(rule, scores(50, { tooling: 60, 'data-quality': 39 }))).toBe(true);
    expect(ruleHolds(rule, scores(50, { tooling: 59, 'data-quality': 10 }))).toBe(false);
    expect(ruleHolds(rule, scores(50, { tooling: 90, 'data-quality': 40 }))).toBe(false);
  });
});

const withMetrics = (metrics: RuleContext['metrics'], segment: RuleContext['segment'] = {}): RuleContext => ({ overall: 50, dimensions: {}, dontKnowShare: 0, metrics, segment });

describe('metric conditions', () => {
  it('compare the figure in the unit the page shows: percentages in percent', () => {
    const when: Condition[] = [{ metric: 'nrr', below: 100 }];
    expect(ruleHolds({ when }, withMetrics({ nrr: { value: 0.95, verdict: null } }))).toBe(true);
    expect(ruleHolds({ when }, withMetrics({ nrr: { value: 1, verdict: null } }))).toBe(false);
    expect(ruleHolds({ when }, withMetrics({ nrr: { value: 1.2, verdict: null } }))).toBe(false);
  });
  it('compare ratios and months as plain numbers, "atLeast" inclusive and "below" strict', () => {
    const when: Condition[] = [{ metric: 'clvToCac', atLeast: 1, below: 3 }];
    expect(ruleHolds({ when }, withMetrics({ clvToCac: { value: 1, verdict: null } }))).toBe(true);
    expect(ruleHolds({ when }, withMetrics({ clvToCac: { value: 2.9, verdict: null } }))).toBe(true);
    expect(ruleHolds({ when }, withMetrics({ clvToCac: { value: 0.9, verdict: null } }))).toBe(false);
    expect(ruleHolds({ when }, withMetrics({ clvToCac: { value: 3, verdict: null } }))).toBe(false);
    expect(ruleHolds({ when: [{ metric: 'cacPaybackMonths', atLeast: 18 }] }, withMetrics({ cacPaybackMonths: { value: 18, verdict: null } }))).toBe(true);
    expect(ruleHolds({ when: [{ metric: 'cacPaybackMonths', atLeast: 18 }] }, withMetrics({ cacPaybackMonths: { value: 17.9, verdict: null } }))).toBe(false);
  });
  it('compare the figure as rounded on the page, so "below 1" never shows beside a "1"', () => {
    expect(ruleHolds({ when: [{ metric: 'clvToCac', below: 1 }] }, withMetrics({ clvToCac: { value: 0.96, verdict: null } }))).toBe(false);
    expect(ruleHolds({ when: [{ metric: 'clvToCac', atLeast: 1 }] }, withMetrics({ clvToCac: { value: 0.96, verdict: null } }))).toBe(true);
    expect(ruleHolds({ when: [{ metric: 'nrr', below: 100 }] }, withMetrics({ nrr: { value: 0.9996, verdict: null } }))).toBe(false);
    expect(ruleHolds({ when: [{ metric: 'nrr', below: 100 }] }, withMetrics({ nrr: { value: 0.9994, verdict: null } }))).toBe(true);
  });
  it('fail for a metric not computed, or without numbers at all', () => {
    expect(ruleHolds({ when: [{ metric: 'nrr', below: 100 }] }, withMetrics({ nrr: { value: null, verdict: null } }))).toBe(false);
    expect(ruleHolds({ when: [{ metric: 'nrr', atLeast: 0 }] }, withMetrics({}))).toBe(false);
    expect(ruleHolds({ when: [{ metric: 'nrr', atLeast: 0 }] }, scores(50))).toBe(false);
    expect(ruleHolds({ when: [{ metric: 'nrr', atLeast: 0 }] }, withMetrics({ nrr: { value: Number.NaN, verdict: null } }))).toBe(false);
  });
});

describe('verdict and tone conditions', () => {
  it('a verdict condition holds for the listed verdicts only', () => {
    const when: Condition[] = [{ metric: 'cacPaybackMonths', verdict: ['bottom-quartile', 'worse-than-median'] }];
    expect(ruleHolds({ when }, withMetrics({ cacPaybackMonths: { value: 30, verdict: 'bottom-quartile' } }))).toBe(true);
    expect(ruleHolds({ when }, withMetrics({ cacPaybackMonths: { value: 20, verdict: 'worse-than-median' } }))).toBe(true);
    expect(ruleHolds({ when }, withMetrics({ cacPaybackMonths: { value: 10, verdict: 'better-than-median' } }))).toBe(false);
    expect(ruleHolds({ when }, withMetrics({ cacPaybackMonths: { value: 30, verdict: null } }))).toBe(false);
    expect(ruleHolds({ when }, withMetrics({ nrr: { value: 30, verdict: 'bottom-quartile' } }))).toBe(false);
  });
  it('a tone condition holds for every verdict of that tone, whatever kind of figure judged it', () => {
    const when: Condition[] = [{ metric: 'annualChurnRate', tone: ['worse'] }];
    for (const verdict of ['worse-than-median', 'bottom-quartile', 'misses-target', 'worse-than-range'] as const)
      expect(ruleHolds({ when }, withMetrics({ annualChurnRate: { value: 0.3, verdict } }))).toBe(true);
    for (const verdict of ['better-than-median', 'at-median', 'meets-target', 'within-range', 'top-quartile'] as const)
      expect(ruleHolds({ when }, withMetrics({ annualChurnRate: { value: 0.3, verdict } }))).toBe(false);
    expect(ruleHolds({ when }, withMetrics({ annualChurnRate: { value: 0.3, verdict: null } }))).toBe(false);
    expect(ruleHolds({ when: [{ metric: 'annualChurnRate', tone: ['neutral', 'better'] }] }, withMetrics({ annualChurnRate: { value: 0.1, verdict: 'at-median' } }))).toBe(true);
  });
});

describe('segment conditions', () => {
  it('hold when the chosen business model and deal size are listed; an unchosen one fails', () => {
    const model: Condition[] = [{ businessModel: ['saas', 'b2b-services'] }];
    expect(ruleHolds({ when: model }, withMetrics({}, { businessModel: 'saas' }))).toBe(true);
    expect(ruleHolds({ when: model }, withMetrics({}, { businessModel: 'b2b-services', dealSize: 'acv-under-12k' }))).toBe(true);
    expect(ruleHolds({ when: model }, withMetrics({}, { businessModel: 'ecommerce' }))).toBe(false);
    expect(ruleHolds({ when: model }, withMetrics({}, {}))).toBe(false);
    expect(ruleHolds({ when: model }, scores(50))).toBe(false);
    const both: Condition[] = [{ businessModel: ['saas'], dealSize: ['acv-under-12k'] }];
    expect(ruleHolds({ when: both }, withMetrics({}, { businessModel: 'saas', dealSize: 'acv-under-12k' }))).toBe(true);
    expect(ruleHolds({ when: both }, withMetrics({}, { businessModel: 'saas', dealSize: 'acv-12k-25k' }))).toBe(false);
    expect(ruleHolds({ when: both }, withMetrics({}, { businessModel: 'saas' }))).toBe(false);
    expect(ruleHolds({ when: [{ dealSize: ['acv-12k-25k'] }] }, withMetrics({}, { dealSize: 'acv-12k-25k' }))).toBe(true);
    expect(ruleHolds({ when: [{ dealSize: ['acv-12k-25k'] }] }, withMetrics({}, { businessModel: 'saas' }))).toBe(false);
  });
});

describe('shownValue', () => {
  it('reads a figure as the page shows it', () => {
    expect(shownValue('nrr', 0.9512)).toBe(95.1);
    expect(shownValue('monthlyChurnRate', 0.03)).toBe(3);
    expect(shownValue('clvToCac', 0.96)).toBe(1);
    expect(shownValue('cacPaybackMonths', 23.04)).toBe(23);
    expect(shownValue('cac', 12_345.6)).toBe(12_346);
    expect(shownValue('cac', Number.POSITIVE_INFINITY)).toBeNull();
  });
  it('agrees with the figure written in every locale, for any metric and value', () => {
    fc.assert(
      fc.property(fc.constantFrom(...METRIC_IDS), fc.double({ min: 0, max: 1e7, noNaN: true }), (metric, value) => {
        const shown = shownValue(metric, value);
        const es = formatMetricValue(metric, value, 'es').replace(/[^\d,]/g, '').replace(',', '.');
        expect(shown).toBe(Number(es));
      }),
      { numRuns: runs(300) },
    );
  });
});

describe('placeholders', () => {
  it('lists the names in braces', () => {
    expect(placeholders('CLV:CAC {clvToCac}, NRR {nrr}')).toEqual(['clvToCac', 'nrr']);
    expect(placeholders('none')).toEqual([]);
  });
  it('knows which metrics a rule makes sure are computed, in the code\'s order', () => {
    expect(metricsComputedBy({ when: [{ metric: 'nrr', below: 100 }, { dimension: 'tooling', below: 4 }, { metric: 'clvToCac', verdict: ['misses-target'] }, { metric: 'grr', tone: ['worse'] }] })).toEqual(['grr', 'nrr', 'clvToCac']);
  });
  const text = (es: string, en = es) => ({ es, pt: es, en });
  it('names an unknown placeholder and a figure no condition requires, by field and locale', () => {
    const rule = { when: [{ metric: 'clvToCac' as const, below: 1 }], title: text('Ratio {clvToCac}'), body: text('{foo} and {nrr}', 'fine {clvToCac}') };
    expect(placeholderIssues(rule).map((i) => `${i.path.join('.')}: ${i.message.split(' (')[0]}`)).toEqual([
      'body.es: unknown placeholder {foo}',
      'body.es: placeholder {nrr} needs a condition on nrr in "when"',
      'body.pt: unknown placeholder {foo}',
      'body.pt: placeholder {nrr} needs a condition on nrr in "when"',
    ]);
    expect(placeholderIssues({ ...rule, body: text('ok') })).toEqual([]);
  });
  it('fills figures in the locale\'s format and the visitor\'s currency, leaving others as they are', () => {
    const metrics = { clvToCac: { value: 0.5, verdict: null }, cac: { value: 12_000, verdict: null }, nrr: { value: null, verdict: null } };
    const nbsp = (t: string) => t.replace(/\u00a0|\u202f/g, ' ');
    expect(nbsp(fillFigures('{clvToCac} · {cac} · {nrr}', metrics, 'es', 'EUR'))).toBe('0,5 · 12.000 € · {nrr}');
    expect(nbsp(fillFigures('{clvToCac} · {cac}', metrics, 'en', 'USD'))).toBe('0.5 · $12,000');
    expect(fillFigures('{clvToCac}', undefined, 'en')).toBe('{clvToCac}');
  });
});

describe('an answer condition with "absent: true"', () => {
  const when: Condition[] = [{ question: 'q', answer: ['nrr', 'dont-know'], absent: true }];
  const context = (answers: Record<string, string | string[]>) => ({ ...scores(50), answers });

  it('holds when a checklist is answered without ticking any listed option, "None of these" included', () => {
    expect(ruleHolds({ when }, context({ q: ['churn', 'cac'] }))).toBe(true);
    expect(ruleHolds({ when }, context({ q: [] }))).toBe(true);
    expect(ruleHolds({ when }, context({ q: 'other-option' }))).toBe(true);
  });

  it('fails when a listed option is ticked or is the answer, such as a listed "I don\'t know"', () => {
    expect(ruleHolds({ when }, context({ q: ['churn', 'nrr'] }))).toBe(false);
    expect(ruleHolds({ when }, context({ q: 'dont-know' }))).toBe(false);
    expect(ruleHolds({ when }, context({ q: 'nrr' }))).toBe(false);
  });

  it('fails for a question left unanswered: nothing was said', () => {
    expect(ruleHolds({ when }, context({ other: [] }))).toBe(false);
    expect(ruleHolds({ when }, scores(50))).toBe(false);
  });

  it('is refused by the schema unless it is exactly true', async () => {
    const { ConditionSchema } = await import('../../src/domain/schemas/rule.ts');
    expect(ConditionSchema.safeParse({ question: 'q', answer: ['a'], absent: true }).success).toBe(true);
    expect(ConditionSchema.safeParse({ question: 'q', answer: ['a'] }).success).toBe(true);
    expect(ConditionSchema.safeParse({ question: 'q', answer: ['a'], absent: false }).success).toBe(false);
  });
});
