import type { Answers } from '../../src/domain/scoring.ts';
import { VERDICT_TONE, VERDICTS } from '../../src/domain/benchmark.ts';
import { describe, expect, it } from 'vitest';
import { describeCondition, describeExample, exampleTrigger, metricFacts } from '../../src/domain/rule-example.ts';
import { ruleHolds } from '../../src/domain/rule.ts';
import { scoreAnswers } from '../../src/domain/scoring.ts';
import type { Condition } from '../../src/domain/schemas/rule.ts';
import { realQuestionnaire } from '../helpers/content.ts';

const q = realQuestionnaire();
const scoresOf = (answers: Answers) => scoreAnswers(q, answers, { minKnownShare: q.bands.notAssessed.minKnownShare });
const dimensionScore = (answers: Answers, id: string) => scoresOf(answers).dimensions.find((d) => d.dimension === id)?.score;

describe('exampleTrigger', () => {
  it('raises a dimension just to its lower bound and leaves the others at their lowest option', () => {
    const example = exampleTrigger({ when: [{ dimension: 'tooling', atLeast: 60 }, { dimension: 'data-quality', below: 40 }] }, q)!;
    expect(dimensionScore(example.answers, 'tooling')).toBeGreaterThanOrEqual(60);
    expect(dimensionScore(example.answers, 'tooling')).toBeLessThan(75);
    expect(dimensionScore(example.answers, 'data-quality')).toBe(0);
    expect(Object.keys(example.answers)).toHaveLength(q.questions.length);
    expect(example).toMatchObject({ segment: {}, metricInputs: null });
  });
  it('reaches an overall score by raising the dimensions no condition is about', () => {
    const example = exampleTrigger({ when: [{ dimension: 'overall', atLeast: 50 }, { dimension: 'tooling', below: 10 }] }, q)!;
    expect(scoresOf(example.answers).overall).toBeGreaterThanOrEqual(50);
    expect(dimensionScore(example.answers, 'tooling')).toBe(0);
  });
  it('answers "I don\'t know" just enough times, and keeps the answers a rule names', () => {
    const example = exampleTrigger({ when: [{ dontKnowShareAtLeast: 0.25 }, { question: 'tooling-crm-single-source', answer: ['spreadsheets', 'mixed'] }] }, q)!;
    const scores = scoresOf(example.answers);
    expect(scores.dontKnowShare).toBeGreaterThanOrEqual(0.25);
    expect((scores.dontKnowCount - 1) / scores.answered.applicable).toBeLessThan(0.25);
    expect(example.answers['tooling-crm-single-source']).toBe('spreadsheets');
  });
  it('gives no answers to a rule on numbers only, and numbers with a segment where a verdict is needed', () => {
    const example = exampleTrigger({ when: [{ metric: 'cacPaybackMonths', verdict: ['bottom-quartile'] }] }, q)!;
    expect(example.answers).toEqual({});
    expect(example.segment.businessModel).toBe('saas');
    expect(metricFacts(q, example.metricInputs, example.segment)?.cacPaybackMonths?.verdict).toBe('bottom-quartile');
  });
  it('picks ordinary figures near the rule\'s bounds', () => {
    const example = exampleTrigger({ when: [{ metric: 'clvToCac', below: 1 }] }, q)!;
    const value = metricFacts(q, example.metricInputs, example.segment)!.clvToCac!.value!;
    expect(value).toBeGreaterThan(0.5);
    expect(value).toBeLessThan(1);
    expect(example.segment).toEqual({});
  });
  it('returns the same example every time', () => {
    const rule = { when: [{ metric: 'nrr', below: 100 }] as Condition[] };
    expect(exampleTrigger(rule, q)).toEqual(exampleTrigger(rule, q));
  });
  it('returns null when the conditions cannot hold together', () => {
    expect(exampleTrigger({ when: [{ metric: 'clvToCac', below: 1 }, { metric: 'clvToCac', atLeast: 3 }] }, q)).toBeNull();
    expect(exampleTrigger({ when: [{ dimension: 'tooling', atLeast: 60 }, { dimension: 'tooling', below: 50 }] }, q)).toBeNull();
    expect(exampleTrigger({ when: [{ businessModel: ['saas'] }, { businessModel: ['ecommerce'] }] }, q)).toBeNull();
    expect(exampleTrigger({ when: [{ businessModel: ['ecommerce'] }, { metric: 'conversionRate', verdict: ['worse-than-range'] }] }, q)).toBeNull();
  });
  it('finds an example for a segment condition alone', () => {
    const example = exampleTrigger({ when: [{ businessModel: ['ecommerce'], dealSize: ['acv-under-12k'] }] }, q)!;
    expect(example).toEqual({ answers: {}, segment: { businessModel: 'ecommerce', dealSize: 'acv-under-12k' }, metricInputs: null });
  });
  it('only returns examples that satisfy the rule', () => {
    for (const rule of q.rules) {
      const example = exampleTrigger(rule, q)!;
      const scores = scoresOf(example.answers);
      const context = {
        overall: scores.overall,
        dimensions: Object.fromEntries(scores.dimensions.map((d) => [d.dimension, d.score])),
        dontKnowShare: scores.dontKnowShare,
        answers: example.answers,
        metrics: metricFacts(q, example.metricInputs, example.segment),
        segment: example.segment,
      };
      expect(ruleHolds(rule, context), rule.id).toBe(true);
    }
  });
});

describe('describeCondition', () => {
  const words = (c: Condition, locale: 'es' | 'en' = 'en') => describeCondition(c, q, locale);
  it('puts each kind of condition in words, with the content\'s names in the locale', () => {
    const tooling = q.dimensions.find((d) => d.id === 'tooling')!.name;
    expect(words({ dimension: 'tooling', atLeast: 60 })).toBe(`${tooling.en} score ≥ 60`);
    expect(words({ dimension: 'tooling', atLeast: 30, below: 55 }, 'es')).toBe(`${tooling.es} score ≥ 30 and < 55`);
    expect(words({ dimension: 'overall', below: 30 })).toBe('overall score < 30');
    expect(words({ dontKnowShareAtLeast: 0.25 })).toBe('"I don\'t know" in at least 25 % of the answers');
    expect(words({ metric: 'nrr', below: 100 })).toBe(`${q.ui.metric.nrr.en} < 100 %`);
    expect(words({ metric: 'cacPaybackMonths', atLeast: 18, below: 24 })).toBe(`${q.ui.metric.cacPaybackMonths.en} ≥ 18 months and < 24 months`);
    expect(words({ metric: 'clvToCac', below: 1 })).toBe(`${q.ui.metric.clvToCac.en} < 1`);
    expect(words({ metric: 'cac', atLeast: 500 })).toBe(`${q.ui.metric.cac.en} ≥ 500 (money)`);
    expect(words({ metric: 'cacPaybackMonths', verdict: ['bottom-quartile', 'worse-than-median'] })).toBe(`${q.ui.metric.cacPaybackMonths.en}: verdict bottom quartile or worse than median`);
    const ofTone = (tone: string) => VERDICTS.filter((v) => VERDICT_TONE[v] === tone).map((v) => v.replace(/-/g, ' ')).join(', ');
    expect(ofTone('worse')).toContain('worse than median, bottom quartile');
    expect(ofTone('neutral')).toContain('at median');
    expect(words({ metric: 'annualChurnRate', tone: ['worse'] })).toBe(`${q.ui.metric.annualChurnRate.en}: a worse verdict (${ofTone('worse')})`);
    expect(words({ metric: 'annualChurnRate', tone: ['neutral'] })).toBe(`${q.ui.metric.annualChurnRate.en}: a neutral verdict (${ofTone('neutral')})`);
    const models = q.segments.businessModels;
    expect(words({ businessModel: ['saas', 'ecommerce'] })).toBe(`business model is ${models[0]!.label.en} or ${models.find((m) => m.id === 'ecommerce')!.label.en}`);
    expect(words({ businessModel: ['saas'], dealSize: ['acv-under-12k'] })).toBe(`business model is ${models[0]!.label.en} and deal size is ${q.segments.dealSizes[0]!.label.en}`);
    expect(words({ dealSize: ['acv-under-12k'] })).toBe(`deal size is ${q.segments.dealSizes[0]!.label.en}`);
  });
  it('names a question and its answers by their texts, "I don\'t know" included', () => {
    const question = q.questions.find((x) => x.id === 'tooling-crm-single-source')!;
    const label = (id: string) => question.options!.find((o) => o.id === id)!.label.es;
    expect(words({ question: question.id, answer: ['spreadsheets', 'dont-know'] }, 'es')).toBe(`the answer to "${question.text.es}" is "${label('spreadsheets')}" or "${q.ui.answers['dont-know'].es}"`);
  });
});

describe('describeExample', () => {
  it('says which scores the answers reach and which answers are fixed', () => {
    const rule = { when: [{ dimension: 'tooling', atLeast: 60 }, { question: 'tooling-crm-single-source', answer: ['crm'] }] as Condition[] };
    const lines = describeExample(exampleTrigger(rule, q)!, rule, q, 'en');
    expect(lines[0]).toMatch(new RegExp(`^Answers: every question answered, at its lowest option unless raised to reach the scores: ${q.dimensions.find((d) => d.id === 'tooling')!.name.en} \\d+$`));
    expect(lines[1]).toMatch(/^Answer: the answer to ".+" is ".+"$/);
    expect(lines).toHaveLength(2);
  });
  it('counts the "I don\'t know" answers', () => {
    const rule = { when: [{ dontKnowShareAtLeast: 0.25 }] as Condition[] };
    const example = exampleTrigger(rule, q)!;
    const unknown = Object.values(example.answers).filter((a) => a === 'dont-know').length;
    expect(unknown / q.questions.length).toBeGreaterThanOrEqual(0.25);
    expect(describeExample(example, rule, q, 'en')).toEqual([`Answers: every question answered (${unknown} of ${q.questions.length} "I don't know"), at its lowest option unless raised to reach the scores`]);
  });
  it('lists the segment, the numbers typed in the locale\'s format and the figures they give', () => {
    const rule = { when: [{ metric: 'clvToCac', below: 1 }] as Condition[] };
    const example = { answers: {}, segment: { businessModel: 'saas' }, metricInputs: { period: 'month' as const, currency: 'EUR' as const, customersAtStart: 100, customersLost: 5, arpa: 1000, grossMarginPct: 50, salesAndMarketingSpend: 20_000, newCustomers: 1 } };
    const lines = describeExample(example, rule, q, 'es').map((l) => l.replace(/\u00a0|\u202f/g, ' '));
    expect(lines[0]).toBe(`Segment: ${q.segments.businessModels[0]!.label.es}`);
    expect(lines[1]).toBe(`Numbers (a month): ${q.ui.inputs.customersAtStart.es}: 100; ${q.ui.inputs.customersLost.es}: 5; ${q.ui.inputs.newCustomers.es}: 1; ${q.ui.inputs.salesAndMarketingSpend.es}: 20.000 €; ${q.ui.inputs.arpa.es}: 1.000 €; ${q.ui.inputs.grossMarginPct.es}: 50 %`);
    expect(lines[2]).toBe(`Which gives: ${q.ui.metric.clvToCac.es} 0,5 (misses target)`);
    expect(describeExample({ ...example, segment: {}, metricInputs: { ...example.metricInputs, period: 'year' } }, rule, q, 'en')[0]).toMatch(/^Numbers \(a year\): /);
  });
});
