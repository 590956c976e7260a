import { z } from 'astro/zod';
import { LocalizedTextSchema, required } from './text.ts';
import { IdSchema } from './dimension.ts';
import { METRIC_IDS } from '../metrics.ts';
import { VERDICTS } from '../benchmark.ts';

export const VerdictSchema = z.enum(VERDICTS, { error: 'must be one of: below, typical, good, excellent' });
export type Verdict = z.infer<typeof VerdictSchema>;

/** How much to trust a figure: `solid` (read at the publisher), `secondary` (a repost of a named study), `weak` (blogs only; shown as "indicative"). */
export const QualitySchema = z.enum(['solid', 'secondary', 'weak'], { error: 'must be one of: solid, secondary, weak' });
export type Quality = z.infer<typeof QualitySchema>;

/** A value range with its verdict: values below `upTo` (and at or above the previous band's `upTo`). */
export const VerdictBandSchema = z.strictObject({
  /** What a value in this range means against the benchmark. */
  verdict: VerdictSchema,
  /** Where this range ends (exclusive), in the metric's unit (rates as fractions: 0.02 = 2 %). Leave out on the last range. */
  upTo: z.number().optional(),
});

export const BenchmarkSchema = z
  .strictObject({
    /** Stable identifier, e.g. `monthly-churn-b2b-recurly`. */
    id: IdSchema,
    /** Which computed metric this benchmarks. */
    metric: z.enum(METRIC_IDS, { error: `must be one of: ${METRIC_IDS.join(', ')}` }),
    /** Business model ids (from `content/segments.yaml`) it applies to; leave out for any. */
    businessModels: z.array(IdSchema).optional(),
    /** Deal size ids (from `content/segments.yaml`) it applies to; leave out for any. */
    dealSizes: z.array(IdSchema).optional(),
    /** Value ranges from lowest to highest; every range but the last has `upTo`. */
    bands: z.array(VerdictBandSchema).min(2, 'at least 2 ranges are required'),
    /** What the figure says, in one sentence with the number: "Median monthly churn for B2B subscriptions: 4.91 %". */
    figure: LocalizedTextSchema,
    /** Who published it and where. */
    source: z.strictObject({
      /** Publisher, e.g. "SaaS Capital". */
      publisher: z.string(required).min(1, 'required'),
      /** Report or page title. */
      title: z.string(required).min(1, 'required'),
      /** Year of the report, when the source gives one; never guess it. */
      year: z.number().int('must be a year').min(1990, 'must be a year').max(2100, 'must be a year').optional(),
      /** Link to the report, when public. */
      url: z.url('must be a full URL').optional(),
    }),
    /** See `QualitySchema`. */
    quality: QualitySchema,
  })
  .superRefine((benchmark, ctx) => {
    benchmark.bands.forEach((band, index) => {
      const isLast = index === benchmark.bands.length - 1;
      if (isLast && band.upTo !== undefined) ctx.addIssue({ code: 'custom', path: ['bands', index, 'upTo'], message: 'the last range has no upTo' });
      if (!isLast && band.upTo === undefined) ctx.addIssue({ code: 'custom', path: ['bands', index, 'upTo'], message: 'required (only the last range has none)' });
      const previous = benchmark.bands[index - 1]?.upTo;
      if (band.upTo !== undefined && previous !== undefined && band.upTo <= previous)
        ctx.addIssue({ code: 'custom', path: ['bands', index, 'upTo'], message: `must be greater than the previous range's upTo (${previous})` });
    });
  });
export type Benchmark = z.infer<typeof BenchmarkSchema>;

/** `content/benchmarks.yaml`: sourced benchmark figures. Never add a figure without a source. */
export const BenchmarksFileSchema = z.array(BenchmarkSchema);

