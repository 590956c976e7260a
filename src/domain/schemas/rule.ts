import { z } from 'astro/zod';
import { LocalizedTextSchema } from './text.ts';
import { IdSchema } from './dimension.ts';
import { METRIC_IDS, type MetricId } from '../metrics.ts';
import { VERDICT_TONE, VERDICTS, type VerdictTone } from '../verdicts.ts';

const bound = z.number().min(0, 'must be between 0 and 100').max(100, 'must be between 0 and 100');

export const ScoreConditionSchema = z
  .strictObject({
    dimension: IdSchema.meta({ description: 'A dimension id, or `overall` for the overall score.' }),
    below: bound.optional().meta({ description: 'Holds when the score is strictly lower than this (0–100).' }),
    atLeast: bound.optional().meta({ description: 'Holds when the score is this or higher (0–100).' }),
  })
  .refine((c) => c.below !== undefined || c.atLeast !== undefined, { message: 'give "below", "atLeast" or both' })
  .meta({ description: "Holds when a dimension's score (or `overall`) is `below` and/or `atLeast` the given values." });

export const DontKnowConditionSchema = z.strictObject({
  dontKnowShareAtLeast: z.number().min(0, 'must be between 0 and 1').max(1, 'must be between 0 and 1').meta({
    description: 'Share of "I don\'t know" answers, e.g. 0.25 for a quarter.',
  }),
}).meta({ description: 'Holds when at least this share (0–1) of the answered questions were "I don\'t know".' });

export const AnswerConditionSchema = z.strictObject({
  question: IdSchema.meta({ description: 'A question id.' }),
  answer: z.array(IdSchema).min(1, 'list at least one option id').meta({
    description: 'Option ids of that question; the condition holds when the answer is one of them.',
  }),
  absent: z.literal(true, { error: 'must be true, or left out' }).optional().meta({
    description:
      '`true`: holds when the question was answered with none of the listed ids (nothing listed ticked), ' +
      'e.g. "does not track NRR". List `dont-know` too, so that "I don\'t know" is not read as a no.',
  }),
}).meta({
  description:
    "Holds when the visitor's answer to `question` is one of the option ids in `answer` " +
    '(for a checklist question, when any of them is ticked). `dont-know` and ' +
    '`not-applicable` may be listed too. With `absent: true` it holds instead when the ' +
    'question was answered and none of them is the answer or ticked.',
});

/**
 * An id from one of the code's lists. Any text passes here: `assembleQuestionnaire` checks it, where
 * the error can name the field and the known ids (a `z.enum` inside the condition union would only
 * say that the condition matches none of its forms). The metadata still gives the JSON Schema the
 * known ids (`enum`), so editors offer them and flag a typo.
 */
const knownId = <T extends string>(ids: readonly T[], error: string) =>
  // Registered on the custom itself (`.meta` would return a copy, leaving it without).
  z.custom<T>((value) => typeof value === 'string', { error }).register(z.globalRegistry, { type: 'string', enum: [...ids] });

const TONES = [...new Set(Object.values(VERDICT_TONE))].sort() as VerdictTone[];
const metricId = knownId<MetricId>(METRIC_IDS, 'must be a metric id, e.g. clvToCac').meta({ description: 'A metric id, e.g. `clvToCac`.' });
const finite = z.number().refine(Number.isFinite, 'must be a number');

export const MetricConditionSchema = z
  .strictObject({
    metric: metricId,
    below: finite.optional().meta({ description: 'Holds when the figure shown is strictly lower than this.' }),
    atLeast: finite.optional().meta({ description: 'Holds when the figure shown is this or higher.' }),
  })
  .refine((c) => c.below !== undefined || c.atLeast !== undefined, { message: 'give "below", "atLeast" or both' })
  .meta({
    description:
      "Holds when the visitor's computed metric is `below` and/or `atLeast` the given values, " +
      'written in the unit the results page shows and compared with the figure as shown (rounded as ' +
      'displayed): percentages in percent (`{metric: nrr, below: 100}` is an NRR under 100 %), ' +
      "CLV:CAC as a plain ratio (`below: 3`), payback in months, money in the visitor's currency. " +
      'A metric that could not be computed fails the condition.',
  });

export const VerdictConditionSchema = z.strictObject({
  metric: metricId,
  verdict: z
    .array(knownId(VERDICTS, 'must be a verdict id'))
    .min(1, 'list at least one verdict')
    .meta({ description: 'Verdict ids, e.g. `[bottom-quartile]`.' }),
})
    .meta({
      description:
        "Holds when the metric's verdict against the visitor's benchmark is one of `verdict` " +
        '(e.g. `[bottom-quartile]`). A metric without a verdict (not computed, or no sourced ' +
        "figure for the visitor's segment) fails the condition.",
    });

export const ToneConditionSchema = z.strictObject({
  metric: metricId,
  tone: z
    .array(knownId(TONES, 'must be a tone'))
    .min(1, 'list at least one tone')
    .meta({ description: '`worse`, `neutral` and/or `better`.' }),
})
    .meta({
      description:
        "Holds when the tone of the metric's verdict is one of `tone`: `worse` (worse than the median, " +
        'bottom quartile, misses the target, worse than the range), `neutral` or `better`, whatever ' +
        "kind of figure the visitor's benchmark is. A metric without a verdict fails the condition.",
    });

const segmentIds = z.array(IdSchema).min(1, 'list at least one id from content/segments.yaml');

export const SegmentConditionSchema = z.union([
  z.strictObject({ businessModel: segmentIds, dealSize: segmentIds.optional() }),
  z.strictObject({ dealSize: segmentIds }),
]).meta({
  description:
    'Holds when the visitor chose one of the listed business models and/or deal sizes ' +
    '(ids from `content/segments.yaml`). A visitor who chose none fails it.',
});

export const ConditionSchema = z.union(
  [ScoreConditionSchema, DontKnowConditionSchema, AnswerConditionSchema, MetricConditionSchema, VerdictConditionSchema, ToneConditionSchema, SegmentConditionSchema],
  {
    error:
      'must be {dimension, below/atLeast}, {dontKnowShareAtLeast}, {question, answer}, {metric, below/atLeast}, {metric, verdict}, {metric, tone} or {businessModel/dealSize}',
  },
);
export type Condition = z.infer<typeof ConditionSchema>;
export type MetricCondition = z.infer<typeof MetricConditionSchema>;

export const RuleSchema = z.strictObject({
  id: IdSchema.meta({ description: 'Stable identifier, e.g. `tool-sprawl`.' }),
  when: z.array(ConditionSchema).min(1, 'at least one condition is required').meta({ description: 'Every condition must hold for the finding to show.' }),
  title: LocalizedTextSchema.meta({
    description:
      'Short name of the finding: "Herramientas sin datos confiables". May quote the visitor\'s ' +
      'figure with `{metricId}`, e.g. `{clvToCac}`, when a condition in `when` is on that metric.',
  }),
  body: LocalizedTextSchema.meta({ description: 'Two or three sentences: what the pattern usually means and what it costs. May quote figures like the title.' }),
}).meta({ description: 'A pattern across dimensions, answers, numbers or segment that produces a finding, e.g. strong tooling but weak data quality.' });
export type Rule = z.infer<typeof RuleSchema>;

export const RulesFileSchema = z.array(RuleSchema).meta({ description: '`content/rules.yaml`: the cross-dimension rules.' });
