import { z } from 'astro/zod';
import { LocalizedTextSchema } from './text.ts';
import { IdSchema } from './dimension.ts';
import type { MetricId } from '../metrics.ts';
import type { Verdict } from './benchmark.ts';
import type { VerdictTone } from '../benchmark.ts';

const bound = z.number().min(0, 'must be between 0 and 100').max(100, 'must be between 0 and 100');

/** Holds when a dimension's score (or `overall`) is `below` and/or `atLeast` the given values. */
export const ScoreConditionSchema = z
  .strictObject({
    /** A dimension id, or `overall` for the overall score. */
    dimension: IdSchema,
    /** Holds when the score is strictly lower than this (0–100). */
    below: bound.optional(),
    /** Holds when the score is this or higher (0–100). */
    atLeast: bound.optional(),
  })
  .refine((c) => c.below !== undefined || c.atLeast !== undefined, { message: 'give "below", "atLeast" or both' });

/** Holds when at least this share (0–1) of the answered questions were "I don't know". */
export const DontKnowConditionSchema = z.strictObject({
  /** Share of "I don't know" answers, e.g. 0.25 for a quarter. */
  dontKnowShareAtLeast: z.number().min(0, 'must be between 0 and 1').max(1, 'must be between 0 and 1'),
});

/**
 * Holds when the visitor's answer to `question` is one of the option ids in `answer`
 * (for a checklist question, when any of them is ticked). `dont-know` and
 * `not-applicable` may be listed too. With `absent: true` it holds instead when the
 * question was answered and none of them is the answer or ticked.
 */
export const AnswerConditionSchema = z.strictObject({
  /** A question id. */
  question: IdSchema,
  /** Option ids of that question; the condition holds when the answer is one of them. */
  answer: z.array(IdSchema).min(1, 'list at least one option id'),
  /**
   * `true`: holds when the question was answered with none of the listed ids (nothing listed ticked),
   * e.g. "does not track NRR". List `dont-know` too, so that "I don't know" is not read as a no.
   */
  absent: z.literal(true, { error: 'must be true, or left out' }).optional(),
});

// Ids checked against the code's lists in `assembleQuestionnaire`, where the error can name the field and the known ids.
const metricId = z.custom<MetricId>((value) => typeof value === 'string', { error: 'must be a metric id, e.g. clvToCac' });
const finite = z.number().refine(Number.isFinite, 'must be a number');

/**
 * Holds when the visitor's computed metric is `below` and/or `atLeast` the given values,
 * written in the unit the results page shows and compared with the figure as shown (rounded as
 * displayed): percentages in percent (`{metric: nrr, below: 100}` is an NRR under 100 %),
 * CLV:CAC as a plain ratio (`below: 3`), payback in months, money in the visitor's currency.
 * A metric that could not be computed fails the condition.
 */
export const MetricConditionSchema = z
  .strictObject({
    /** A metric id: monthlyChurnRate, annualChurnRate, grr, nrr, cac, clv, clvToCac, cacPaybackMonths, conversionRate, … */
    metric: metricId,
    /** Holds when the figure shown is strictly lower than this. */
    below: finite.optional(),
    /** Holds when the figure shown is this or higher. */
    atLeast: finite.optional(),
  })
  .refine((c) => c.below !== undefined || c.atLeast !== undefined, { message: 'give "below", "atLeast" or both' });

/**
 * Holds when the metric's verdict against the visitor's benchmark is one of `verdict`
 * (e.g. `[bottom-quartile]`). A metric without a verdict (not computed, or no sourced
 * figure for the visitor's segment) fails the condition.
 */
export const VerdictConditionSchema = z.strictObject({
  metric: metricId,
  /** Verdict ids: top-quartile, better-than-median, at-median, worse-than-median, bottom-quartile, meets-target, misses-target, better-than-range, within-range, worse-than-range. */
  verdict: z.array(z.custom<Verdict>((value) => typeof value === 'string', { error: 'must be a verdict id' })).min(1, 'list at least one verdict'),
});

/**
 * Holds when the tone of the metric's verdict is one of `tone`: `worse` (worse than the median,
 * bottom quartile, misses the target, worse than the range), `neutral` or `better`, whatever
 * kind of figure the visitor's benchmark is. A metric without a verdict fails the condition.
 */
export const ToneConditionSchema = z.strictObject({
  metric: metricId,
  /** `worse`, `neutral` and/or `better`. */
  tone: z.array(z.custom<VerdictTone>((value) => typeof value === 'string', { error: 'must be a tone' })).min(1, 'list at least one tone'),
});

const segmentIds = z.array(IdSchema).min(1, 'list at least one id from content/segments.yaml');

/**
 * Holds when the visitor chose one of the listed business models and/or deal sizes
 * (ids from `content/segments.yaml`). A visitor who chose none fails it.
 */
export const SegmentConditionSchema = z.union([
  z.strictObject({ businessModel: segmentIds, dealSize: segmentIds.optional() }),
  z.strictObject({ dealSize: segmentIds }),
]);

export const ConditionSchema = z.union(
  [ScoreConditionSchema, DontKnowConditionSchema, AnswerConditionSchema, MetricConditionSchema, VerdictConditionSchema, ToneConditionSchema, SegmentConditionSchema],
  {
    error:
      'must be {dimension, below/atLeast}, {dontKnowShareAtLeast}, {question, answer}, {metric, below/atLeast}, {metric, verdict}, {metric, tone} or {businessModel/dealSize}',
  },
);
export type Condition = z.infer<typeof ConditionSchema>;
export type MetricCondition = z.infer<typeof MetricConditionSchema>;

/** A pattern across dimensions, answers, numbers or segment that produces a finding, e.g. strong tooling but weak data quality. */
export const RuleSchema = z.strictObject({
  /** Stable identifier, e.g. `tool-sprawl`. */
  id: IdSchema,
  /** Every condition must hold for the finding to show. */
  when: z.array(ConditionSchema).min(1, 'at least one condition is required'),
  /**
   * Short name of the finding: "Herramientas sin datos confiables". May quote the visitor's
   * figure with `{metricId}`, e.g. `{clvToCac}`, when a condition in `when` is on that metric.
   */
  title: LocalizedTextSchema,
  /** Two or three sentences: what the pattern usually means and what it costs. May quote figures like the title. */
  body: LocalizedTextSchema,
});
export type Rule = z.infer<typeof RuleSchema>;

/** `content/rules.yaml`: the cross-dimension rules. */
export const RulesFileSchema = z.array(RuleSchema);
