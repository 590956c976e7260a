import { describe, expect, it } from 'vitest';
import { ruleHolds } from '../../src/domain/rule.ts';
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
