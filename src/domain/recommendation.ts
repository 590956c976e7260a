import { conditionHolds, type RuleContext } from './rule.ts';
import type { Condition } from './schemas/rule.ts';
import { answerValue } from './scoring.ts';
import type { ScorableQuestion } from './question.ts';

/** How many recommendations a report shows. */
export const RECOMMENDATIONS_SHOWN = 3;

/** The question kinds whose lowest answer must trigger a recommendation or a finding. */
export const KINDS_WITH_LOWEST_ANSWER: readonly string[] = ['single', 'scale', 'yes-no'];

/** What ranking needs of a recommendation, whatever the language of its texts. */
export interface RankableRecommendation {
  id: string;
  dimension: string;
  band?: string | undefined;
  when?: readonly Condition[] | undefined;
  whenAny?: readonly Condition[] | undefined;
  theme?: string | undefined;
  shareDimension?: boolean | undefined;
}

/** A recommendation the visitor's answers call for, with the impact that ranks it. */
export interface RankedRecommendation<R extends RankableRecommendation> {
  recommendation: R;
  /** Dimension weight × points of the dimension's score lost on the answers it addresses. */
  impact: number;
  /** The questions whose answers triggered it (empty for a band's default action). */
  questions: string[];
}

export interface RankingInput<R extends RankableRecommendation> {
  dimensions: readonly { id: string; weight: number; score: number | null; band: string | null }[];
  questions: readonly ScorableQuestion[];
  recommendations: readonly R[];
  context: RuleContext;
}

function isAnswerCondition(condition: Condition): condition is Extract<Condition, { question: string }> {
  return 'question' in condition;
}

/** Whether a recommendation's conditions hold: every `when`, and one of `whenAny` when given. */
export function recommendationHolds(recommendation: RankableRecommendation, context: RuleContext): boolean {
  if (!recommendation.when && !recommendation.whenAny) return false;
  return (recommendation.when ?? []).every((c) => conditionHolds(c, context))
    && (recommendation.whenAny === undefined || recommendation.whenAny.some((c) => conditionHolds(c, context)));
}

/**
 * Whether answering `question` with `answer` is enough, whatever else is answered, for the
 * conditions to hold: every all-of condition is an answer condition on that answer, and so is
 * one of the any-of conditions when there are some.
 */
export function triggeredByAnswer(item: { when?: readonly Condition[] | undefined; whenAny?: readonly Condition[] | undefined }, question: string, answer: string): boolean {
  const on = (c: Condition) => isAnswerCondition(c) && c.question === question && c.answer.includes(answer);
  if (!item.when && !item.whenAny) return false;
  return (item.when ?? []).every(on) && (item.whenAny === undefined || item.whenAny.some(on));
}

/** The option ids of a question with its lowest score (several when they tie). */
export function lowestAnswers(options: readonly { id: string; score: number }[]): string[] {
  const lowest = Math.min(...options.map((o) => o.score));
  return options.filter((o) => o.score === lowest).map((o) => o.id);
}

/**
 * Points (0–100) of its dimension's score a question's answer costs: how much the score would
 * rise with the best answer there. 0 when the question is not counted (not applicable, unanswered).
 */
export function pointsLost(questions: readonly ScorableQuestion[], answers: RuleContext['answers'], questionId: string): number {
  const question = questions.find((q) => q.id === questionId);
  if (!question) return 0;
  const valueOf = (q: ScorableQuestion) => {
    const answer = answers?.[q.id];
    return answer === undefined ? null : answerValue(q, answer);
  };
  const value = valueOf(question);
  if (value === null) return 0;
  const counted = questions.filter((q) => q.dimension === question.dimension && valueOf(q) !== null);
  const weights = counted.reduce((sum, q) => sum + q.weight, 0);
  return (100 * question.weight * (1 - value)) / weights;
}

/** Impacts compared as equal when they differ only by floating-point noise. */
const settle = (value: number) => Math.round(value * 1e6) / 1e6;

/**
 * The recommendations to show, most impact first. Candidates are the answer-triggered
 * recommendations whose conditions hold (impact: Σ over the questions they name of the
 * question's dimension weight × the points it lost) and each assessed dimension's default for
 * its band (impact: dimension weight × the points lost on questions no candidate addresses, so
 * a specific action wins over the generic one for the same gap). Then, largest impact first,
 * ties in content order: no two of one theme, at most one per dimension unless
 * `shareDimension`, `limit` in all. Dimensions without a score recommend nothing.
 */
export function rankRecommendations<R extends RankableRecommendation>(input: RankingInput<R>, limit = RECOMMENDATIONS_SHOWN): RankedRecommendation<R>[] {
  const dimension = new Map(input.dimensions.map((d) => [d.id, d]));
  const assessed = (id: string) => typeof dimension.get(id)?.score === 'number';
  const dimensionOf = new Map(input.questions.map((q) => [q.id, q.dimension]));
  const lost = (questionId: string) => {
    const d = dimension.get(dimensionOf.get(questionId) ?? '');
    return d && d.score !== null ? d.weight * pointsLost(input.questions, input.context.answers, questionId) : 0;
  };

  const candidates: RankedRecommendation<R>[] = [];
  const addressed = new Set<string>();
  for (const recommendation of input.recommendations) {
    if (recommendation.band !== undefined || !assessed(recommendation.dimension) || !recommendationHolds(recommendation, input.context)) continue;
    const conditions = [...(recommendation.when ?? []), ...(recommendation.whenAny ?? [])];
    const questions = [...new Set(conditions.filter(isAnswerCondition).filter((c) => conditionHolds(c, input.context)).map((c) => c.question))];
    const d = dimension.get(recommendation.dimension)!;
    const impact = settle(questions.length > 0 ? questions.reduce((sum, id) => sum + lost(id), 0) : d.weight * (100 - (d.score ?? 100)));
    if (impact <= 0) continue;
    questions.forEach((id) => addressed.add(id));
    candidates.push({ recommendation, impact, questions });
  }
  for (const recommendation of input.recommendations) {
    const d = dimension.get(recommendation.dimension);
    if (recommendation.band === undefined || !d || d.score === null || d.band !== recommendation.band) continue;
    const impact = settle(input.questions
      .filter((q) => q.dimension === d.id && !addressed.has(q.id))
      .reduce((sum, q) => sum + lost(q.id), 0));
    if (impact > 0) candidates.push({ recommendation, impact, questions: [] });
  }

  const order = new Map(input.recommendations.map((r, i) => [r, i]));
  candidates.sort((a, b) => b.impact - a.impact || order.get(a.recommendation)! - order.get(b.recommendation)!);
  const chosen: RankedRecommendation<R>[] = [];
  const themes = new Set<string>();
  const dimensions = new Set<string>();
  for (const candidate of candidates) {
    if (chosen.length >= limit) break;
    const { recommendation } = candidate;
    const theme = recommendation.theme ?? recommendation.id;
    if (themes.has(theme)) continue;
    if (dimensions.has(recommendation.dimension) && !recommendation.shareDimension) continue;
    chosen.push(candidate);
    themes.add(theme);
    dimensions.add(recommendation.dimension);
  }
  return chosen;
}
