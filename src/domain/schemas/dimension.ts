import { z } from 'astro/zod';
import { LocalizedTextSchema, required } from './text.ts';

export const IdSchema = z
  .string(required)
  .regex(/^[a-z0-9]+(?:-[a-z0-9]+)*$/, 'must be lowercase words joined by hyphens, e.g. "data-quality"')
  .meta({ description: 'Lowercase words joined by hyphens, e.g. `data-quality`.' });

export const DimensionSchema = z.strictObject({
  id: IdSchema.meta({ description: 'Stable identifier, used by questions, bands, recommendations and rules. Never rename it once live.' }),
  weight: z.number(required).positive('must be greater than 0').max(10, 'must be 10 or less').meta({
    description: 'How much this dimension counts in the overall score, relative to the others (e.g. 1 = normal, 2 = double).',
  }),
  order: z.number(required).int('must be a whole number').meta({ description: 'Position in the diagnostic and the results, smallest first.' }),
  name: LocalizedTextSchema.meta({ description: 'Short name shown as the step title and in charts, e.g. "Calidad de datos".' }),
  description: LocalizedTextSchema.meta({ description: 'One or two sentences shown under the step title: what this dimension looks at and why it matters.' }),
}).meta({ description: 'One area of revenue operations that the diagnostic scores from 0 to 100.' });
export type Dimension = z.infer<typeof DimensionSchema>;

export const DimensionsFileSchema = z.array(DimensionSchema).min(1, 'at least one dimension is required').meta({
  description: '`content/dimensions.yaml`: the list of dimensions.',
});
