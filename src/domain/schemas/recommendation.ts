import { z } from 'astro/zod';
import { LocalizedTextSchema } from './text.ts';
import { IdSchema } from './dimension.ts';

/** What to do next for a dimension whose score falls in a given band. */
export const RecommendationSchema = z.strictObject({
  /** The dimension id (from `content/dimensions.yaml`). */
  dimension: IdSchema,
  /** The band id of that dimension (from `content/bands.yaml`). */
  band: IdSchema,
  /** An action in a few words, starting with a verb: "Unifica la definición de lead". */
  title: LocalizedTextSchema,
  /** Two to four sentences: what to do first, and what it changes. */
  body: LocalizedTextSchema,
});
export type Recommendation = z.infer<typeof RecommendationSchema>;

/** `content/recommendations.yaml`: one recommendation per dimension and band. */
export const RecommendationsFileSchema = z.array(RecommendationSchema);
