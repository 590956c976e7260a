import { z } from 'astro/zod';
import { LocalizedTextSchema, required } from './text.ts';
import { IdSchema } from './dimension.ts';
import { DONT_KNOW, MAX_OPTION_SCORE, NONE_OF_THESE, NOT_APPLICABLE, QUESTION_KINDS } from '../question.ts';
import { METRIC_IDS } from '../metrics.ts';

export const OptionSchema = z.strictObject({
  id: IdSchema.meta({ description: 'Stable identifier within the question, e.g. `weekly`. Answers store it.' }),
  label: LocalizedTextSchema.meta({ description: 'What the visitor reads next to the radio button (or checkbox).' }),
  score: z
    .number(required)
    .int('must be a whole number from 0 to 4')
    .min(0, 'must be a whole number from 0 to 4')
    .max(MAX_OPTION_SCORE, 'must be a whole number from 0 to 4')
    .meta({
      description:
        "0 (no practice at all) to 4 (best practice). In a `checklist` it is the option's weight, " +
        '1 to 4: how much ticking it adds (the question scores the share of the points ticked).',
    }),
  metrics: z.array(z.enum(METRIC_IDS, { error: `must be one of: ${METRIC_IDS.join(', ')}` })).optional().meta({
    description:
      '`checklist` only: the computed metrics this option stands for, e.g. `[monthlyChurnRate, annualChurnRate]` ' +
      'for churn. Ticking it puts their inputs first in the numbers step. Ids are those of `METRIC_IDS` ' +
      'in `src/domain/metrics.ts`.',
  }),
});
export type Option = z.infer<typeof OptionSchema>;

export const QuestionKindSchema = z.enum(QUESTION_KINDS, {
  error: 'must be one of: single, scale, yes-no, checklist',
});

export const QuestionSchema = z
  .strictObject({
    id: IdSchema.meta({ description: 'Stable identifier, unique across all questions, e.g. `crm-single-source`. Answers store it.' }),
    dimension: IdSchema.meta({ description: 'The `id` of the dimension (in `content/dimensions.yaml`) this question scores.' }),
    kind: QuestionKindSchema.meta({
      description:
        '`single`: pick one of your own options (2 or more, each with a score); ' +
        '`scale`: exactly five options scored 0, 1, 2, 3, 4 in that order; ' +
        '`yes-no`: Yes / Partly / No (no options to write); ' +
        '`checklist`: tick any number of your own options (2 or more, each `score` 1–4 is its weight); ' +
        '"None of these" is always offered, and the question scores the share of the points ticked.',
    }),
    text: LocalizedTextSchema.meta({ description: 'The question, about an observable practice: "How often do sales and marketing review the same pipeline report?"' }),
    help: LocalizedTextSchema.optional().meta({ description: 'Optional hint shown under the question: what counts, an example.' }),
    options: z.array(OptionSchema).optional().meta({
      description: 'The answers to choose from; required for `single`, `scale` and `checklist`, not allowed for `yes-no`.',
    }),
    notApplicable: z.boolean().default(false).meta({
      description: 'Offer "Not applicable": the question is then left out of the score. Only where it can truly not apply.',
    }),
    dontKnow: z.boolean().default(true).meta({ description: 'Offer "I don\'t know": scored 0 and counted as a sign of low data visibility.' }),
    weight: z.number().positive('must be greater than 0').max(5, 'must be 5 or less').default(1).meta({
      description: 'How much this question counts within its dimension (1 = normal).',
    }),
    order: z.number(required).int('must be a whole number').meta({ description: 'Position within its dimension, smallest first.' }),
  })
  .superRefine((question, ctx) => {
    const options = question.options;
    if (question.kind === 'yes-no') {
      if (options) ctx.addIssue({ code: 'custom', path: ['options'], message: 'not allowed for kind yes-no (its options are Yes / Partly / No)' });
      return;
    }
    if (!options) {
      ctx.addIssue({ code: 'custom', path: ['options'], message: `required for kind ${question.kind}` });
      return;
    }
    const seen = new Set<string>();
    const metricOwner = new Map<string, string>();
    options.forEach((option, index) => {
      if (seen.has(option.id)) ctx.addIssue({ code: 'custom', path: ['options', index, 'id'], message: `duplicate option id "${option.id}"` });
      seen.add(option.id);
      if (option.metrics && question.kind !== 'checklist')
        ctx.addIssue({ code: 'custom', path: ['options', index, 'metrics'], message: `only for kind checklist (this question is ${question.kind})` });
      option.metrics?.forEach((metric, m) => {
        const owner = metricOwner.get(metric);
        if (owner !== undefined) ctx.addIssue({ code: 'custom', path: ['options', index, 'metrics', m], message: `"${metric}" is already named by option "${owner}"` });
        else metricOwner.set(metric, option.id);
      });
    });
    if (question.kind === 'checklist') {
      if (options.length < 2) ctx.addIssue({ code: 'custom', path: ['options'], message: 'a checklist needs at least 2 options' });
      options.forEach((option, index) => {
        if ([NONE_OF_THESE, DONT_KNOW, NOT_APPLICABLE].includes(option.id))
          ctx.addIssue({ code: 'custom', path: ['options', index, 'id'], message: `"${option.id}" is reserved in a checklist (None of these, I don't know, Not applicable are offered by themselves)` });
        // A zero-weight box would change nothing when ticked: the score must move with every tick.
        if (option.score < 1) ctx.addIssue({ code: 'custom', path: ['options', index, 'score'], message: "must be 1 to 4 (in a checklist the score is the option's weight)" });
      });
    } else if (question.kind === 'scale') {
      if (options.length !== 5) {
        ctx.addIssue({ code: 'custom', path: ['options'], message: 'a scale needs exactly 5 options, scored 0 to 4' });
      } else {
        options.forEach((option, index) => {
          if (option.score !== index) ctx.addIssue({ code: 'custom', path: ['options', index, 'score'], message: `must be ${index} (scale options are scored 0, 1, 2, 3, 4 in order)` });
        });
      }
    } else {
      if (options.length < 2) ctx.addIssue({ code: 'custom', path: ['options'], message: 'needs at least 2 options' });
      if (!options.some((o) => o.score === MAX_OPTION_SCORE)) ctx.addIssue({ code: 'custom', path: ['options'], message: 'one option must score 4 (the best practice)' });
    }
  });
export type Question = z.infer<typeof QuestionSchema>;

export const QuestionsFileSchema = z.array(QuestionSchema).min(1, 'at least one question is required').meta({
  description: '`content/questions/<dimension>.yaml`: the questions of one dimension.',
});

