import { z } from 'astro/zod';
import { LocalizedTextSchema } from './text.ts';
import { IdSchema } from './dimension.ts';

export const SegmentOptionSchema = z.strictObject({
  /** Stable identifier, used by benchmarks, e.g. `saas`. */
  id: IdSchema,
  /** What the visitor reads in the picker. */
  label: LocalizedTextSchema,
});
export type SegmentOption = z.infer<typeof SegmentOptionSchema>;

/** `content/segments.yaml`: the choices that decide which benchmarks apply to a visitor. */
export const SegmentsFileSchema = z.strictObject({
  /** Business models, e.g. B2B SaaS, B2B services, e-commerce. */
  businessModels: z.array(SegmentOptionSchema).min(1, 'at least one business model is required'),
  /** Deal sizes as annual contract value bands, matching the benchmark studies' bands. */
  dealSizes: z.array(SegmentOptionSchema).min(1, 'at least one deal size is required'),
  /** Company sizes (people), asked on the "email me the report" form to qualify the lead, e.g. `size-11-50`. */
  companySizes: z.array(SegmentOptionSchema).min(1, 'at least one company size is required'),
});
export type Segments = z.infer<typeof SegmentsFileSchema>;

/** The visitor's segment; either part may be unknown. */
export const SegmentSchema = z.strictObject({
  businessModel: IdSchema.optional(),
  dealSize: IdSchema.optional(),
});
export type Segment = z.infer<typeof SegmentSchema>;
