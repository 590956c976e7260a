import { z } from 'astro/zod';
import { CURRENCIES, LEGACY_METRIC_INPUTS, METRIC_IDS, METRIC_INPUT_FIELDS, METRIC_UNIT_KINDS, type MetricInputField } from '../metrics.ts';
import { VERDICT_TONE, VERDICTS, type VerdictTone } from '../verdicts.ts';
import { ComparisonSchema, QualitySchema } from './benchmark.ts';
import { LocaleSchema } from './text.ts';

/**
 * The Report as stored with each submission (`submissions.report`, `suspected_submissions.report`)
 * and rendered by every later view. Reports are kept for years, so each one says which shape it
 * has: `shapeVersion`. Reports stored before it existed have none and are read as shape 1.
 * Change the shape only with a new version and a migration in `readStoredReport`.
 */
export const REPORT_SHAPE_VERSION = 2;

/**
 * The bare verdicts of shape-1 reports stored before verdicts named what they compare with
 * (`good`, not "better than the median"): kept as stored, with the tone they meant.
 */
export const LEGACY_VERDICTS = ['below', 'typical', 'good', 'excellent'] as const;
export type LegacyVerdict = (typeof LEGACY_VERDICTS)[number];
export const LEGACY_VERDICT_TONE: Record<LegacyVerdict, VerdictTone> = { below: 'worse', typical: 'neutral', good: 'better', excellent: 'better' };

const VerdictToneSchema = z.enum(['better', 'neutral', 'worse'] satisfies VerdictTone[]);
const INPUT_FIELDS = METRIC_INPUT_FIELDS as [MetricInputField, ...MetricInputField[]];
const count = z.number().int().min(0);
const score = z.number().nullable();

/** How a metric was computed, once in words and once with the visitor's numbers. */
export const WorkingSchema = z.object({
  /** e.g. "Clientes perdidos ÷ Clientes al inicio" */
  formula: z.string(),
  /** e.g. "6 ÷ 200 = 3 %" */
  numbers: z.string(),
});
export type Working = z.infer<typeof WorkingSchema>;

export const ReportBandSchema = z.object({
  id: z.string(),
  label: z.string(),
  summary: z.string(),
  /** The overall band's call to action (`BandSchema.nextStep`); absent on dimension bands and in reports stored before it existed. */
  nextStep: z.enum(['call', 'masterclass']).optional(),
});
export type ReportBand = z.infer<typeof ReportBandSchema>;

/** Said instead of a band when the answers are too few to give one: why there is no score. */
export const ReportNotAssessedSchema = z.object({ label: z.string(), summary: z.string() });
export type ReportNotAssessed = z.infer<typeof ReportNotAssessedSchema>;

/** A metric's comparison with one sourced figure. */
export const ReportBenchmarkSchema = z.object({
  /** The benchmark's id in `content/benchmarks.yaml`. */
  id: z.string(),
  /** See `VerdictSchema`; a bare `LEGACY_VERDICTS` one in reports of shape 1 that had no `label`. */
  verdict: z.enum([...VERDICTS, ...LEGACY_VERDICTS]),
  /** The verdict in words, naming what it compares with; `null` in old reports whose verdict was a bare good/below (not repeated). */
  label: z.string().nullable(),
  /** Good news, neutral or bad news: the badge's colour. */
  tone: VerdictToneSchema,
  figure: z.string(),
  source: z.object({ publisher: z.string(), title: z.string(), year: z.number().optional(), url: z.string().optional() }),
  quality: QualitySchema,
  /**
   * The numbers the verdict was reached with, for drawing the visitor's value on the source's
   * scale: the comparison, the metric's direction and the value in the benchmark's own form
   * (a monthly churn judged against an annual figure is converted). Absent in reports stored before it.
   */
  scale: z
    .object({
      compare: ComparisonSchema,
      better: z.enum(['lower', 'higher']),
      value: z.number(),
    })
    .optional(),
});
export type ReportBenchmark = z.infer<typeof ReportBenchmarkSchema>;

/** A target a source sets for the visitor's segment: always named, since it came with named verdicts. */
const ReportTargetSchema = ReportBenchmarkSchema.extend({ label: z.string() });

export const ReportMetricSchema = z.object({
  id: z.enum(METRIC_IDS),
  name: z.string(),
  unit: z.enum(METRIC_UNIT_KINDS),
  /** `null`: inputs missing or not computable (e.g. zero churn makes CLV unbounded). */
  value: z.number().nullable(),
  /** Inputs the visitor did not give; empty when the metric was computable or failed on a zero. */
  missing: z.array(z.enum(INPUT_FIELDS)),
  working: WorkingSchema.nullable(),
  /** `null` when there is no sourced benchmark for the visitor's segment (`noBenchmark` says why). */
  benchmark: ReportBenchmarkSchema.nullable(),
  /**
   * A target a source sets for the visitor's segment (Bessemer's retention targets), judged on the
   * same value as `benchmark`: a second, separate line beneath the verdict, never a replacement for
   * it. `null` when none applies.
   */
  target: ReportTargetSchema.nullable(),
  /** Why a computed metric has no verdict, in words; `null` otherwise, and in old reports (the view then says it generically). */
  noBenchmark: z.string().nullable(),
  /** A fact to state beside the value ("all customers lost in the period", the forecast's error). */
  note: z.string().nullable(),
});
export type ReportMetric = z.infer<typeof ReportMetricSchema>;

const ReportDimensionSchema = z.object({
  id: z.string(),
  name: z.string(),
  weight: z.number(),
  score,
  band: ReportBandSchema.nullable(),
  /** Set, with `score` and `band` null, when no answer of the dimension was known. */
  notAssessed: ReportNotAssessedSchema.nullable(),
  counted: count,
  notApplicable: count,
  dontKnow: count,
  total: count,
});

const ReportRecommendationSchema = z.object({
  /** The recommendation's id in `content/recommendations.yaml`; `null` in old reports, which did not keep it. */
  id: z.string().nullable(),
  dimension: z.string(),
  dimensionName: z.string(),
  /** The band the dimension reached. */
  band: z.string(),
  title: z.string(),
  body: z.string(),
  /** Dimension weight × points of its score lost on the answers the action addresses. */
  impact: z.number(),
  /** The questions whose answers called for it; empty for a band's default action. */
  questions: z.array(z.string()),
});

/**
 * Everything a result view needs, in the visitor's language. Stored as is with
 * each submission, so every later view renders exactly what the visitor saw.
 * Built by `buildReport`; read back through `readStoredReport`.
 */
export const ReportSchema = z.object({
  /** The shape of this object: `REPORT_SHAPE_VERSION` when written. */
  shapeVersion: z.literal(REPORT_SHAPE_VERSION),
  locale: LocaleSchema,
  /** The questionnaire version (content hash) the answers were scored against. */
  questionnaireVersion: z.string(),
  overall: z.object({
    score,
    band: ReportBandSchema.nullable(),
    /**
     * Set, with `score` and `band` null, when fewer than `minKnownShare` of the questions that
     * apply were answered with an option: why, and where to start.
     */
    notAssessed: ReportNotAssessedSchema.extend({ recommendation: z.object({ title: z.string(), body: z.string() }) }).nullable(),
  }),
  dimensions: z.array(ReportDimensionSchema),
  dontKnow: z.object({ count, share: z.number().min(0).max(1) }),
  findings: z.array(z.object({ id: z.string(), title: z.string(), body: z.string() })),
  /**
   * The three with the most impact, largest first (see `rankRecommendations`): actions the
   * answers call for and the default action of a dimension's band, one per theme and dimension.
   */
  recommendations: z.array(ReportRecommendationSchema),
  segment: z.object({ businessModel: z.string().nullable(), dealSize: z.string().nullable() }),
  /** Every metric, computed or not, when the visitor gave numbers; empty otherwise. */
  metrics: z.array(ReportMetricSchema),
  /** The currency of the money amounts, when the visitor chose one. */
  currency: z.enum(CURRENCIES).nullable(),
});
export type Report = z.infer<typeof ReportSchema>;

// ---------------------------------------------------------------------------
// Shape 1: every report stored before `shapeVersion`, from the first stored one on. Fields added
// along the way are optional here and filled as a report of today says "none"; nothing is invented.

type LegacyInputField = keyof typeof LEGACY_METRIC_INPUTS;
const LEGACY_INPUT_FIELDS = Object.keys(LEGACY_METRIC_INPUTS) as LegacyInputField[];
const isLegacyInputField = (field: string): field is LegacyInputField => Object.hasOwn(LEGACY_METRIC_INPUTS, field);
const isLegacyVerdict = (verdict: string): verdict is LegacyVerdict => Object.hasOwn(LEGACY_VERDICT_TONE, verdict);

const ReportBenchmarkV1Schema = ReportBenchmarkSchema.extend({ label: z.string().optional(), tone: VerdictToneSchema.optional() }).transform(
  ({ label, tone, ...benchmark }): ReportBenchmark => ({
    ...benchmark,
    label: label ?? null,
    tone: tone ?? (isLegacyVerdict(benchmark.verdict) ? LEGACY_VERDICT_TONE[benchmark.verdict] : VERDICT_TONE[benchmark.verdict]),
  }),
);

const ReportV1ObjectSchema = ReportSchema.extend({
  shapeVersion: z.undefined().optional(),
  overall: ReportSchema.shape.overall.extend({ notAssessed: ReportSchema.shape.overall.shape.notAssessed.default(null) }),
  dimensions: z.array(ReportDimensionSchema.extend({ notAssessed: ReportDimensionSchema.shape.notAssessed.default(null) })),
  recommendations: z.array(
    ReportRecommendationSchema.extend({
      id: ReportRecommendationSchema.shape.id.default(null),
      // Old reports recommended only a band's default action, which no answer calls for.
      questions: ReportRecommendationSchema.shape.questions.default([]),
    }),
  ),
  metrics: z.array(
    ReportMetricSchema.extend({
      // "Customers won" became "new customers": the same fact under today's name, once.
      missing: z
        .array(z.enum([...INPUT_FIELDS, ...LEGACY_INPUT_FIELDS]))
        .transform((fields) => [...new Set(fields.map((field) => (isLegacyInputField(field) ? LEGACY_METRIC_INPUTS[field] : field)))]),
      benchmark: ReportBenchmarkV1Schema.nullable(),
      target: ReportMetricSchema.shape.target.default(null),
      noBenchmark: ReportMetricSchema.shape.noBenchmark.default(null),
      note: ReportMetricSchema.shape.note.default(null),
    }),
  ),
  currency: ReportSchema.shape.currency.default(null),
});
const ReportV1Schema = ReportV1ObjectSchema.transform((report): Report => ({ ...report, shapeVersion: REPORT_SHAPE_VERSION }));

/** What `readStoredReport` answers: the Report in today's shape, or why it cannot be read. */
export type StoredReportResult = { ok: true; report: Report } | { ok: false; error: string };

/**
 * Reads a Report back from the database: today's shape as is, older shapes migrated to it,
 * anything else refused with the first problem's path ("metrics.2.value: Invalid input: expected
 * number, received string"). Never throws, so a damaged row cannot take a page down.
 * @example readStoredReport(row.report) // { ok: true, report } or { ok: false, error: 'dimensions: Invalid input: expected array, received undefined' }
 */
export function readStoredReport(json: unknown): StoredReportResult {
  if (typeof json !== 'object' || json === null || Array.isArray(json)) {
    return { ok: false, error: `(report): expected an object, received ${json === null ? 'null' : Array.isArray(json) ? 'array' : typeof json}` };
  }
  const version: unknown = (json as { shapeVersion?: unknown }).shapeVersion;
  if (version !== undefined && version !== REPORT_SHAPE_VERSION) {
    return { ok: false, error: `shapeVersion: unknown shape ${JSON.stringify(version)}; this site reads shapes 1 to ${REPORT_SHAPE_VERSION}` };
  }
  const parsed = (version === undefined ? ReportV1Schema : ReportSchema).safeParse(json);
  if (parsed.success) return { ok: true, report: parsed.data };
  const issue = parsed.error.issues[0]!;
  return { ok: false, error: `${issue.path.length > 0 ? issue.path.join('.') : '(report)'}: ${issue.message}` };
}

/**
 * The dimensions of a stored Report of any shape, for the workspace list (which reads only
 * them, not the whole Report); `null` when they cannot be read.
 */
export function readStoredDimensions(json: unknown): Report['dimensions'] | null {
  const parsed = ReportV1ObjectSchema.shape.dimensions.safeParse(json);
  return parsed.success ? parsed.data : null;
}

const FiguresSchema = z.object({
  dimensions: z.array(ReportDimensionSchema.pick({ id: true, score: true })),
  metrics: z.array(ReportMetricSchema.pick({ id: true, value: true })),
  currency: ReportSchema.shape.currency,
});
const FiguresV1Schema = FiguresSchema.extend({ currency: FiguresSchema.shape.currency.default(null) });

/** A stored Report's figures: each dimension's score, each metric's value and the currency. */
export type StoredFigures = z.infer<typeof FiguresSchema>;

/**
 * The figures of a stored Report of any shape, for the CSV export, which writes nothing else of
 * it: read with the Report's own schemas for those fields, so a Report the site wrote gives what
 * `readStoredReport` would. Takes the whole Report or only those fields (`shapeVersion`,
 * `dimensions` with their `id` and `score`, `metrics` with their `id` and `value`, `currency`);
 * `null` when they cannot be read (an unknown shape, dimensions that are not a list, …).
 * @example readStoredFigures({ shapeVersion: 2, dimensions: [{ id: 'tooling', score: 80 }], metrics: [], currency: null })
 */
export function readStoredFigures(json: unknown): StoredFigures | null {
  if (typeof json !== 'object' || json === null || Array.isArray(json)) return null;
  const version: unknown = (json as { shapeVersion?: unknown }).shapeVersion;
  if (version !== undefined && version !== REPORT_SHAPE_VERSION) return null;
  const parsed = (version === undefined ? FiguresV1Schema : FiguresSchema).safeParse(json);
  return parsed.success ? parsed.data : null;
}
