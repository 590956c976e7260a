import { z } from 'astro/zod';
import { LocalizedTextSchema, required } from './text.ts';
import { IdSchema } from './dimension.ts';
import { MAX_OPTION_SCORE } from '../question.ts';

export const OptionSchema = z.strictObject({
  /** Stable identifier within the question, e.g. `weekly`. Answers store it. */
  id: IdSchema,
  /** What the visitor reads next to the radio button. */
  label: LocalizedTextSchema,
  /** 0 (no practice at all) to 4 (best practice). */
  score: z
    .number(required)
    .int('must be a whole number from 0 to 4')
    .min(0, 'must be a whole number from 0 to 4')
    .max(MAX_OPTION_SCORE, 'must be a whole number from 0 to 4'),
});
export type Option = z.infer<typeof OptionSchema>;

export const QuestionKindSchema = z.enum(['single', 'scale', 'yes-no'], {
  error: 'must be one of: single, scale, yes-no',
});

export const QuestionSchema = z
  .strictObject({
    /** Stable identifier, unique across all questions, e.g. `crm-single-source`. Answers store it. */
    id: IdSchema,
    /** The `id` of the dimension (in `content/dimensions.yaml`) this question scores. */
    dimension: IdSchema,
    /**
     * `single`: pick one of your own options (2 or more, each with a score);
     * `scale`: exactly five options scored 0, 1, 2, 3, 4 in that order;
     * `yes-no`: Yes / Partly / No (no options to write).
     */
    kind: QuestionKindSchema,
    /** The question, about an observable practice: "How often do sales and marketing review the same pipeline report?" */
    text: LocalizedTextSchema,
    /** Optional hint shown under the question: what counts, an example. */
    help: LocalizedTextSchema.optional(),
    /** The answers to choose from; required for `single` and `scale`, not allowed for `yes-no`. */
    options: z.array(OptionSchema).optional(),
    /** Offer "Not applicable": the question is then left out of the score. Only where it can truly not apply. */
    notApplicable: z.boolean().default(false),
    /** Offer "I don't know": scored 0 and counted as a sign of low data visibility. */
    dontKnow: z.boolean().default(true),
    /** How much this question counts within its dimension (1 = normal). */
    weight: z.number().positive('must be greater than 0').max(5, 'must be 5 or less').default(1),
    /** Position within its dimension, smallest first. */
    order: z.number(required).int('must be a whole number'),
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
    options.forEach((option, index) => {
      if (seen.has(option.id)) ctx.addIssue({ code: 'custom', path: ['options', index, 'id'], message: `duplicate option id "${option.id}"` });
      seen.add(option.id);
    });
    if (question.kind === 'scale') {
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

/** `content/questions/<dimension>.yaml`: the questions of one dimension. */
export const QuestionsFileSchema = z.array(QuestionSchema).min(1, 'at least one question is required');

