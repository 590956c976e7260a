import { bandFor } from './band.ts';
import { DONT_KNOW, NOT_APPLICABLE, scoredOptions, type ScorableQuestion } from './question.ts';
import { scoreAnswers, type Answer, type Answers } from './scoring.ts';
import type { Dimension } from './schemas/dimension.ts';

/**
 * What a preview asks of a score (the overall one or a dimension's): to fall in one of its bands (by
 * id), to be exactly this 0–100 score, or to be absent ("not assessed": too few known answers).
 */
export type PreviewTarget = { band: string } | { score: number } | { notAssessed: true };

/** A band's range: `min ≤ score < max`, the top band (max 100) holding 100 too. */
interface BandRange {
  id: string;
  min: number;
  max: number;
}

/** What deriving answers reads of a questionnaire (in any language). */
export interface PreviewQuestionnaire {
  dimensions: readonly Pick<Dimension, 'id' | 'weight'>[];
  questions: readonly ScorableQuestion[];
  bands: {
    overall: readonly BandRange[];
    dimensions: Readonly<Record<string, readonly BandRange[]>>;
    notAssessed: { minKnownShare: number };
  };
}

/** The targets of a preview; a dimension without one is free (it follows the overall target, or sits mid-scale without one). */
export interface PreviewTargets {
  overall?: PreviewTarget | null | undefined;
  dimensions?: Readonly<Record<string, PreviewTarget | null | undefined>>;
}

/** Where the derived answers land for one score: what was asked (`null`: nothing), what the real scoring gives, and whether that is what was asked. */
export interface PreviewLanding {
  /** `overall` or a dimension id. */
  scope: string;
  target: PreviewTarget | null;
  /** 0–100, or `null` when not assessed. */
  score: number | null;
  /** The band the score falls in; `null` when not assessed. */
  band: string | null;
  reached: boolean;
}

export interface PreviewAnswers {
  /** An answer to every question. */
  answers: Answers;
  /** The overall score first, then each dimension in the questionnaire's order. */
  landings: PreviewLanding[];
  /** The landings whose target was not reached: no answers give it (or not with the other targets). */
  misses: PreviewLanding[];
}

/** Where free dimensions aim when the overall score has no target either: mid-scale. */
const FREE_SCORE = 50;
/** Bounds the local search: each round changes one answer, so a few dozen rounds reach any score of a dimension. */
const MAX_ROUNDS = 200;

const sameAnswer = (a: Answer | undefined, b: Answer) => JSON.stringify(a) === JSON.stringify(b);

/** The answers a question can take on its way up: its options from the lowest score, or, for a checklist, one more box ticked at a time. */
function ladder(question: ScorableQuestion): Answer[] {
  const options = scoredOptions(question);
  if (question.kind === 'checklist') return options.map((_, index) => options.slice(0, index).map((o) => o.id)).concat([options.map((o) => o.id)]);
  return [...options].sort((a, b) => a.score - b.score).map((o) => o.id);
}

/** Every answer one change away: another option, or one box ticked or unticked. */
function neighbours(question: ScorableQuestion, current: Answer | undefined): Answer[] {
  const options = scoredOptions(question);
  if (question.kind !== 'checklist') return options.map((o) => o.id).filter((id) => id !== current);
  const ticked = Array.isArray(current) ? current : [];
  return options.map((o) => (ticked.includes(o.id) ? ticked.filter((id) => id !== o.id) : options.map((x) => x.id).filter((id) => id === o.id || ticked.includes(id))));
}

/** The range a target asks for, as the goal to aim at (its middle, or the score itself) and the test of a score. */
function aim(target: PreviewTarget, bands: readonly BandRange[]): { goal: number; holds: (score: number | null) => boolean } | null {
  if ('score' in target) return { goal: target.score, holds: (score) => score === target.score };
  if ('band' in target) {
    const band = bands.find((b) => b.id === target.band);
    if (!band) return null;
    return { goal: (band.min + band.max) / 2, holds: (score) => score !== null && bands.length > 0 && bandFor(bands, score).id === band.id };
  }
  return null;
}

/**
 * Answers to every question that land each score where the preview asks: a dimension in one of its
 * bands (aiming at the band's middle), at an exact score, or not assessed; the overall score likewise,
 * through the dimensions left free. Scored by the real scoring (`scoreAnswers`), so what is reported
 * is what the report will show; a target no answers reach is reported in `misses`, with the score the
 * nearest answers give, never faked.
 *
 * The search is greedy: every answer starts at its lowest option, then, question by question in turn,
 * each moves one option up until the score reaches the goal (so the answers stay even, as a real
 * visitor's tend to be); then single changes (or pairs) that bring the score nearer are made while
 * there are any. Free dimensions aim at the score the overall target needs of them (mid-scale without
 * one); if the overall score still misses, the dimensions with a target move too, within it.
 * @example previewAnswers(questionnaire, { dimensions: { tooling: { band: 'high' } } }).landings[4] // { scope: 'tooling', score: 85, band: 'high', reached: true, … }
 */
export function previewAnswers(q: PreviewQuestionnaire, targets: PreviewTargets): PreviewAnswers {
  const minKnownShare = q.bands.notAssessed.minKnownShare;
  const answers: Answers = {};
  const questionsOf = (dimension: string) => q.questions.filter((question) => question.dimension === dimension);
  const scores = () => scoreAnswers(q, answers, { minKnownShare });
  const dimensionScore = (dimension: string) =>
    scoreAnswers({ dimensions: q.dimensions.filter((d) => d.id === dimension), questions: questionsOf(dimension) }, answers, { minKnownShare }).dimensions[0]?.score ?? null;

  /**
   * Changes to `questions` while one brings `score()` nearer to `goal` (and keeps `allowed()`),
   * stopping as soon as `done()`: the best single change, or, when none helps, the best pair within
   * one dimension (one box ticked for another, one answer up and another down), which steps past the
   * dead ends of rounding. When nothing brings it nearer, a change that makes `done()` no farther from
   * `goal` is made: a band's bottom edge is as far from its middle as its top edge, the next band's.
   */
  const refine = (questions: readonly ScorableQuestion[], score: () => number | null, goal: number, done: () => boolean, allowed: () => boolean = () => true) => {
    const distance = () => Math.abs((score() ?? -Infinity) - goal);
    /** Each answer one change away (within `dimension` when given), the answers put back after. */
    const around = (visit: (question: ScorableQuestion, answer: Answer) => void, dimension?: string) => {
      for (const question of questions) {
        if (dimension !== undefined && question.dimension !== dimension) continue;
        const current = answers[question.id]!;
        for (const answer of neighbours(question, current)) {
          answers[question.id] = answer;
          visit(question, answer);
        }
        answers[question.id] = current;
      }
    };
    for (let round = 0; round < MAX_ROUNDS && !done(); round++) {
      const now = distance();
      let best: { changes: [string, Answer][]; distance: number } | null = null;
      let edge: [string, Answer][] | null = null;
      const consider = (changes: [string, Answer][]) => {
        const d = distance();
        if (d < now && (!best || d < best.distance) && allowed()) best = { changes, distance: d };
        else if (!edge && d === now && done() && allowed()) edge = changes;
      };
      around((question, answer) => consider([[question.id, answer]]));
      if (!best) around((question, answer) => around((second, next) => consider([[question.id, answer], [second.id, next]]), question.dimension));
      const changes = (best as { changes: [string, Answer][] } | null)?.changes ?? (edge as [string, Answer][] | null);
      if (!changes) return;
      for (const [id, answer] of changes) answers[id] = answer;
    }
  };

  /** The dimension's answers brought to `goal`: raised evenly from the bottom, then refined until `holds` (or as near as they get). */
  const aimDimension = (dimension: string, goal: number, holds: (score: number | null) => boolean) => {
    const questions = questionsOf(dimension);
    const steps = new Map(questions.map((question) => [question.id, ladder(question)]));
    for (const question of questions) answers[question.id] = steps.get(question.id)![0]!;
    let moved = true;
    while (moved && (dimensionScore(dimension) ?? -1) < goal) {
      moved = false;
      for (const question of questions) {
        const rungs = steps.get(question.id)!;
        const at = rungs.findIndex((rung) => sameAnswer(answers[question.id], rung));
        if (at < 0 || at === rungs.length - 1) continue;
        answers[question.id] = rungs[at + 1]!;
        moved = true;
        if ((dimensionScore(dimension) ?? -1) >= goal) break;
      }
    }
    refine(questions, () => dimensionScore(dimension), goal, () => holds(dimensionScore(dimension)));
  };

  /** As few known answers as the questions allow: "I don't know", else "Not applicable", else the lowest option. */
  const leaveUnassessed = (dimension: string) => {
    for (const question of questionsOf(dimension)) {
      answers[question.id] = question.dontKnow ? DONT_KNOW : question.notApplicable ? NOT_APPLICABLE : ladder(question)[0]!;
    }
  };

  const targetOf = (dimension: string) => targets.dimensions?.[dimension] ?? null;
  const free = q.dimensions.filter((d) => targetOf(d.id) === null);
  for (const dimension of q.dimensions) {
    const target = targetOf(dimension.id);
    if (target === null) continue;
    if ('notAssessed' in target) {
      leaveUnassessed(dimension.id);
      continue;
    }
    const aimed = aim(target, q.bands.dimensions[dimension.id] ?? []);
    // An unknown band: the dimension is answered mid-scale, and reported as missed below.
    if (aimed) aimDimension(dimension.id, aimed.goal, aimed.holds);
    else aimDimension(dimension.id, FREE_SCORE, () => false);
  }

  const overall = targets.overall ?? null;
  if (overall !== null && 'notAssessed' in overall) {
    for (const dimension of free) leaveUnassessed(dimension.id);
  } else {
    const aimed = overall === null ? null : aim(overall, q.bands.overall);
    const goal = aimed?.goal ?? FREE_SCORE;
    // The score the free dimensions need between them for the overall score to reach its goal, given the others'.
    const weightOf = (ids: readonly { id: string; weight: number }[]) => ids.reduce((sum, d) => sum + d.weight, 0);
    const fixedScores = q.dimensions.filter((d) => !free.includes(d)).map((d) => ({ ...d, score: dimensionScore(d.id) })).filter((d) => d.score !== null);
    const freeWeight = weightOf(free);
    const needed = aimed && freeWeight > 0
      ? (goal * (freeWeight + weightOf(fixedScores)) - fixedScores.reduce((sum, d) => sum + d.weight * d.score!, 0)) / freeWeight
      : goal;
    const clamped = Math.min(100, Math.max(0, needed));
    for (const dimension of free) aimDimension(dimension.id, clamped, (score) => score === Math.round(clamped));
    if (aimed) {
      const overallScore = () => scores().overall;
      refine(free.flatMap((d) => questionsOf(d.id)), overallScore, goal, () => aimed.holds(overallScore()));
      // Still off: the dimensions with a band or a score move too, within what they were asked.
      const held = q.dimensions.flatMap((d) => {
        const target = targetOf(d.id);
        const own = target === null || 'notAssessed' in target ? null : aim(target, q.bands.dimensions[d.id] ?? []);
        return own && own.holds(dimensionScore(d.id)) ? [{ id: d.id, holds: own.holds }] : [];
      });
      const stillHeld = () => held.every((d) => d.holds(dimensionScore(d.id)));
      refine([...free, ...held].flatMap((d) => questionsOf(d.id)), overallScore, goal, () => aimed.holds(overallScore()), stillHeld);
    }
  }

  const final = scores();
  const reached = (target: PreviewTarget | null, bands: readonly BandRange[], score: number | null) => {
    if (target === null) return true;
    if ('notAssessed' in target) return score === null;
    return aim(target, bands)?.holds(score) ?? false;
  };
  const landing = (scope: string, target: PreviewTarget | null, bands: readonly BandRange[], score: number | null): PreviewLanding => ({
    scope,
    target,
    score,
    band: score === null || bands.length === 0 ? null : bandFor(bands, score).id,
    reached: reached(target, bands, score),
  });
  const landings = [
    landing('overall', overall, q.bands.overall, final.overall),
    ...q.dimensions.map((d, index) => landing(d.id, targetOf(d.id), q.bands.dimensions[d.id] ?? [], final.dimensions[index]!.score)),
  ];
  return { answers, landings, misses: landings.filter((l) => !l.reached) };
}
