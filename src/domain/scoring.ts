import { DONT_KNOW, NOT_APPLICABLE, scoredOptions, type ScorableQuestion } from './question.ts';
import type { Dimension } from './schemas/dimension.ts';

/**
 * One question's answer: an option id, `not-applicable` or `dont-know`; for a `checklist`,
 * the ids of the options ticked (`[]` for "None of these"), or `not-applicable` / `dont-know`.
 */
export type Answer = string | string[];
/** Answers by question id. Answers stored before checklists existed are all strings, and still read. */
export type Answers = Record<string, Answer>;

export interface DimensionScore {
  dimension: string;
  /** 0–100, rounded; `null` (not assessed) when no question was answered with one of its options. */
  score: number | null;
  /** Questions counted in the score (answered, including "I don't know"). */
  counted: number;
  /** Questions answered with one of their options (neither "I don't know" nor "not applicable"). */
  known: number;
  notApplicable: number;
  dontKnow: number;
  /** Questions in the dimension. */
  total: number;
}

export interface Scores {
  /**
   * Weighted mean of the scores of the assessed dimensions, 0–100, rounded; `null` when no
   * dimension has a score or fewer than `minKnownShare` of the answers that apply were known.
   */
  overall: number | null;
  /** Answers that apply (answered, not "not applicable") and those of them answered with an option. */
  answered: { applicable: number; known: number };
  /** `known ÷ applicable`, 0–1 (0 when nothing applies). */
  knownShare: number;
  dimensions: DimensionScore[];
  /** "I don't know" answers, a sign of low data visibility. */
  dontKnowCount: number;
  /** Share of counted answers that were "I don't know", 0–1. */
  dontKnowShare: number;
}

/**
 * The options ticked in a checklist's answer: the list itself, or a lone option id read as a list
 * of one (answers written by hand or by other tools); `null` for anything else ("I don't know",
 * "Not applicable", an unknown id, no answer).
 */
export function checklistTicks(question: ScorableQuestion, answer: Answer | readonly string[] | undefined): readonly string[] | null {
  if (Array.isArray(answer)) return answer;
  return scoredOptions(question).some((o) => o.id === answer) ? [answer as string] : null;
}

/**
 * A question's answer as 0–1, or `null` when it is left out of the score. A checklist
 * scores the share of its options' points that were ticked (unknown ids count for nothing),
 * so each tick raises it (see `checklistTicks`); a list answers nothing but a checklist.
 * @example answerValue(checklist with options scored 2, 1, 1, ['a', 'c']) // 0.75
 */
export function answerValue(question: ScorableQuestion, answer: Answer | readonly string[] | undefined): number | null {
  if (answer === undefined) return null;
  if (answer === NOT_APPLICABLE) return null;
  if (answer === DONT_KNOW) return question.dontKnow ? 0 : null;
  const options = scoredOptions(question);
  if (question.kind === 'checklist') {
    const ticks = checklistTicks(question, answer);
    if (ticks === null) return null;
    const total = options.reduce((sum, o) => sum + o.score, 0);
    const ticked = options.reduce((sum, o) => sum + (ticks.includes(o.id) ? o.score : 0), 0);
    return total > 0 ? ticked / total : null;
  }
  const option = options.find((o) => o.id === answer);
  if (!option) return null;
  const best = Math.max(...options.map((o) => o.score));
  return best > 0 ? option.score / best : null;
}

/**
 * Scores answers per dimension and overall. "Not applicable" and unanswered
 * questions are left out of the denominator; "I don't know" counts as 0, but a
 * dimension gets no score (it is not assessed) without a known answer or when
 * fewer than `minKnownShare` (0–1) of its answers that apply are known, and
 * neither does the whole when fewer than that share of all of them are.
 */
export function scoreAnswers(
  questionnaire: { dimensions: readonly Pick<Dimension, 'id' | 'weight'>[]; questions: readonly ScorableQuestion[] },
  answers: Answers,
  { minKnownShare = 0 }: { minKnownShare?: number } = {},
): Scores {
  let dontKnowCount = 0;
  let countedTotal = 0;
  let knownTotal = 0;
  const dimensions = questionnaire.dimensions.map((dimension): DimensionScore => {
    const questions = questionnaire.questions.filter((q) => q.dimension === dimension.id);
    let weighted = 0;
    let weights = 0;
    let counted = 0;
    let known = 0;
    let notApplicable = 0;
    let dontKnow = 0;
    for (const question of questions) {
      const answer = answers[question.id];
      if (answer === NOT_APPLICABLE && question.notApplicable) notApplicable++;
      if (answer === DONT_KNOW && question.dontKnow) dontKnow++;
      const value = answerValue(question, answer);
      if (value === null) continue;
      weighted += question.weight * value;
      weights += question.weight;
      counted++;
      if (answer !== DONT_KNOW) known++;
    }
    dontKnowCount += dontKnow;
    countedTotal += counted;
    knownTotal += known;
    return {
      dimension: dimension.id,
      // Zeros from "I don't know" would claim a level nobody described: an area needs as large a
      // share of known answers as the whole does.
      score: known > 0 && weights > 0 && known / counted >= minKnownShare ? Math.round((100 * weighted) / weights) : null,
      counted,
      known,
      notApplicable,
      dontKnow,
      total: questions.length,
    };
  });

  let weighted = 0;
  let weights = 0;
  questionnaire.dimensions.forEach((dimension, index) => {
    const score = dimensions[index]?.score;
    if (score === null || score === undefined) return;
    weighted += dimension.weight * score;
    weights += dimension.weight;
  });
  const knownShare = countedTotal > 0 ? knownTotal / countedTotal : 0;
  return {
    overall: weights > 0 && knownShare >= minKnownShare ? Math.round(weighted / weights) : null,
    answered: { applicable: countedTotal, known: knownTotal },
    knownShare,
    dimensions,
    dontKnowCount,
    dontKnowShare: countedTotal > 0 ? dontKnowCount / countedTotal : 0,
  };
}

/**
 * Problems with a set of answers: unknown questions, options the question does not offer,
 * a list for a question that is not a checklist (or a single id for one), missing answers.
 */
export function answerIssues(
  questions: readonly ScorableQuestion[],
  answers: Answers,
  { requireAll }: { requireAll: boolean },
): { path: string[]; message: string }[] {
  const issues: { path: string[]; message: string }[] = [];
  const byId = new Map(questions.map((q) => [q.id, q]));
  for (const [id, answer] of Object.entries(answers)) {
    const question = byId.get(id);
    if (!question) {
      issues.push({ path: ['answers', id], message: 'unknown question' });
      continue;
    }
    const options = scoredOptions(question).map((o) => o.id);
    const extras = [...(question.notApplicable ? [NOT_APPLICABLE] : []), ...(question.dontKnow ? [DONT_KNOW] : [])];
    if (question.kind === 'checklist') {
      const list = `a list of distinct option ids from: ${options.join(', ')} ([] for none of them)`;
      const message = extras.length > 0 ? `must be ${list}, or one of: ${extras.join(', ')}` : `must be ${list}`;
      const valid = Array.isArray(answer)
        ? answer.every((tick, index) => options.includes(tick) && answer.indexOf(tick) === index)
        : extras.includes(answer);
      if (!valid) issues.push({ path: ['answers', id], message });
    } else if (typeof answer !== 'string' || ![...options, ...extras].includes(answer)) {
      issues.push({ path: ['answers', id], message: `must be one of: ${[...options, ...extras].join(', ')}` });
    }
  }
  if (requireAll) {
    for (const question of questions) {
      if (answers[question.id] === undefined) issues.push({ path: ['answers', question.id], message: 'required' });
    }
  }
  return issues;
}
