import { isLocale, localize, type Locale } from './locale.ts';
import type { MetricDraft } from './metric-draft.ts';
import { METRIC_INPUT_FIELDS, type MetricInputs } from './metrics.ts';
import { previewAnswers, type PreviewAnswers, type PreviewQuestionnaire, type PreviewTarget } from './preview-answers.ts';
import { buildReport, type ReportInput } from './report.ts';
import { describeCondition, exampleTrigger } from './rule-example.ts';
import type { Questionnaire } from './schemas/questionnaire.ts';
import type { Condition } from './schemas/rule.ts';
import type { Segment } from './schemas/segment.ts';

/** The consultants' preview of the results page (`src/pages/consultants/preview.astro`). */
export const PREVIEW_PATH = '/consultants/preview/';

/** A target's value in the preview's address for "no score": the area (or the whole) not assessed. */
export const NOT_ASSESSED_PARAM = 'not-assessed';

/** The example numbers a preview can show: weak ones (most verdicts worse, several findings) and strong ones. */
export const EXAMPLE_METRICS = ['poor', 'good'] as const;
export type ExampleMetrics = (typeof EXAMPLE_METRICS)[number];

/**
 * A month of a SaaS company of about 400 customers at USD 1,200 a month each, typed on the numbers
 * step: every field filled, so every metric shows. Compared as a SaaS company with a deal size of
 * USD 12,000–25,000 a year, `poor` misses nearly every benchmark (churn 3.5 % a month, CLV:CAC about
 * 1, a 28-month payback, a forecast 24 % off) and `good` beats nearly every one.
 */
export const EXAMPLE_METRIC_INPUTS: Record<ExampleMetrics, MetricInputs> = {
  poor: {
    period: 'month', currency: 'USD', customersAtStart: 400, customersLost: 14, newCustomers: 12,
    mrrAtStart: 480_000, expansionMrr: 3_000, contractionMrr: 4_000, churnedMrr: 13_000,
    salesAndMarketingSpend: 240_000, arpa: 1_200, grossMarginPct: 60, leads: 1_500,
    opportunities: 60, winRatePct: 12, averageDealSize: 14_000, salesCycleDays: 120,
    forecastRevenue: 620_000, actualRevenue: 500_000,
  },
  good: {
    period: 'month', currency: 'USD', customersAtStart: 400, customersLost: 3, newCustomers: 30,
    mrrAtStart: 480_000, expansionMrr: 14_000, contractionMrr: 1_500, churnedMrr: 2_500,
    salesAndMarketingSpend: 150_000, arpa: 1_200, grossMarginPct: 80, leads: 450,
    opportunities: 120, winRatePct: 50, averageDealSize: 14_000, salesCycleDays: 45,
    forecastRevenue: 505_000, actualRevenue: 500_000,
  },
};

/** What a preview shows, as its address says it (see `readPreviewQuery`). */
export interface PreviewQuery {
  /** The language the results are shown in. */
  locale: Locale;
  /** `null`: the overall score follows the dimensions. */
  overall: PreviewTarget | null;
  /** By dimension id; `null` (or absent): free, following the overall target. */
  dimensions: Record<string, PreviewTarget | null>;
  segment: Segment;
  metrics: ExampleMetrics | null;
  /** Also list every finding and every recommendation. */
  all: boolean;
}

/** What reading and writing a preview's address checks its values against. */
export type PreviewQueryQuestionnaire = Pick<PreviewQuestionnaire, 'dimensions' | 'bands'> & {
  segments: { businessModels: readonly { id: string }[]; dealSizes: readonly { id: string }[] };
};

/** A target as written in the address: a band id, a whole score 0–100, `not-assessed`; empty for none. */
export function targetParam(target: PreviewTarget | null): string {
  if (target === null) return '';
  if ('band' in target) return target.band;
  if ('score' in target) return String(target.score);
  return NOT_ASSESSED_PARAM;
}

function readTarget(value: string | null, bands: readonly { id: string }[]): PreviewTarget | null {
  const text = value?.trim() ?? '';
  if (text === NOT_ASSESSED_PARAM) return { notAssessed: true };
  if (/^\d{1,3}$/.test(text) && Number(text) <= 100) return { score: Number(text) };
  return bands.some((band) => band.id === text) ? { band: text } : null;
}

/**
 * The preview asked for by an address such as
 * `?locale=pt&overall=developing&alignment=low&tooling=62&reporting=not-assessed&businessModel=saas&dealSize=acv-12k-25k&metrics=poor&all=1`:
 * `locale` (else `fallback`), `overall` and each dimension by its id (a band id, a whole score 0–100, or
 * `not-assessed`; anything else, or nothing, leaves it free), `businessModel` and `dealSize` (ids of
 * content/segments.yaml), `metrics` (`poor`, `good`; `1` reads as `poor`) and `all=1`. Unknown values
 * are ignored, never an error: an address written by hand or by an old editor still shows a preview.
 */
export function readPreviewQuery(params: URLSearchParams, q: PreviewQueryQuestionnaire, fallback: Locale): PreviewQuery {
  const locale = params.get('locale');
  const segmentPart = (name: 'businessModel' | 'dealSize', options: readonly { id: string }[]) => {
    const value = params.get(name);
    return value && options.some((o) => o.id === value) ? { [name]: value } : {};
  };
  const metrics = params.get('metrics');
  return {
    locale: isLocale(locale) ? locale : fallback,
    overall: readTarget(params.get('overall'), q.bands.overall),
    dimensions: Object.fromEntries(q.dimensions.map((d) => [d.id, readTarget(params.get(d.id), q.bands.dimensions[d.id] ?? [])])),
    segment: { ...segmentPart('businessModel', q.segments.businessModels), ...segmentPart('dealSize', q.segments.dealSizes) },
    metrics: metrics === '1' ? 'poor' : (EXAMPLE_METRICS as readonly string[]).includes(metrics ?? '') ? (metrics as ExampleMetrics) : null,
    all: ['1', 'on', 'true'].includes(params.get('all') ?? ''),
  };
}

/** The address of a preview, written as `readPreviewQuery` reads it; free targets and unset choices are left out. */
export function previewHref(query: PreviewQuery, q: Pick<PreviewQuestionnaire, 'dimensions'>): string {
  const params = new URLSearchParams({ locale: query.locale });
  const set = (name: string, value: string | null | undefined) => {
    if (value) params.set(name, value);
  };
  set('overall', targetParam(query.overall));
  for (const d of q.dimensions) set(d.id, targetParam(query.dimensions[d.id] ?? null));
  set('businessModel', query.segment.businessModel);
  set('dealSize', query.segment.dealSize);
  set('metrics', query.metrics);
  if (query.all) params.set('all', '1');
  return `${PREVIEW_PATH}?${params}`;
}

/** A finished diagnostic to draw the results page from, and where its answers land against what was asked. */
export interface ResultsPreview {
  /** What the results page is drawn from (its `initial`): the answers, the segment and, with example metrics, the numbers as if typed. */
  diagnostic: ReportInput & { answers: PreviewAnswers['answers']; segment: Segment; metricInputs: MetricInputs | null; draft: MetricDraft; include: boolean };
  landings: PreviewAnswers['landings'];
  /** Targets no answers reach: the page says so rather than show something else as if it were asked. */
  misses: PreviewAnswers['misses'];
}

/** The diagnostic a prospect would have finished to get the results the preview asks for (see `previewAnswers`). */
export function resultsPreview(q: Questionnaire, query: PreviewQuery): ResultsPreview {
  const { answers, landings, misses } = previewAnswers(q, { overall: query.overall, dimensions: query.dimensions });
  const metricInputs = query.metrics ? EXAMPLE_METRIC_INPUTS[query.metrics] : null;
  const draft: MetricDraft = metricInputs
    ? {
        period: metricInputs.period,
        currency: metricInputs.currency ?? '',
        values: Object.fromEntries(METRIC_INPUT_FIELDS.flatMap((field) => (metricInputs[field] === undefined ? [] : [[field, String(metricInputs[field])]]))),
      }
    : { period: 'month', values: {} };
  return { diagnostic: { answers, segment: query.segment, metricInputs, draft, include: metricInputs !== null }, landings, misses };
}

/** A finding as the results page shows it, with what makes it show. */
export interface CatalogFinding {
  id: string;
  /** With its `{metric}` figures filled from inputs that make it show, when some are found. */
  title: string;
  body: string;
  /** Its conditions in words (English, with the content's names): all must hold. */
  when: string;
}

/** A recommendation as the results page shows it, with when it is offered. */
export interface CatalogRecommendation {
  id: string;
  dimension: string;
  dimensionName: string;
  title: string;
  body: string;
  /** The band it is the default action of, or the conditions that offer it, in words (English, with the content's names). */
  when: string;
}

/** Every finding and every recommendation of the content in `locale`, in content order: what `?all=1` lists. */
export function contentCatalog(questionnaire: Questionnaire, locale: Locale): { findings: CatalogFinding[]; recommendations: CatalogRecommendation[] } {
  const q = localize(questionnaire, locale);
  const conditions = (list: readonly Condition[] | undefined, joint: string) => (list ?? []).map((c) => describeCondition(c, questionnaire, locale)).join(joint);
  const findings = questionnaire.rules.map((rule, index): CatalogFinding => {
    const example = exampleTrigger(rule, questionnaire);
    const shown = example ? buildReport(questionnaire, example, locale).findings.find((f) => f.id === rule.id) : undefined;
    const text = q.rules[index]!;
    return { id: rule.id, title: shown?.title ?? text.title, body: shown?.body ?? text.body, when: conditions(rule.when, ' and ') };
  });
  const recommendations = q.recommendations.map((r): CatalogRecommendation => {
    const dimensionName = q.dimensions.find((d) => d.id === r.dimension)?.name ?? r.dimension;
    const band = r.band === undefined ? undefined : q.bands.dimensions[r.dimension]?.find((b) => b.id === r.band);
    const triggered = [conditions(r.when, ' and '), r.whenAny ? `(${conditions(r.whenAny, ' or ')})` : ''].filter(Boolean).join(' and ');
    const when = r.band !== undefined ? `${dimensionName}: ${band ? `${band.label} (${band.min}–${band.max})` : r.band}` : triggered;
    return { id: r.id, dimension: r.dimension, dimensionName, title: r.title, body: r.body, when };
  });
  return { findings, recommendations };
}
