import { z } from 'astro/zod';
import { LocalizedTextSchema } from './text.ts';
import { IdSchema } from './dimension.ts';
import { ConditionSchema } from './rule.ts';

export const RecommendationSchema = z
  .strictObject({
    id: IdSchema.meta({ description: 'Stable identifier, unique in the file, e.g. `crm-single-source`.' }),
    dimension: IdSchema.meta({
      description: 'The dimension id (from `content/dimensions.yaml`) the action improves; normally at most one recommendation per dimension is shown.',
    }),
    band: IdSchema.optional().meta({ description: 'For the default action of a level: the band id of that dimension (from `content/bands.yaml`).' }),
    when: z.array(ConditionSchema).min(1, 'at least one condition is required').optional().meta({
      description:
        'Shown when every condition holds, e.g. `[{question: tooling-crm-single-source, answer: [spreadsheets]}]`. ' +
        'Conditions: `{question, answer: [option ids]}`, `{dimension, below/atLeast}`, `{dontKnowShareAtLeast}`.',
    }),
    whenAny: z.array(ConditionSchema).min(1, 'at least one condition is required').optional().meta({
      description: 'Shown when at least one of these conditions holds (and every `when` condition): lets several answers share one action.',
    }),
    theme: IdSchema.optional().meta({ description: 'Recommendations with the same theme are never shown together (the theme defaults to the id).' }),
    shareDimension: z.boolean().optional().meta({
      description: '`true`: may be shown beside another recommendation of the same dimension (normally at most one per dimension is shown).',
    }),
    title: LocalizedTextSchema.meta({ description: 'An action in a few words, starting with a verb: "Unifica la definición de lead".' }),
    body: LocalizedTextSchema.meta({ description: 'Two to four sentences: what to do first, and what it changes.' }),
  })
  .superRefine((recommendation, ctx) => {
    const triggered = recommendation.when !== undefined || recommendation.whenAny !== undefined;
    if (recommendation.band !== undefined && triggered)
      ctx.addIssue({ code: 'custom', path: ['band'], message: 'give either "band" (the default action of a level) or "when"/"whenAny" (an action triggered by answers), not both' });
    if (recommendation.band === undefined && !triggered)
      ctx.addIssue({ code: 'custom', path: [], message: 'give "band" (the default action of a level) or "when"/"whenAny" (the answers that trigger it)' });
  })
  .meta({
    description:
      "What to do next. Either the default action for a dimension's band (`band`), or an action " +
      "triggered by the visitor's answers (`when` / `whenAny`, with the conditions of " +
      '`content/rules.yaml`), never both.',
  });
export type Recommendation = z.infer<typeof RecommendationSchema>;

export const RecommendationsFileSchema = z.array(RecommendationSchema).meta({
  description: '`content/recommendations.yaml`: one default recommendation per dimension and band, and the ones answers trigger.',
});
