import { runs } from '../helpers/runs.ts';
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { answerIssues, answerValue, checklistTicks, scoreAnswers, type Answer, type Answers } from '../../src/domain/scoring.ts';
import { DONT_KNOW, NOT_APPLICABLE, scoredOptions } from '../../src/domain/question.ts';
import type { Question } from '../../src/domain/schemas/question.ts';
import { bandFor } from '../../src/domain/band.ts';
import type { Dimension } from '../../src/domain/schemas/dimension.ts';
import { realQuestionnaire } from '../helpers/content.ts';

const questionnaire = realQuestionnaire();

const dimension = (id: string, weight = 1): Dimension => ({
  id, weight, order: 1, name: { es: id, pt: id, en: id }, description: { es: id, pt: id, en: id },
});
const scale = (id: string, dim: string, extra: Partial<Question> = {}): Question => ({
  id, dimension: dim, kind: 'scale', text: { es: id, pt: id, en: id },
  options: [0, 1, 2, 3, 4].map((score) => ({ id: `s${score}`, score, label: { es: 'x', pt: 'x', en: 'x' } })),
  notApplicable: true, dontKnow: true, weight: 1, order: 1, ...extra,
});

describe('scoreAnswers', () => {
  const small = {
    dimensions: [dimension('a', 1), dimension('b', 3)],
    questions: [scale('a1', 'a'), scale('a2', 'a'), scale('b1', 'b'), scale('b2', 'b', { weight: 3 })],
  };

  it('scores each dimension as the weighted share of the best answers', () => {
    const s = scoreAnswers(small, { a1: 's4', a2: 's2', b1: 's0', b2: 's4' });
    expect(s.dimensions.map((d) => d.score)).toEqual([75, 75]);
    expect(s.overall).toBe(75);
  });

  it('weights dimensions in the overall score', () => {
    const s = scoreAnswers(small, { a1: 's4', a2: 's4', b1: 's0', b2: 's0' });
    expect(s.overall).toBe(25);
  });

  it('leaves "not applicable" answers out of the denominator', () => {
    const s = scoreAnswers(small, { a1: 's4', a2: NOT_APPLICABLE });
    expect(s.dimensions[0]).toMatchObject({ score: 100, counted: 1, notApplicable: 1 });
  });

  it('scores "I don\'t know" as 0 and counts it as a visibility signal', () => {
    const s = scoreAnswers(small, { a1: 's4', a2: DONT_KNOW, b1: 's4', b2: 's4' });
    expect(s.dimensions[0]).toMatchObject({ score: 50, counted: 2, dontKnow: 1 });
    expect(s.dontKnowCount).toBe(1);
    expect(s.dontKnowShare).toBeCloseTo(0.25, 10);
  });

  it('gives no score to a dimension answered only "I don\'t know", and leaves it out of the overall', () => {
    const s = scoreAnswers(small, { a1: DONT_KNOW, a2: DONT_KNOW, b1: 's2', b2: 's2' });
    expect(s.dimensions[0]).toMatchObject({ score: null, counted: 2, known: 0, dontKnow: 2 });
    expect(s.overall).toBe(50);
    expect(s.answered).toEqual({ applicable: 4, known: 2 });
    expect(s.knownShare).toBe(0.5);
  });

  it('gives no overall score when fewer than minKnownShare of the answers that apply are known', () => {
    const answers = { a1: 's4', a2: NOT_APPLICABLE, b1: DONT_KNOW, b2: 's0' };
    // 2 known of 3 that apply.
    expect(scoreAnswers(small, answers, { minKnownShare: 2 / 3 }).overall).not.toBeNull();
    expect(scoreAnswers(small, answers, { minKnownShare: 0.7 }).overall).toBeNull();
    // b: 1 known of 2, under 0.7: not assessed either; at 0.5 it keeps its score.
    expect(scoreAnswers(small, answers, { minKnownShare: 0.7 }).dimensions.map((d) => d.score)).toEqual([100, null]);
    expect(scoreAnswers(small, answers, { minKnownShare: 0.5 }).dimensions.map((d) => d.score)).toEqual([100, 0]);
  });

  it('gives no score to a dimension with fewer than minKnownShare of its answers known, even with one known', () => {
    const s = scoreAnswers(small, { a1: 's4', a2: 's4', b1: DONT_KNOW, b2: 's4' }, { minKnownShare: 0.6 });
    expect(s.dimensions.map((d) => d.score)).toEqual([100, null]);
    expect(s.overall).toBe(100);
  });

  it('gives no score to a dimension with every question not applicable, and leaves it out of the overall', () => {
    const s = scoreAnswers(small, { a1: NOT_APPLICABLE, a2: NOT_APPLICABLE, b1: 's2', b2: 's2' });
    expect(s.dimensions[0]!.score).toBeNull();
    expect(s.overall).toBe(50);
  });

  it('ignores "not applicable" on a question that does not offer it', () => {
    const q = { dimensions: [dimension('a')], questions: [scale('a1', 'a', { notApplicable: false }), scale('a2', 'a')] };
    expect(answerIssues(q.questions, { a1: NOT_APPLICABLE }, { requireAll: false })).toEqual([
      { path: ['answers', 'a1'], message: 'must be one of: s0, s1, s2, s3, s4, dont-know' },
    ]);
  });

  it('reports unknown questions and missing answers', () => {
    const issues = answerIssues(small.questions, { zz: 's1', a1: 's1' }, { requireAll: true });
    expect(issues).toContainEqual({ path: ['answers', 'zz'], message: 'unknown question' });
    expect(issues).toContainEqual({ path: ['answers', 'b2'], message: 'required' });
  });
});

/** Any answer a question allows, or no answer; for a checklist, any set of ticks (none included). */
function answerFor(question: Question): fc.Arbitrary<Answer | undefined> {
  const values = [
    ...scoredOptions(question).map((o) => o.id),
    ...(question.notApplicable ? [NOT_APPLICABLE] : []),
    ...(question.dontKnow ? [DONT_KNOW] : []),
  ];
  const ticks = fc.subarray(scoredOptions(question).map((o) => o.id));
  return fc.option(question.kind === 'checklist' ? fc.oneof(ticks, fc.constantFrom(...values)) : fc.constantFrom(...values), { nil: undefined });
}

const answerSets: fc.Arbitrary<Answers> = fc
  .tuple(...questionnaire.questions.map(answerFor))
  .map((values) => {
    const answers: Answers = {};
    values.forEach((value, index) => {
      if (value !== undefined) answers[questionnaire.questions[index]!.id] = value;
    });
    return answers;
  });

describe('scoring properties on the project questionnaire', () => {
  it('keeps every score between 0 and 100', () => {
    fc.assert(
      fc.property(answerSets, (answers) => {
        const s = scoreAnswers(questionnaire, answers);
        return [s.overall, ...s.dimensions.map((d) => d.score)].every((v) => v === null || (v >= 0 && v <= 100));
      }),
      { numRuns: runs(500) },
    );
  });

  it("raising one answer never lowers its dimension's score", () => {
    const raise = fc.tuple(answerSets, fc.nat(questionnaire.questions.length - 1)).chain(([answers, index]) => {
      const question = questionnaire.questions[index]!;
      const options = [...scoredOptions(question)].sort((a, b) => a.score - b.score);
      return fc.tuple(fc.constant(answers), fc.constant(question), fc.nat(options.length - 1), fc.nat(options.length - 1)).map(
        ([base, q, i, j]) => ({ base, question: q, low: options[Math.min(i, j)]!.id, high: options[Math.max(i, j)]!.id }),
      );
    });
    fc.assert(
      fc.property(raise, ({ base, question, low, high }) => {
        const index = questionnaire.dimensions.findIndex((d) => d.id === question.dimension);
        const before = scoreAnswers(questionnaire, { ...base, [question.id]: low }).dimensions[index]!.score!;
        const after = scoreAnswers(questionnaire, { ...base, [question.id]: high }).dimensions[index]!.score!;
        return after >= before;
      }),
      { numRuns: runs(500) },
    );
  });

  it('a DONT_KNOW answer raised to any option never lowers the score', () => {
    fc.assert(
      fc.property(answerSets, fc.nat(questionnaire.questions.length - 1), (answers, index) => {
        const question = questionnaire.questions[index]!;
        if (!question.dontKnow) return true;
        const d = questionnaire.dimensions.findIndex((x) => x.id === question.dimension);
        const before = scoreAnswers(questionnaire, { ...answers, [question.id]: DONT_KNOW }).dimensions[d]!.score!;
        return scoredOptions(question).every(
          (o) => scoreAnswers(questionnaire, { ...answers, [question.id]: o.id }).dimensions[d]!.score! >= before,
        );
      }),
      { numRuns: runs(300) },
    );
  });
});

describe('bands', () => {
  /** Every score a dimension can reach: all answers at the same level, then one answer at a time raised. */
  function reachableScores(dimensionId: string): Set<number> {
    const questions = questionnaire.questions.filter((q) => q.dimension === dimensionId);
    const reached = new Set<number>();
    const answers: Answers = {};
    for (const q of questions) answers[q.id] = [...scoredOptions(q)].sort((a, b) => a.score - b.score)[0]!.id;
    const index = questionnaire.dimensions.findIndex((d) => d.id === dimensionId);
    reached.add(scoreAnswers(questionnaire, answers).dimensions[index]!.score!);
    for (const q of questions) {
      for (const option of [...scoredOptions(q)].sort((a, b) => a.score - b.score)) {
        answers[q.id] = option.id;
        reached.add(scoreAnswers(questionnaire, answers).dimensions[index]!.score!);
      }
    }
    return reached;
  }

  for (const dimension of questionnaire.dimensions) {
    it(`every band of "${dimension.id}" is reachable by some answer set`, () => {
      const reached = [...reachableScores(dimension.id)];
      const bands = questionnaire.bands.dimensions[dimension.id]!;
      for (const band of bands) {
        expect(reached.some((score) => bandFor(bands, score).id === band.id), `band ${band.id}`).toBe(true);
      }
    });
  }

  it('every overall band is reachable', () => {
    const reached = new Set<number>();
    const ordered = questionnaire.questions.map((q) => [...scoredOptions(q)].sort((a, b) => a.score - b.score));
    const answers: Answers = Object.fromEntries(questionnaire.questions.map((q, i) => [q.id, ordered[i]![0]!.id]));
    reached.add(scoreAnswers(questionnaire, answers).overall!);
    questionnaire.questions.forEach((q, i) => {
      for (const option of ordered[i]!) {
        answers[q.id] = option.id;
        reached.add(scoreAnswers(questionnaire, answers).overall!);
      }
    });
    for (const band of questionnaire.bands.overall) {
      expect([...reached].some((s) => bandFor(questionnaire.bands.overall, s).id === band.id), `band ${band.id}`).toBe(true);
    }
  });

  it('puts 100 in the top band and 0 in the first', () => {
    const bands = questionnaire.bands.overall;
    expect(bandFor(bands, 100).id).toBe(bands[bands.length - 1]!.id);
    expect(bandFor(bands, 0).id).toBe(bands[0]!.id);
  });
});

describe('answerValue', () => {
  const q = scale('q', 'a');

  it('is the option score over the best score on offer', () => {
    expect(answerValue(q, 's3')).toBe(0.75);
    expect(answerValue({ ...q, options: [{ id: 'low', score: 1 }, { id: 'high', score: 2 }] }, 'low')).toBe(0.5);
    expect(answerValue({ ...q, kind: 'yes-no', options: undefined }, 'partly')).toBe(0.5);
  });

  it('leaves out no answer, "not applicable" and an option the question does not offer', () => {
    expect(answerValue(q, undefined)).toBeNull();
    expect(answerValue(q, NOT_APPLICABLE)).toBeNull();
    expect(answerValue(q, 's9')).toBeNull();
  });

  it('counts "I don\'t know" as 0 only where it is offered', () => {
    expect(answerValue(q, DONT_KNOW)).toBe(0);
    expect(answerValue({ ...q, dontKnow: false }, DONT_KNOW)).toBeNull();
  });

  it('leaves out a question whose options all score 0, instead of dividing by zero', () => {
    expect(answerValue({ ...q, options: [{ id: 'none', score: 0 }] }, 'none')).toBeNull();
  });
});

describe('scoreAnswers with little or nothing to score', () => {
  const small = { dimensions: [dimension('a', 1), dimension('b', 3)], questions: [scale('a1', 'a'), scale('a2', 'a'), scale('a3', 'a'), scale('b1', 'b')] };

  it('with no answers: no scores, and shares of 0 rather than NaN', () => {
    const s = scoreAnswers(small, {});
    expect(s.overall).toBeNull();
    expect(s.dimensions.map((d) => d.score)).toEqual([null, null]);
    expect(s.knownShare).toBe(0);
    expect(s.dontKnowShare).toBe(0);
    expect(s.answered).toEqual({ applicable: 0, known: 0 });
  });

  it('counts each "not applicable" answer once, and no other answer as one', () => {
    const s = scoreAnswers(small, { a1: NOT_APPLICABLE, a2: 's4', a3: 's0', b1: NOT_APPLICABLE });
    expect(s.dimensions[0]).toMatchObject({ notApplicable: 1, counted: 2, known: 2, total: 3, score: 50 });
    expect(s.dimensions[1]).toMatchObject({ notApplicable: 1, counted: 0, score: null });
  });

  it('gives no score to a dimension whose questions weigh nothing', () => {
    const weightless = { dimensions: [dimension('a'), dimension('b')], questions: [scale('a1', 'a', { weight: 0 }), scale('b1', 'b')] };
    const s = scoreAnswers(weightless, { a1: 's4', b1: 's2' });
    expect(s.dimensions.map((d) => d.score)).toEqual([null, 50]);
    expect(s.overall).toBe(50);
  });

  it('gives no overall score when no dimension could be scored', () => {
    const s = scoreAnswers(small, { a1: NOT_APPLICABLE, b1: NOT_APPLICABLE });
    expect(s.overall).toBeNull();
  });
});

describe('answerIssues', () => {
  const questions = [scale('a1', 'a'), scale('a2', 'a', { notApplicable: false, dontKnow: false })];

  it('accepts every option, "not applicable" and "I don\'t know" where offered', () => {
    for (const answer of ['s0', 's4', NOT_APPLICABLE, DONT_KNOW]) expect(answerIssues(questions, { a1: answer }, { requireAll: false }), answer).toEqual([]);
    expect(answerIssues(questions, { a1: 's1', a2: 's2' }, { requireAll: true })).toEqual([]);
  });

  it('lists what a question takes when the answer is not one of them', () => {
    expect(answerIssues(questions, { a1: 'maybe' }, { requireAll: false })).toEqual([
      { path: ['answers', 'a1'], message: 'must be one of: s0, s1, s2, s3, s4, not-applicable, dont-know' },
    ]);
    expect(answerIssues(questions, { a2: DONT_KNOW }, { requireAll: false })).toEqual([
      { path: ['answers', 'a2'], message: 'must be one of: s0, s1, s2, s3, s4' },
    ]);
  });

  it('asks for every missing answer only when all are required', () => {
    expect(answerIssues(questions, { a1: 's1' }, { requireAll: false })).toEqual([]);
    expect(answerIssues(questions, {}, { requireAll: true })).toEqual([
      { path: ['answers', 'a1'], message: 'required' },
      { path: ['answers', 'a2'], message: 'required' },
    ]);
  });
});

describe('a checklist', () => {
  const box = (id: string, score: number) => ({ id, score, label: { es: id, pt: id, en: id } });
  const checklist = (extra: Partial<Question> = {}): Question => ({
    id: 'tracked', dimension: 'a', kind: 'checklist', text: { es: 'x', pt: 'x', en: 'x' },
    options: [box('churn', 4), box('cac', 2), box('nps', 1), box('roi', 1)], notApplicable: false, dontKnow: true, weight: 1, order: 1, ...extra,
  });

  it('scores the share of its options\' points that were ticked', () => {
    expect(answerValue(checklist(), ['churn'])).toBe(0.5);
    expect(answerValue(checklist(), ['cac', 'nps'])).toBe(0.375);
    expect(answerValue(checklist(), ['churn', 'cac', 'nps', 'roi'])).toBe(1);
  });

  it('scores "None of these" (no ticks) 0 as a known answer, and "I don\'t know" 0 as a visibility signal', () => {
    expect(answerValue(checklist(), [])).toBe(0);
    const none = scoreAnswers({ dimensions: [dimension('a')], questions: [checklist()] }, { tracked: [] });
    expect(none.dimensions[0]).toMatchObject({ score: 0, known: 1, dontKnow: 0 });
    const unknown = scoreAnswers({ dimensions: [dimension('a')], questions: [checklist()] }, { tracked: DONT_KNOW });
    expect(unknown.dimensions[0]).toMatchObject({ score: null, known: 0, dontKnow: 1 });
  });

  it('counts an option ticked twice once, and an unknown id for nothing', () => {
    expect(answerValue(checklist(), ['churn', 'churn'])).toBe(0.5);
    expect(answerValue(checklist(), ['churn', 'ltv'])).toBe(0.5);
  });

  it('reads a lone option id as a list of one, and leaves out an id it does not offer', () => {
    expect(answerValue(checklist(), 'cac')).toBe(0.25);
    expect(checklistTicks(checklist(), 'cac')).toEqual(['cac']);
    expect(answerValue(checklist(), 'ltv')).toBeNull();
    expect(checklistTicks(checklist(), 'ltv')).toBeNull();
    expect(checklistTicks(checklist(), DONT_KNOW)).toBeNull();
    expect(checklistTicks(checklist(), undefined)).toBeNull();
    expect(answerValue(checklist(), NOT_APPLICABLE)).toBeNull();
  });

  it('leaves out a checklist whose options all weigh 0, instead of dividing by zero', () => {
    expect(answerValue(checklist({ options: [box('a', 0), box('b', 0)] }), ['a'])).toBeNull();
  });

  it('is the only kind a list answers: a list for another question is left out', () => {
    expect(answerValue(scale('s', 'a'), ['s4'])).toBeNull();
    expect(answerValue(scale('s', 'a'), [])).toBeNull();
  });

  it('weighs in its dimension like any question, by its weight', () => {
    const s = scoreAnswers({ dimensions: [dimension('a')], questions: [checklist({ weight: 3 }), scale('s', 'a')] }, { tracked: ['churn'], s: 's4' });
    expect(s.dimensions[0]!.score).toBe(Math.round((100 * (3 * 0.5 + 1)) / 4));
  });

  it('is validated as a list of distinct ids it offers, or "I don\'t know" where offered', () => {
    const questions = [checklist(), scale('s', 'a')];
    expect(answerIssues(questions, { tracked: ['churn', 'nps'], s: 's1' }, { requireAll: true })).toEqual([]);
    expect(answerIssues(questions, { tracked: [], s: 's1' }, { requireAll: true })).toEqual([]);
    expect(answerIssues(questions, { tracked: DONT_KNOW }, { requireAll: false })).toEqual([]);
    const message = 'must be a list of distinct option ids from: churn, cac, nps, roi ([] for none of them), or one of: dont-know';
    for (const bad of [['churn', 'ltv'], ['cac', 'cac'], 'churn', NOT_APPLICABLE, [DONT_KNOW]]) {
      expect(answerIssues(questions, { tracked: bad }, { requireAll: false }), JSON.stringify(bad)).toEqual([{ path: ['answers', 'tracked'], message }]);
    }
    expect(answerIssues([checklist({ notApplicable: true })], { tracked: 'x' }, { requireAll: false })[0]!.message).toBe(
      'must be a list of distinct option ids from: churn, cac, nps, roi ([] for none of them), or one of: not-applicable, dont-know',
    );
    expect(answerIssues([checklist({ notApplicable: true })], { tracked: NOT_APPLICABLE }, { requireAll: false })).toEqual([]);
    expect(answerIssues([checklist({ dontKnow: false })], { tracked: 'x' }, { requireAll: false })[0]!.message).toBe(
      'must be a list of distinct option ids from: churn, cac, nps, roi ([] for none of them)',
    );
  });

  it('refuses a list for any other kind of question, naming the answers it takes', () => {
    expect(answerIssues([scale('s', 'a')], { s: ['s4'] }, { requireAll: false })).toEqual([
      { path: ['answers', 's'], message: 'must be one of: s0, s1, s2, s3, s4, not-applicable, dont-know' },
    ]);
  });

  const tickSets = fc.subarray(['churn', 'cac', 'nps', 'roi']);

  it('scores 0–1 for any set of ticks (property)', () => {
    fc.assert(fc.property(tickSets, (ticks) => {
      const value = answerValue(checklist(), ticks)!;
      return value >= 0 && value <= 1;
    }));
  });

  it('never scores lower for one more tick, and scores higher for any tick it did not have (property)', () => {
    fc.assert(fc.property(tickSets, fc.constantFrom('churn', 'cac', 'nps', 'roi'), (ticks, extra) => {
      const before = answerValue(checklist(), ticks)!;
      const after = answerValue(checklist(), [...ticks, extra])!;
      return ticks.includes(extra) ? after === before : after > before;
    }));
  });

  it("ticking one more option of the project's checklist never lowers its dimension's score (property)", () => {
    const question = questionnaire.questions.find((q) => q.kind === 'checklist')!;
    const d = questionnaire.dimensions.findIndex((x) => x.id === question.dimension);
    const ids = scoredOptions(question).map((o) => o.id);
    fc.assert(
      fc.property(answerSets, fc.subarray(ids), fc.constantFrom(...ids), (answers, ticks, extra) => {
        const before = scoreAnswers(questionnaire, { ...answers, [question.id]: ticks }).dimensions[d]!.score!;
        const after = scoreAnswers(questionnaire, { ...answers, [question.id]: [...ticks, extra] }).dimensions[d]!.score!;
        return after >= before && after <= 100;
      }),
      { numRuns: runs(300) },
    );
  });
});
