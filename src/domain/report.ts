import { bandFor } from './band.ts';
import { benchmarkMetrics, noBenchmarkReason, VERDICT_TONE, type VerdictTone } from './benchmark.ts';
import type { Quality, Verdict } from './schemas/benchmark.ts';
import { localize, type Locale, type Localized } from './locale.ts';
import { allCustomersLost, CHURN_METRICS, computeMetrics, currentMetricInputs, forecastError, METRIC_IDS, METRIC_UNITS, missingInputs, type Currency, type MetricId, type MetricInputField, type MetricInputs } from './metrics.ts';
import type { Questionnaire } from './schemas/questionnaire.ts';
import { fillFigures, ruleHolds, type RuleContext } from './rule.ts';
import { rankRecommendations } from './recommendation.ts';
import { scoreAnswers, type Answers } from './scoring.ts';
import type { Segment } from './schemas/segment.ts';
import { metricWorking, type Working } from './working.ts';
import { fill, formatMetricValue } from './format.ts';

/** The questionnaire in one language, as the pages send it to the browser. */
export type LocalQuestionnaire = Localized<Questionnaire>;

/** What the visitor gave: answers, and optionally their segment and numbers. */
export interface ReportInput {
  answers: Answers;
  segment?: Segment | undefined;
  metricInputs?: MetricInputs | null | undefined;
}

export interface ReportBand {
  id: string;
  label: string;
  summary: string;
}

/** Said instead of a band when the answers are too few to give one: why there is no score. */
export interface ReportNotAssessed {
  label: string;
  summary: string;
}

/** A metric's comparison with one sourced figure. */
export interface ReportBenchmark {
  id: string;
  verdict: Verdict;
  /** The verdict in words, naming what it compares with. Absent in reports stored before (their `verdict` was a bare good/below). */
  label?: string;
  /** Good news, neutral or bad news: the badge's colour. Absent in reports stored before. */
  tone?: VerdictTone;
  figure: string;
  source: { publisher: string; title: string; year?: number | undefined; url?: string | undefined };
  quality: Quality;
}

export interface ReportMetric {
  id: MetricId;
  name: string;
  unit: (typeof METRIC_UNITS)[MetricId];
  /** `null`: inputs missing or not computable (e.g. zero churn makes CLV unbounded). */
  value: number | null;
  /** Inputs the visitor did not give; empty when the metric was computable or failed on a zero. */
  missing: MetricInputField[];
  working: Working | null;
  /** `null` when there is no sourced benchmark for the visitor's segment (`noBenchmark` says why). */
  benchmark: ReportBenchmark | null;
  /**
   * A target a source sets for the visitor's segment (Bessemer's retention targets), judged on the
   * same value as `benchmark`: a second, separate line beneath the verdict, never a replacement for
   * it. `null` when none applies; absent in reports stored before.
   */
  target?: (ReportBenchmark & { label: string; tone: VerdictTone }) | null;
  /** Why a computed metric has no verdict, in words; absent in reports stored before. */
  noBenchmark?: string | null;
  /** A fact to state beside the value ("all customers lost in the period", the forecast's error); absent in reports stored before. */
  note?: string | null;
}

/**
 * Everything a result view needs, in the visitor's language. Stored as is with
 * each submission, so every later view renders exactly what the visitor saw.
 */
export interface Report {
  locale: Locale;
  /** The questionnaire version (content hash) the answers were scored against. */
  questionnaireVersion: string;
  overall: {
    score: number | null;
    band: ReportBand | null;
    /**
     * Set, with `score` and `band` null, when fewer than `minKnownShare` of the questions that
     * apply were answered with an option: why, and where to start. Absent in reports stored before.
     */
    notAssessed?: (ReportNotAssessed & { recommendation: { title: string; body: string } }) | null;
  };
  dimensions: {
    id: string;
    name: string;
    weight: number;
    score: number | null;
    band: ReportBand | null;
    /** Set, with `score` and `band` null, when no answer of the dimension was known. Absent in reports stored before. */
    notAssessed?: ReportNotAssessed | null;
    counted: number;
    notApplicable: number;
    dontKnow: number;
    total: number;
  }[];
  dontKnow: { count: number; share: number };
  findings: { id: string; title: string; body: string }[];
  /**
   * The three with the most impact, largest first (see `rankRecommendations`): actions the
   * answers call for and the default action of a dimension's band, one per theme and dimension.
   * `band` is the band the dimension reached.
   */
  recommendations: {
    /** The recommendation's id in `content/recommendations.yaml`. Absent in reports stored before. */
    id?: string;
    dimension: string;
    dimensionName: string;
    band: string;
    title: string;
    body: string;
    /** Dimension weight × points of its score lost on the answers the action addresses. */
    impact: number;
    /** The questions whose answers called for it; empty for a band's default action. Absent in reports stored before. */
    questions?: string[];
  }[];
  segment: { businessModel: string | null; dealSize: string | null };
  /** Every metric, computed or not, when the visitor gave numbers; empty otherwise. */
  metrics: ReportMetric[];
  /** The currency of the money amounts, when the visitor chose one (reports stored before it have none). */
  currency?: Currency | null;
}

/** Builds the Report: scores, bands, findings, recommendations, metrics with benchmarks. The one place results are computed. */
export function buildReport(questionnaire: Questionnaire | LocalQuestionnaire, input: ReportInput, locale: Locale): Report {
  // Localizing an already localized questionnaire changes nothing, so the island can send one language only.
  const q = localize(questionnaire as Questionnaire, locale);
  const notAssessed = q.bands.notAssessed;
  const scores = scoreAnswers(q, input.answers, { minKnownShare: notAssessed.minKnownShare });
  const band = (bands: readonly { id: string; min: number; max: number; label: string; summary: string }[], score: number | null) => {
    if (score === null) return null;
    const { id, label, summary } = bandFor(bands, score);
    return { id, label, summary };
  };

  const dimensions = q.dimensions.map((dimension, index) => {
    const s = scores.dimensions[index]!;
    return {
      id: dimension.id,
      name: dimension.name,
      weight: dimension.weight,
      score: s.score,
      band: band(q.bands.dimensions[dimension.id] ?? [], s.score),
      notAssessed: s.score === null ? { label: notAssessed.dimension.label, summary: notAssessed.dimension.summary } : null,
      counted: s.counted,
      notApplicable: s.notApplicable,
      dontKnow: s.dontKnow,
      total: s.total,
    };
  });


  const segment = input.segment ?? {};
  let metrics: ReportMetric[] = [];
  const metricInputs = input.metricInputs ? currentMetricInputs(input.metricInputs) : null;
  if (metricInputs) {
    const values = computeMetrics(metricInputs);
    const verdicts = benchmarkMetrics(values, q.benchmarks, segment);
    const r = q.ui.results;
    const working = metricWorking(metricInputs, values, { inputs: q.ui.inputs, metric: q.ui.metric, given: { text: q.ui.working.given, days: r.days } }, locale);
    type Benchmark = LocalQuestionnaire['benchmarks'][number];
    const sourceText = (b: Benchmark) => (b.source.year ? `${b.source.publisher}, ${b.source.year}` : b.source.publisher);
    const figureValue = (b: Benchmark, value: number) => {
      const text = formatMetricValue(b.metric, value, locale, metricInputs.currency);
      if (b.metric === 'monthlyChurnRate') return fill(r['per-month'], { value: text });
      if (b.metric === 'annualChurnRate') return fill(r['per-year'], { value: text });
      if (METRIC_UNITS[b.metric] === 'days') return fill(r.days, { value: text });
      return METRIC_UNITS[b.metric] === 'months' ? fill(r.months, { value: text }) : text;
    };
    const verdictLabel = (b: Benchmark, verdict: Verdict) => {
      const { kind: _kind, ...numbers } = b.compare;
      const formatted = Object.fromEntries(Object.entries(numbers).map(([key, value]) => [key, figureValue(b, value)]));
      return fill(q.ui.verdicts[verdict], { ...formatted, population: b.population, source: sourceText(b) });
    };
    const modelName = q.segments.businessModels.find((m) => m.id === segment.businessModel)?.label ?? '';
    const dealSizeName = q.segments.dealSizes.find((d) => d.id === segment.dealSize)?.label ?? '';
    const noBenchmarkText = {
      metric: r['no-benchmark-metric'],
      'choose-business-model': r['no-benchmark-choose-model'],
      'business-model': fill(r['no-benchmark-model'], { model: modelName }),
      'deal-size': r['no-benchmark-deal-size'],
      'other-deal-size': fill(r['no-benchmark-other-deal-size'], { dealSize: dealSizeName }),
    };
    const shown = (b: Benchmark, verdict: Verdict) => ({
      id: b.id,
      verdict,
      label: verdictLabel(b, verdict),
      tone: VERDICT_TONE[verdict],
      figure: b.figure,
      source: b.source,
      quality: b.quality,
    });
    const lostAll = allCustomersLost(metricInputs);
    const error = forecastError(metricInputs);
    const note = (id: MetricId): string | null => {
      if (lostAll && (CHURN_METRICS as readonly MetricId[]).includes(id)) return r['all-customers-lost'];
      if (id === 'forecastAccuracy' && error !== null) return fill(r['forecast-error'], { error: formatMetricValue('forecastAccuracy', error, locale) });
      return null;
    };
    metrics = METRIC_IDS.map((id): ReportMetric => {
      const found = verdicts[id];
      const benchmark = found?.benchmark && found.verdict ? shown(found.benchmark, found.verdict) : null;
      const target = found?.target ? shown(found.target.benchmark, found.target.verdict) : null;
      const noBenchmark = values[id] !== null && !benchmark ? noBenchmarkText[noBenchmarkReason(q.benchmarks, id, segment)] : null;
      return { id, name: q.ui.metric[id], unit: METRIC_UNITS[id], value: values[id], missing: missingInputs(id, metricInputs), working: working[id] ?? null, benchmark, target, noBenchmark, note: note(id) };
    });
  }

  // After the metrics: findings may test their values and verdicts, exactly as the report shows them.
  const ruleContext: RuleContext = {
    overall: scores.overall,
    dimensions: Object.fromEntries(dimensions.map((d) => [d.id, d.score])),
    dontKnowShare: scores.dontKnowShare,
    answers: input.answers,
    metrics: Object.fromEntries(metrics.map((m) => [m.id, { value: m.value, verdict: m.benchmark?.verdict ?? null }])),
    segment,
  };
  const figures = (text: string) => fillFigures(text, ruleContext.metrics, locale, metricInputs?.currency);
  const findings = q.rules
    .filter((rule) => ruleHolds(rule, ruleContext))
    .map(({ id, title, body }) => ({ id, title: figures(title), body: figures(body) }));

  const recommendations = rankRecommendations({
    dimensions: dimensions.map((d) => ({ id: d.id, weight: d.weight, score: d.score, band: d.band?.id ?? null })),
    questions: q.questions,
    recommendations: q.recommendations,
    context: ruleContext,
  }).map(({ recommendation, impact, questions }) => {
    const d = dimensions.find((x) => x.id === recommendation.dimension)!;
    return {
      id: recommendation.id,
      dimension: d.id,
      dimensionName: d.name,
      band: recommendation.band ?? d.band?.id ?? '',
      title: recommendation.title,
      body: recommendation.body,
      impact: Math.round(impact * 100) / 100,
      questions,
    };
  });

  return {
    locale,
    questionnaireVersion: questionnaire.version,
    overall: {
      score: scores.overall,
      band: band(q.bands.overall, scores.overall),
      notAssessed: scores.overall === null
        ? {
            label: notAssessed.overall.label,
            summary: fill(notAssessed.overall.summary, {
              known: scores.answered.known,
              total: scores.answered.applicable,
              percent: Math.round(100 * notAssessed.minKnownShare),
            }),
            recommendation: notAssessed.overall.recommendation,
          }
        : null,
    },
    dimensions,
    dontKnow: { count: scores.dontKnowCount, share: scores.dontKnowShare },
    findings,
    recommendations,
    segment: { businessModel: segment.businessModel ?? null, dealSize: segment.dealSize ?? null },
    metrics,
    currency: metricInputs?.currency ?? null,
  };
}
