import type { VerdictTone } from './benchmark.ts';
import { fill, formatMetricValue } from './format.ts';
import type { Locale } from './locale.ts';
import type { Report, ReportBand, ReportMetric } from './report.ts';
import type { ReportBenchmark } from './schemas/report.ts';
import type { NextStep } from './schemas/band.ts';
import { metricScale, type MetricScale } from './metric-scale.ts';

/**
 * How a Report reads: what to show and in which words, decided once here and
 * rendered alike by the results page, the permalink, the consultants' view and
 * the emails. Every text is in the report's language; the renderers only lay
 * it out (and escape it).
 */
export interface ReportViewModel {
  locale: Locale;
  overall: {
    score: number | null;
    /** "62", or "—" without a score. */
    scoreText: string;
    band: ReportBand | null;
    /** Why there is no score, and where to start; `null` when scored. */
    notAssessed: Report['overall']['notAssessed'];
    /** One line: "62/100 · Avanzado", or the not-assessed label. */
    line: string;
  };
  dimensions: DimensionView[];
  /** The lowest-scored dimension (the first in questionnaire order on a tie); `null` when none was scored. */
  weakest: { id: string; name: string; score: number } | null;
  /** "You answered 'I don't know' N times…", or `null` when never. */
  dontKnowNote: string | null;
  findings: Report['findings'];
  recommendations: Report['recommendations'];
  /**
   * The short plan under the score: the recommendations in order of impact, the first for this
   * month and the next two for this quarter; empty when there is nothing to recommend.
   */
  plan: PlanItem[];
  /** What the page leads with after the plan: the overall band's `nextStep`; a call when there is no band (or it says none). */
  nextStep: NextStep;
  /** The metrics to show: those the visitor gave numbers for (computed, or failed on a zero). */
  metrics: MetricView[];
}

export interface PlanItem {
  horizon: 'month' | 'quarter';
  /** The recommendation's dimension id; the anchor of its full text is `recommendation-<dimension>`. */
  dimension: string;
  dimensionName: string;
  title: string;
}

export interface DimensionView {
  id: string;
  name: string;
  score: number | null;
  /** "62/100 · Intermedio", the not-assessed label, or "not scored". */
  line: string;
  band: ReportBand | null;
  /** The band's summary, or why the dimension was not assessed. */
  summary: string | null;
  notAssessed: boolean;
}

export interface MetricView {
  id: ReportMetric['id'];
  name: string;
  /** The value in the locale's format (with the currency), or "could not be calculated". */
  value: string;
  computable: boolean;
  /** A fact stated beside the value (all customers lost, the forecast's error). */
  note: string | null;
  working: ReportMetric['working'];
  /** The comparison with a sourced benchmark; `null` when there is none (then `noBenchmark` says why) or nothing was computed. */
  verdict: {
    /** What it compares with, in words; `null` on reports stored before verdicts named their comparison (their bare "good" is not repeated). */
    label: string | null;
    tone: VerdictTone;
    /** A weak source: the figure is shown as indicative. */
    indicative: boolean;
    figure: string;
    /** "Publisher, Title (2019)". */
    source: string;
    /** The value drawn on the source's figures; `null` for reports stored before they kept them. */
    scale: MetricScale | null;
  } | null;
  /** A second comparison, with a target a source sets for the visitor's segment (e.g. Bessemer's retention targets); `null` when none applies. */
  target: MetricVerdict | null;
  /** Why a computed metric has no verdict; `null` otherwise. */
  noBenchmark: string | null;
}

/** A comparison of the visitor's value with a sourced figure, in words. */
export type MetricVerdict = NonNullable<MetricView['verdict']>;

/** The texts of `ui.results` (content/ui.yaml) a view needs, in the report's language. */
export type ResultTexts = Record<'not-scored' | 'not-computable' | 'no-benchmark' | 'dont-know-note', string>;

/** A score out of 100 as the pages write it: "62", or "—" without one. */
export function scoreText(score: number | null): string {
  return score === null ? '—' : String(score);
}

/** The lowest-scored dimension, the first in order on a tie; `null` when none was scored. */
export function weakestDimension(dimensions: readonly Pick<Report['dimensions'][number], 'id' | 'name' | 'score'>[] | null | undefined): ReportViewModel['weakest'] {
  let weakest: ReportViewModel['weakest'] = null;
  for (const d of dimensions ?? []) {
    if (d.score !== null && (weakest === null || d.score < weakest.score)) weakest = { id: d.id, name: d.name, score: d.score };
  }
  return weakest;
}

/** "Publisher, Title (2019)". */
const sourceText = (source: { publisher: string; title: string; year?: number | undefined }) => `${source.publisher}, ${source.title}${source.year ? ` (${source.year})` : ''}`;

/** A stored comparison with one sourced figure, as the pages show it: the words, the figure, the source and the drawing. */
function comparison(b: ReportBenchmark): MetricVerdict {
  return {
    label: b.label,
    tone: b.tone,
    indicative: b.quality === 'weak',
    figure: b.figure,
    source: sourceText(b.source),
    scale: b.scale ? metricScale(b.scale) : null,
  };
}

/** The view of a Report, with the results texts of its language (`ui.results` of `content/ui.yaml`). */
export function reportView(report: Report, t: ResultTexts): ReportViewModel {
  const overall = report.overall;
  const notAssessed = overall.notAssessed;
  const dimensions = report.dimensions.map((d): DimensionView => {
    const assessed = !d.notAssessed;
    const line = d.notAssessed?.label ?? (d.score === null ? t['not-scored'] : `${d.score}/100${d.band ? ` · ${d.band.label}` : ''}`);
    return { id: d.id, name: d.name, score: d.score, line, band: d.band, summary: d.band?.summary ?? d.notAssessed?.summary ?? null, notAssessed: !assessed };
  });
  const metrics = report.metrics
    // Metrics the visitor gave no numbers for are left out; those that failed on a zero say so.
    .filter((m) => m.value !== null || m.missing.length === 0)
    .map((m): MetricView => {
      const b = m.value === null ? null : m.benchmark;
      const target = m.value === null ? null : m.target;
      return {
        id: m.id,
        name: m.name,
        value: m.value === null ? t['not-computable'] : formatMetricValue(m.id, m.value, report.locale, report.currency),
        computable: m.value !== null,
        note: m.note,
        working: m.working,
        verdict: b && comparison(b),
        target: target && comparison(target),
        noBenchmark: m.value !== null && !b ? (m.noBenchmark ?? t['no-benchmark']) : null,
      };
    });
  return {
    locale: report.locale,
    overall: {
      score: overall.score,
      scoreText: scoreText(overall.score),
      band: overall.band,
      notAssessed,
      line: notAssessed ? notAssessed.label : `${scoreText(overall.score)}/100${overall.band ? ` · ${overall.band.label}` : ''}`,
    },
    dimensions,
    weakest: weakestDimension(report.dimensions),
    dontKnowNote: report.dontKnow.count > 0 ? fill(t['dont-know-note'], { count: report.dontKnow.count }) : null,
    findings: report.findings,
    recommendations: report.recommendations,
    plan: report.recommendations.slice(0, 3).map((r, index) => ({
      horizon: index === 0 ? 'month' : 'quarter',
      dimension: r.dimension,
      dimensionName: r.dimensionName,
      title: r.title,
    })),
    nextStep: overall.band?.nextStep ?? 'call',
    metrics,
  };
}
