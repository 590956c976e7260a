import { z } from 'astro/zod';
import { LocalizedTextSchema } from './text.ts';
import { IdSchema } from './dimension.ts';
import { ConditionSchema } from './rule.ts';

/**
 * What to do next. Either the default action for a dimension's band (`band`), or an action
 * triggered by the visitor's answers (`when` / `whenAny`, with the conditions of
 * `content/rules.yaml`), never both.
 */
export const RecommendationSchema = z
  .strictObject({
    /** Stable identifier, unique in the file, e.g. `crm-single-source`. */
    id: IdSchema,
    /** The dimension id (from `content/dimensions.yaml`) the action improves; normally at most one recommendation per dimension is shown. */
    dimension: IdSchema,
    /** For the default action of a level: the band id of that dimension (from `content/bands.yaml`). */
    band: IdSchema.optional(),
    /**
     * Shown when every condition holds, e.g. `[{question: tooling-crm-single-source, answer: [spreadsheets]}]`.
     * Conditions: `{question, answer: [option ids]}`, `{dimension, below/atLeast}`, `{dontKnowShareAtLeast}`.
     */
    when: z.array(ConditionSchema).min(1, 'at least one condition is required').optional(),
    /** Shown when at least one of these conditions holds (and every `when` condition): lets several answers share one action. */
    whenAny: z.array(ConditionSchema).min(1, 'at least one condition is required').optional(),
    /** Recommendations with the same theme are never shown together (the theme defaults to the id). */
    theme: IdSchema.optional(),
    /** `true`: may be shown beside another recommendation of the same dimension (normally at most one per dimension is shown). */
    shareDimension: z.boolean().optional(),
    /** An action in a few words, starting with a verb: "Unifica la definición de lead". */
    title: LocalizedTextSchema,
    /** Two to four sentences: what to do first, and what it changes. */
    body: LocalizedTextSchema,
  })
  .superRefine((recommendation, ctx) => {
    const triggered = recommendation.when !== undefined || recommendation.whenAny !== undefined;
    if (recommendation.band !== undefined && triggered)
      ctx.addIssue({ code: 'custom', path: ['band'], message: 'give either "band" (the default action of a level) or "when"/"whenAny" (an action triggered by answers), not both' });
    if (recommendation.band === undefined && !triggered)
      ctx.addIssue({ code: 'custom', path: [], message: 'give "band" (the default action of a level) or "when"/"whenAny" (the answers that trigger it)' });
  });
export type Recommendation = z.infer<typeof RecommendationSchema>;

/** `content/recommendations.yaml`: one default recommendation per dimension and band, and the ones answers trigger. */
export const RecommendationsFileSchema = z.array(RecommendationSchema);
