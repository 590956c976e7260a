import { answerValue } from './scoring.ts';
import { DONT_KNOW, NOT_APPLICABLE, scoredOptions, type ScorableQuestion } from './question.ts';
import type { BandClaim } from './schemas/band.ts';
import type { Dimension } from './schemas/dimension.ts';

/** The band a 0–100 score falls in (the top band holds 100). */
export function bandFor<B extends { min: number; max: number }>(bands: readonly B[], score: number): B {
  const found = bands.find((band) => score >= band.min && score < band.max);
  const last = bands[bands.length - 1];
  if (found) return found;
  if (!last) throw new Error('bandFor needs at least one band');
  return score <= 0 ? (bands[0] as B) : last;
}

/** The answers a visitor can give a question: its options, then "I don't know" and "Not applicable" when offered. */
export function offeredAnswers(question: ScorableQuestion): string[] {
  return [...scoredOptions(question).map((o) => o.id), ...(question.dontKnow ? [DONT_KNOW] : []), ...(question.notApplicable ? [NOT_APPLICABLE] : [])];
}

/**
 * Whether a claim holds for an answer: only an option scoring within `atLeast`–`atMost` does.
 * "I don't know" and "Not applicable" contradict every claim (the text would assert what the
 * visitor did not tell, or a practice that does not apply to them).
 */
export function claimHolds(claim: BandClaim, question: ScorableQuestion, answer: string): boolean {
  const option = scoredOptions(question).find((o) => o.id === answer);
  if (!option) return false;
  return (claim.atLeast === undefined || option.score >= claim.atLeast) && (claim.atMost === undefined || option.score <= claim.atMost);
}

/** What the reach of an answer is computed over: the questionnaire's dimensions and questions. */
export interface ReachInput {
  dimensions: readonly Pick<Dimension, 'id' | 'weight'>[];
  questions: readonly ScorableQuestion[];
  /** `notAssessed.minKnownShare` of `content/bands.yaml`. */
  minKnownShare: number;
}

const others = (input: ReachInput, question: ScorableQuestion) =>
  input.questions.filter((q) => q.dimension === question.dimension && q.id !== question.id);

/**
 * The highest score (0–100, rounded as scoring rounds it) the question's dimension can reach
 * when the question is answered `answer`, every other answer free; `null` when that answer
 * leaves the dimension without a score whatever else is answered. Exact: the other questions
 * at their best option, all known.
 */
export function highestDimensionScore(input: ReachInput, question: ScorableQuestion, answer: string): number | null {
  const rest = others(input, question);
  const value = answerValue(question, answer);
  const restWeight = rest.reduce((sum, q) => sum + q.weight, 0);
  if (value === null) return rest.length > 0 ? 100 : null;
  const known = rest.length + (answer === DONT_KNOW ? 0 : 1);
  if (known === 0 || known / (rest.length + 1) < input.minKnownShare) return null;
  return Math.round((100 * (question.weight * value + restWeight)) / (question.weight + restWeight));
}

/**
 * A score (0–100) the dimension cannot go below when the question is answered `answer`: the
 * lowest value any of its counted answers can take (a mean is never below its smallest term).
 * A bound, not always reached: a claim checked against it may be refused though it would
 * hold, never accepted though it can fail.
 */
export function lowestDimensionScoreBound(input: ReachInput, question: ScorableQuestion, answer: string): number {
  // A checklist can always be answered with nothing ticked.
  const lowestValue = (q: ScorableQuestion) =>
    q.kind === 'checklist' ? 0 : Math.min(...scoredOptions(q).map((o) => answerValue(q, o.id) ?? 1), q.dontKnow ? 0 : 1);
  const value = answerValue(question, answer);
  return Math.round(100 * Math.min(value ?? 1, ...others(input, question).map(lowestValue)));
}

/** Whether some answers to the other questions leave the dimension without a score while the question is answered `answer`. */
export function canLeaveUnassessed(input: ReachInput, question: ScorableQuestion, answer: string): boolean {
  let known = answer !== DONT_KNOW && answerValue(question, answer) !== null ? 1 : 0;
  let counted = answerValue(question, answer) !== null ? 1 : 0;
  for (const q of others(input, question)) {
    if (q.dontKnow) counted++;
    else if (!q.notApplicable) {
      known++;
      counted++;
    }
  }
  return known === 0 || known / counted < input.minKnownShare;
}

/**
 * The highest overall score (0–100) reachable when the question is answered `answer`: the
 * other dimensions at 100, and the question's dimension at its highest, or left out of the
 * overall score (100) when the other answers can leave it unassessed.
 */
export function highestOverallScore(input: ReachInput, question: ScorableQuestion, answer: string): number {
  const own = highestDimensionScore(input, question, answer);
  if (own === null || canLeaveUnassessed(input, question, answer)) return 100;
  const weight = (id: string) => input.dimensions.find((d) => d.id === id)?.weight ?? 0;
  const total = input.dimensions.reduce((sum, d) => sum + d.weight, 0);
  const rest = total - weight(question.dimension);
  return Math.round((100 * rest + weight(question.dimension) * own) / total);
}

/** An answer that contradicts a band's claim and can still reach the band, with the score that shows it. */
export interface ClaimContradiction {
  answer: string;
  /** For `atLeast`: the highest score reachable with that answer; for `atMost`: a score it can go down to. */
  score: number;
}

/**
 * The answers to `question` that contradict `claim` and can still reach `band`, of a dimension
 * (`scope` = its id) or of the overall score (`scope` = `overall`). Empty when the claim is honest.
 */
export function claimContradictions(
  input: ReachInput,
  scope: string,
  band: { min: number; max: number },
  claim: BandClaim,
  question: ScorableQuestion,
): ClaimContradiction[] {
  const top = band.max >= 100 ? Infinity : band.max;
  return offeredAnswers(question).flatMap((answer): ClaimContradiction[] => {
    if (claimHolds(claim, question, answer)) return [];
    const highest = scope === 'overall' ? highestOverallScore(input, question, answer) : highestDimensionScore(input, question, answer);
    if (highest === null || highest < band.min) return [];
    const lowest = scope === 'overall' ? 0 : lowestDimensionScoreBound(input, question, answer);
    if (lowest >= top) return [];
    const option = scoredOptions(question).find((o) => o.id === answer);
    const above = claim.atMost !== undefined && option !== undefined && option.score > claim.atMost;
    return [{ answer, score: above ? lowest : highest }];
  });
}
