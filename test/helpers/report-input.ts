import { scoredOptions } from '../../src/domain/question.ts';
import type { MetricInputs } from '../../src/domain/metrics.ts';
import type { Questionnaire } from '../../src/domain/schemas/questionnaire.ts';
import type { Answers } from '../../src/domain/scoring.ts';

/** Every question answered, each with a different option in turn: a varied, complete diagnostic. */
export function variedAnswers(q: Pick<Questionnaire, 'questions'>): Answers {
  return Object.fromEntries(q.questions.map((question, i) => {
    const options = scoredOptions(question);
    return [question.id, options[i % options.length]!.id];
  }));
}

/** Every question answered with its best option (every box of a checklist) or its worst (none): the top and the bottom band. */
export function extremeAnswers(q: Pick<Questionnaire, 'questions'>, which: 'best' | 'worst'): Answers {
  return Object.fromEntries(q.questions.map((question) => {
    if (question.kind === 'checklist') return [question.id, which === 'best' ? (question.options ?? []).map((o) => o.id) : []];
    const sorted = [...scoredOptions(question)].sort((a, b) => a.score - b.score);
    return [question.id, (which === 'best' ? sorted.at(-1) : sorted[0])!.id];
  }));
}

/** A month of figures that makes every metric computable. */
export const SAMPLE_INPUTS: MetricInputs = {
  period: 'month', currency: 'EUR', customersAtStart: 200, customersLost: 6, mrrAtStart: 100_000, churnedMrr: 1_000, contractionMrr: 0, expansionMrr: 2_000,
  leads: 1_000, newCustomers: 20, arpa: 500, grossMarginPct: 80, salesAndMarketingSpend: 60_000,
};
