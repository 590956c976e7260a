import { z } from 'astro/zod';
import { LocalizedTextSchema, required } from './text.ts';
import { IdSchema } from './dimension.ts';
import { METRIC_BETTER, METRIC_IDS } from '../metrics.ts';
import { VERDICTS } from '../verdicts.ts';

/**
 * What a verdict says, named by what it compares with: `better-than-median`, `at-median`,
 * `worse-than-median` (a median), `top-quartile` / `bottom-quartile` (quartiles),
 * `better-than-average`, `at-average`, `worse-than-average` (an average), `meets-target` /
 * `misses-target` (a target), `better-than-target-range`, `within-target-range`,
 * `worse-than-target-range` (a target range), `better-than-range`, `within-range`,
 * `worse-than-range` (a usual range).
 * "Better" and "worse" are in the metric's own direction: lower churn is better, higher NRR is better.
 * Each verdict's text lives in `content/ui.yaml` (`verdicts`).
 */
export const VerdictSchema = z.enum(VERDICTS);
export type Verdict = z.infer<typeof VerdictSchema>;

export const QualitySchema = z.enum(['solid', 'secondary', 'weak'], { error: 'must be one of: solid, secondary, weak' }).meta({
  description: 'How much to trust a figure: `solid` (read at the publisher), `secondary` (a repost of a named study), `weak` (blogs only; shown as "indicative").',
});
export type Quality = z.infer<typeof QualitySchema>;

const value = z.number(required);

export const ComparisonSchema = z.discriminatedUnion(
  'kind',
  [
    z.strictObject({ kind: z.literal('median'), median: value }),
    z.strictObject({ kind: z.literal('quartiles'), top: value, median: value, bottom: value }),
    z.strictObject({ kind: z.literal('average'), average: value }),
    z.strictObject({ kind: z.literal('target'), target: value }),
    z.strictObject({ kind: z.literal('target-range'), low: value, high: value }),
    z.strictObject({ kind: z.literal('range'), low: value, high: value }),
  ],
  { error: 'must have kind: median, quartiles, average, target, target-range or range' },
).meta({
  description:
    "What the source gives, in the metric's unit (rates, NRR and GRR as fractions: 0.0515 = 5.15 %, " +
    '1.02 = 102 %; payback in months; CLV:CAC as a plain ratio). Write only what the source says:\n' +
    '- `median`: the median of a population → "better than / worse than / at the median".\n' +
    '- `average`: the average (mean) a study reports, when it gives no median → "better than / worse ' +
    'than / at the average". Never write an average as a median.\n' +
    '- `quartiles`: `top` is where the best quarter starts, `median`, `bottom` where the worst quarter ' +
    'starts (for churn or payback `top` is the smallest number) → "top quartile", "better than the ' +
    'median", "at the median", "worse than the median", "bottom quartile".\n' +
    '- `target`: a level the source calls good or healthy → "meets the target" (reaching it exactly ' +
    'counts) / "misses the target". Never write a median as a target.\n' +
    '- `target-range`: a range the source sets as the goal, `low`–`high` (GRR 80–90 %) → "better ' +
    'than / within / short of the target" (reaching either end counts as within).\n' +
    '- `range`: a usual range `low`–`high` → "better than / within / worse than the range".',
});
export type Comparison = z.infer<typeof ComparisonSchema>;

export const BenchmarkSchema = z
  .strictObject({
    id: IdSchema.meta({ description: 'Stable identifier, e.g. `monthly-churn-b2b-recurly`.' }),
    metric: z.enum(METRIC_IDS, { error: `must be one of: ${METRIC_IDS.join(', ')}` }).meta({
      description:
        'Which computed metric this benchmarks. Churn is judged once: a `monthlyChurnRate` or ' +
        "`annualChurnRate` figure judges both forms of the visitor's churn, so both always agree.",
    }),
    businessModels: z.array(IdSchema).optional().meta({
      description: 'Business model ids (from `content/segments.yaml`) it applies to; leave out for any. Never list a model the study did not cover.',
    }),
    dealSizes: z.array(IdSchema).optional().meta({ description: 'Deal size ids (from `content/segments.yaml`) it applies to; leave out for any.' }),
    broader: z.boolean().optional().meta({
      description:
        "`true` when the study's population is wider than the business models listed (e.g. all B2B " +
        'subscriptions, listed for SaaS): used only when no figure for the business model itself applies.',
    }),
    compare: ComparisonSchema,
    role: z.enum(['verdict', 'target'], { error: 'must be verdict or target' }).optional().meta({
      description:
        "`verdict` (the default): the metric's one verdict. `target`: a goal a source sets for the " +
        'segment (kind `target` or `target-range`), shown as a second, labelled line beneath the ' +
        'verdict; it never replaces or changes the verdict against a median.',
    }),
    population: LocalizedTextSchema.meta({
      description:
        'Who the figure describes, to fill `{population}` in the verdict texts: "B2B subscription ' +
        'businesses", "private SaaS companies with ACV under USD 12,000". No article, no source.',
    }),
    figure: LocalizedTextSchema.meta({ description: 'What the figure says, in one sentence with the number: "Median monthly churn for B2B subscriptions: 4.91 %".' }),
    source: z.strictObject({
      publisher: z.string(required).min(1, 'required').meta({ description: 'Publisher, e.g. "SaaS Capital".' }),
      title: z.string(required).min(1, 'required').meta({ description: 'Report or page title.' }),
      year: z.number().int('must be a year').min(1990, 'must be a year').max(2100, 'must be a year').optional().meta({
        description: 'Year of the report, when the source gives one; never guess it.',
      }),
      url: z.url('must be a full URL').optional().meta({ description: 'Link to the report, when public.' }),
    }).meta({ description: 'Who published it and where.' }),
    quality: QualitySchema,
  })
  .superRefine((benchmark, ctx) => {
    const c = benchmark.compare;
    const lowerIsBetter = METRIC_BETTER[benchmark.metric] === 'lower';
    if (c.kind === 'quartiles') {
      const ordered = lowerIsBetter ? c.top < c.median && c.median < c.bottom : c.top > c.median && c.median > c.bottom;
      if (!ordered)
        ctx.addIssue({
          code: 'custom',
          path: ['compare'],
          message: lowerIsBetter ? 'lower is better here: top < median < bottom' : 'higher is better here: top > median > bottom',
        });
    }
    if ((c.kind === 'range' || c.kind === 'target-range') && !(c.low < c.high))
      ctx.addIssue({ code: 'custom', path: ['compare', 'high'], message: `must be greater than low (${c.low})` });
    if (benchmark.role === 'target' && c.kind !== 'target' && c.kind !== 'target-range')
      ctx.addIssue({ code: 'custom', path: ['compare', 'kind'], message: 'a target line compares with a target: kind target or target-range' });
  });
export type Benchmark = z.infer<typeof BenchmarkSchema>;

export const BenchmarksFileSchema = z.array(BenchmarkSchema).meta({
  description: '`content/benchmarks.yaml`: sourced benchmark figures. Never add a figure without a source.',
});
