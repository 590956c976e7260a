import { z } from 'astro/zod';
import { LocalizedTextSchema } from './text.ts';
import { IdSchema } from './dimension.ts';

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

export const ConditionSchema = z.union([ScoreConditionSchema, DontKnowConditionSchema, AnswerConditionSchema], {
  error: 'must be {dimension, below/atLeast}, {dontKnowShareAtLeast} or {question, answer}',
});
export type Condition = z.infer<typeof ConditionSchema>;

/** A pattern across dimensions that produces a finding, e.g. strong tooling but weak data quality. */
export const RuleSchema = z.strictObject({
  /** Stable identifier, e.g. `tool-sprawl`. */
  id: IdSchema,
  /** Every condition must hold for the finding to show. */
  when: z.array(ConditionSchema).min(1, 'at least one condition is required'),
  /** Short name of the finding: "Herramientas sin datos confiables". */
  title: LocalizedTextSchema,
  /** Two or three sentences: what the pattern usually means and what it costs. */
  body: LocalizedTextSchema,
});
export type Rule = z.infer<typeof RuleSchema>;

/** `content/rules.yaml`: the cross-dimension rules. */
export const RulesFileSchema = z.array(RuleSchema);

