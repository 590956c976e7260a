import { z } from 'astro/zod';
import { LocalizedTextSchema, required } from './text.ts';
import { IdSchema } from './dimension.ts';

/**
 * A maturity band: a range of scores with its label and summary.
 * A score belongs to the band when `min ≤ score < max`; the top band (max 100) also holds 100.
 */
export const BandSchema = z.strictObject({
  /** Stable identifier, e.g. `initial`; recommendations point at it. */
  id: IdSchema,
  /** Lowest score of the band (inclusive), 0–100. The first band starts at 0. */
  min: z.number(required).min(0, 'must be between 0 and 100').max(100, 'must be between 0 and 100'),
  /** Where the next band starts (exclusive), 0–100; equal to the next band's `min`. The last band ends at 100. */
  max: z.number(required).min(0, 'must be between 0 and 100').max(100, 'must be between 0 and 100'),
  /** Short name of the level, e.g. "En construcción". */
  label: LocalizedTextSchema,
  /** Two or three sentences telling the visitor what this level means for them. */
  summary: LocalizedTextSchema,
});
export type Band = z.infer<typeof BandSchema>;

/** Bands for 0–100, in order, without gaps or overlaps. */
export const BandListSchema = z
  .array(BandSchema)
  .min(2, 'at least 2 bands are required')
  .superRefine((bands, ctx) => {
    const ids = new Set<string>();
    bands.forEach((band, index) => {
      if (ids.has(band.id)) ctx.addIssue({ code: 'custom', path: [index, 'id'], message: `duplicate band id "${band.id}"` });
      ids.add(band.id);
      if (band.min >= band.max) ctx.addIssue({ code: 'custom', path: [index, 'max'], message: `must be greater than min (${band.min})` });
      if (index === 0 && band.min !== 0) ctx.addIssue({ code: 'custom', path: [index, 'min'], message: 'the first band must start at 0' });
      const previous = bands[index - 1];
      if (previous && band.min !== previous.max) {
        const what = band.min > previous.max ? 'gap' : 'overlap';
        ctx.addIssue({ code: 'custom', path: [index, 'min'], message: `${what}: must equal the previous band's max (${previous.max})` });
      }
      if (index === bands.length - 1 && band.max !== 100) ctx.addIssue({ code: 'custom', path: [index, 'max'], message: 'the last band must end at 100' });
    });
  });

/** `content/bands.yaml`: overall bands, and the bands of each dimension (keyed by dimension id). */
export const BandsFileSchema = z.strictObject({
  /** Bands of the overall score. */
  overall: BandListSchema,
  /** Bands of each dimension's score: `<dimension id>: [bands]`. Every dimension needs its own. */
  dimensions: z.record(IdSchema, BandListSchema),
});
export type BandsFile = z.infer<typeof BandsFileSchema>;

