import { bandFor } from './band.ts';
import { benchmarkMetrics, noBenchmarkReason, VERDICT_TONE } from './benchmark.ts';
import type { Report, ReportBenchmark, ReportMetric } from './schemas/report.ts';
import type { Verdict } from './schemas/benchmark.ts';
import type { NextStep } from './schemas/band.ts';
import { localize, type Locale, type Localized } from './locale.ts';
import { allCustomersLost, CHURN_METRICS, computeMetrics, currentMetricInputs, forecastError, METRIC_BETTER, METRIC_IDS, METRIC_UNITS, missingInputs, type MetricId, type MetricInputs } from './metrics.ts';
import type { Questionnaire } from './schemas/questionnaire.ts';
import { fillFigures, ruleHolds, type RuleContext } from './rule.ts';
import { rankRecommendations } from './recommendation.ts';
import { scoreAnswers, type Answers } from './scoring.ts';
import type { Segment } from './schemas/segment.ts';
import { metricWorking } from './working.ts';
import { fill, formatMetricValue } from './format.ts';

/** The questionnaire in one language. */
export type LocalQuestionnaire = Localized<Questionnaire>;

/** Texts of the pages that the results page never shows: the numbers step's, its errors', the masterclass sign-up's, the 404's, the erasure and unsubscribe pages'. */
type OtherPagesTexts = 'metrics' | 'errors' | 'masterclass' | 'not-found' | 'erase' | 'unsubscribe' | 'share';

/**
 * What building and showing a Report reads of a questionnaire: all but the emails, the workspace, the
 * time estimate, other pages' texts, the consultancy's page texts, the masterclass sessions and the
 * wording of the questions (scoring reads their options and scores; the report never quotes a question).
 */
export type ReportQuestionnaire = Omit<LocalQuestionnaire, 'emails' | 'workspace' | 'duration' | 'ui' | 'questions' | 'consultancy' | 'offer'> & {
  ui: Omit<LocalQuestionnaire['ui'], OtherPagesTexts>;
  questions: Omit<LocalQuestionnaire['questions'][number], 'text' | 'help'>[];
  /** The offer without its sessions: their joining links go to registrants only, never into a page. */
  offer: Omit<LocalQuestionnaire['offer'], 'sessions'>;
};

/** The part of a localized questionnaire the results page sends to the browser (a smaller page, less to parse). */
export function reportQuestionnaire(questionnaire: LocalQuestionnaire): ReportQuestionnaire {
  const { emails: _emails, workspace: _workspace, duration: _duration, consultancy: _consultancy, ui, questions, offer, ...forReport } = questionnaire;
  const { metrics: _metrics, errors: _errors, masterclass: _masterclass, 'not-found': _notFound, erase: _erase, unsubscribe: _unsubscribe, share: _share, ...results } = ui;
  const { sessions: _sessions, ...offerShown } = offer;
  return { ...forReport, offer: offerShown, ui: results, questions: questions.map(({ text: _text, help: _help, ...scored }) => scored) };
}

/** What the visitor gave: answers, and optionally their segment and numbers. */
export interface ReportInput {
  answers: Answers;
  segment?: Segment | undefined;
  metricInputs?: MetricInputs | null | undefined;
}

// The Report's shape is its schema's (one definition, so the stored and the built cannot drift);
// type-only, so the browser's bundle never loads zod.
export type { Report, ReportBand, ReportBenchmark, ReportMetric, ReportNotAssessed } from './schemas/report.ts';

/** A metric as built now: its verdict is always one of today's, never a stored report's legacy one. */
type BuiltMetric = ReportMetric & { benchmark: (ReportBenchmark & { verdict: Verdict }) | null };

/** Builds the Report: scores, bands, findings, recommendations, metrics with benchmarks. The one place results are computed. */
export function buildReport(questionnaire: Questionnaire | ReportQuestionnaire, input: ReportInput, locale: Locale): Report {
  // Localizing an already localized questionnaire changes nothing, so the island can send one language only.
  // Only what a report reads is localized: the emails', the workspace's and the other pages' texts are most of
  // a questionnaire, and walking them for every submission made a sizeable share of the server's work.
  const { emails: _emails, workspace: _workspace, duration: _duration, consultancy: _consultancy, offer: _offer, ui, ...read } = questionnaire as Questionnaire;
  const reportUi = { results: ui.results, inputs: ui.inputs, metric: ui.metric, working: ui.working, verdicts: ui.verdicts };
  const q = localize({ ...read, ui: reportUi } as unknown as Questionnaire, locale);
  const notAssessed = q.bands.notAssessed;
  const scores = scoreAnswers(q, input.answers, { minKnownShare: notAssessed.minKnownShare });
  const band = (bands: readonly { id: string; min: number; max: number; label: string; summary: string; nextStep?: NextStep | undefined }[], score: number | null) => {
    if (score === null) return null;
    const { id, label, summary, nextStep } = bandFor(bands, score);
    return nextStep ? { id, label, summary, nextStep } : { id, label, summary };
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
  let metrics: BuiltMetric[] = [];
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
    const shown = (b: Benchmark, verdict: Verdict, judgedValue: number) => ({
      id: b.id,
      verdict,
      label: verdictLabel(b, verdict),
      tone: VERDICT_TONE[verdict],
      figure: b.figure,
      source: b.source,
      quality: b.quality,
      scale: { compare: b.compare, better: METRIC_BETTER[b.metric], value: judgedValue },
    });
    const lostAll = allCustomersLost(metricInputs);
    const error = forecastError(metricInputs);
    const note = (id: MetricId): string | null => {
      if (lostAll && (CHURN_METRICS as readonly MetricId[]).includes(id)) return r['all-customers-lost'];
      if (id === 'forecastAccuracy' && error !== null) return fill(r['forecast-error'], { error: formatMetricValue('forecastAccuracy', error, locale) });
      return null;
    };
    metrics = METRIC_IDS.map((id): BuiltMetric => {
      const found = verdicts[id];
      const benchmark = found?.benchmark && found.verdict && found.judgedValue !== null ? shown(found.benchmark, found.verdict, found.judgedValue) : null;
      const target = found?.target ? shown(found.target.benchmark, found.target.verdict, found.target.judgedValue) : null;
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
    // `REPORT_SHAPE_VERSION`, written out so the browser's bundle stays free of the schema (and of zod);
    // the return type makes it match the schema's.
    shapeVersion: 2,
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
