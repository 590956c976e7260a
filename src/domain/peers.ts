import { fill, formatNumber, formatPercent, LOCALE_TAGS } from './format.ts';
import type { Locale } from './locale.ts';

/**
 * The peer percentile: where a visitor's scores stand among the stored submissions of companies
 * like theirs, read from histograms only (never from a single submission). Pure, so the browser
 * (which places the visitor's own scores before anything is sent), the permalink page and the
 * report email all compute it the same way.
 */

/**
 * Buckets of a histogram: one per integer score 0–100. Scores are integers, so with one bucket each
 * the percentile is exact (coarser buckets would make a score inside a bucket a guess), and the
 * whole distribution of 8 histograms stays about 2 KB of JSON. A bucket holding one submission
 * reveals a score, never who had it: the histograms carry no contact, date or answer.
 */
export const HISTOGRAM_BUCKETS = 101;

/** The segment of every company, whatever its business model. */
export const ALL_SEGMENT = 'all';

/** The key of the overall score's histogram, beside the dimension ids. */
export const OVERALL = 'overall';

/** Counts of scores, `histogram[score]` for each integer score 0–100. */
export type Histogram = readonly number[];

/** An empty histogram (every count 0). */
export function emptyHistogram(): number[] {
  return new Array<number>(HISTOGRAM_BUCKETS).fill(0);
}

/**
 * The histogram of `scores`: nulls (not assessed) are left out; a score is rounded and clamped to
 * 0–100 first, so a stray value can never index outside the array.
 * @example histogramOf([0, 0, 100, null])[0] // 2
 */
export function histogramOf(scores: readonly (number | null)[]): number[] {
  const histogram = emptyHistogram();
  for (const score of scores) if (score !== null && Number.isFinite(score)) histogram[bucketOf(score)]! += 1;
  return histogram;
}

const bucketOf = (score: number) => Math.min(100, Math.max(0, Math.round(score)));

/**
 * The signature of a questionnaire's dimensions: 8 hex digits of the FNV-1a hash of its dimension ids,
 * sorted. Versions of the questionnaire with the same dimensions (a reworded question, a new
 * recommendation) share one distribution; adding, removing or renaming a dimension starts a new one.
 * FNV-1a, not SHA: the browser computes it synchronously in a few bytes of code, and a collision
 * between the handful of dimension sets a site ever has is practically impossible.
 * @example dimensionSignature(['tooling', 'alignment']) === dimensionSignature(['alignment', 'tooling']) // true
 */
export function dimensionSignature(dimensionIds: readonly string[]): string {
  const text = [...new Set(dimensionIds)].sort().join(',');
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return hash.toString(16).padStart(8, '0');
}

/** The row key of one distribution in `peer_distributions`: `<signature>:<segment>`, e.g. `1a2b3c4d:saas`. */
export function scopeKey(signature: string, segmentId: string): string {
  return `${signature}:${segmentId}`;
}

/**
 * The segments a visitor is compared within, most specific first: their business model, then every
 * company (`all`). Without a business model, or with one of `allCompaniesOnly` (too mixed to compare
 * within, `peers` in content/segments.yaml), `all` only.
 */
export function peerSegments(businessModel: string | null | undefined, allCompaniesOnly: readonly string[] = []): string[] {
  return businessModel && businessModel !== ALL_SEGMENT && !allCompaniesOnly.includes(businessModel) ? [businessModel, ALL_SEGMENT] : [ALL_SEGMENT];
}

/**
 * The share of peers strictly below `score`, as a whole percent rounded down (so we never overstate
 * where the visitor stands): ties count neither ahead nor behind. `null` when there is no score (not
 * assessed) or no peer at all.
 * @example placeInDistribution(histogramOf([10, 20, 20, 30]), 20) // 25: one of four below 20
 */
export function placeInDistribution(histogram: Histogram | null | undefined, score: number | null): number | null {
  if (score === null || !Number.isFinite(score) || !histogram) return null;
  const bucket = bucketOf(score);
  let below = 0;
  let total = 0;
  histogram.forEach((count, index) => {
    total += count;
    if (index < bucket) below += count;
  });
  return total === 0 ? null : Math.floor((100 * below) / total);
}

/**
 * A distribution as `GET /api/peers/<scope>.json` serves it: the histograms only when `sample`
 * reached `minimum`, else `null` (the count, the minimum and the period are always given). Dates are
 * UTC days (`2026-11-26`), never the instant of a submission.
 */
export interface PeerDistribution {
  /** The dimensions' signature (`dimensionSignature`). */
  scope: string;
  /** A business model id, or `all`. */
  segment: string;
  /** Submissions counted. */
  sample: number;
  /** The sample needed before anything is compared (`peers.minimumSample` in content/segments.yaml). */
  minimum: number;
  /** The UTC day of the earliest and of the latest submission counted; `null` with none. */
  periodStart: string | null;
  periodEnd: string | null;
  /** Per dimension id and `overall`, counts per score 0–100; `null` below the minimum. */
  histograms: Record<string, number[]> | null;
}

/** The visitor's scores, as a Report holds them. */
export interface PeerScores {
  overall: { score: number | null };
  dimensions: readonly { id: string; score: number | null }[];
}

/** Where a visitor stands in one distribution: what the results, the permalink and the email show. */
export interface PeerStanding {
  scope: string;
  segmentId: string;
  sample: number;
  minimum: number;
  /** Whether the sample reached the minimum: the percentages are shown only then. */
  enough: boolean;
  /** How many more submissions until the minimum; 0 once reached. */
  needed: number;
  periodStart: string | null;
  periodEnd: string | null;
  /** Percent of peers strictly below the overall score; `null` when not enough, not assessed or no peer scored. */
  overall: number | null;
  /** The same per dimension, in the Report's order. */
  dimensions: { id: string; percentAhead: number | null }[];
}

/**
 * Places `scores` in `distribution`. Below the minimum (or without histograms) every percentage is
 * `null` and `needed` says how many submissions are missing.
 */
export function peerStanding(distribution: PeerDistribution, scores: PeerScores): PeerStanding {
  const { scope, segment, sample, minimum, periodStart, periodEnd } = distribution;
  const histograms = sample >= minimum ? distribution.histograms : null;
  const place = (id: string, score: number | null) => (histograms ? placeInDistribution(histograms[id], score) : null);
  return {
    scope,
    segmentId: segment,
    sample,
    minimum,
    enough: histograms !== null,
    needed: Math.max(0, minimum - sample),
    periodStart,
    periodEnd,
    overall: place(OVERALL, scores.overall.score),
    dimensions: scores.dimensions.map((d) => ({ id: d.id, percentAhead: place(d.id, d.score) })),
  };
}

/**
 * The standing to show among those of `peerSegments` (same order): the first with enough peers; else
 * the broadest, whose count of missing submissions is the smallest.
 */
export function preferredStanding<T extends Pick<PeerStanding, 'enough'>>(standings: readonly T[]): T | null {
  return standings.find((s) => s.enough) ?? standings.at(-1) ?? null;
}

/** The texts of the `peers` group of content/ui.yaml, in one language. */
export type PeerTexts = Record<'title' | 'ahead-segment' | 'ahead-all' | 'dimension-ahead' | 'sample' | 'sample-none' | 'missing' | 'missing-one', string>;

/** A standing in words, for the page and the email alike. */
export interface PeerView {
  title: string;
  /** "Por delante del 62 % de las 48 empresas de SaaS B2B…"; `null` below the minimum or without an overall score. */
  headline: string | null;
  /** One line per dimension placed: "Por delante del 40 % en Calidad de datos". */
  dimensions: { id: string; percentAhead: number; text: string }[];
  /** Sample and period, always shown. */
  sample: string;
  /** "Faltan 12 respuestas para comparar…", below the minimum only. */
  missing: string | null;
}

// One formatter per language: building an Intl.DateTimeFormat is costly.
const dayFormats = new Map<Locale, Intl.DateTimeFormat>();
/** A UTC day (`2026-11-26`) in the visitor's language: "26 nov 2026". */
function dayText(day: string, locale: Locale): string {
  const format = dayFormats.get(locale) ?? new Intl.DateTimeFormat(LOCALE_TAGS[locale], { dateStyle: 'medium', timeZone: 'UTC' });
  dayFormats.set(locale, format);
  return format.format(new Date(`${day}T00:00:00Z`));
}

/**
 * A standing in words: `segmentName` names the business model (ignored for `all`), `dimensionNames`
 * the dimensions by id; percentages and dates in the locale's style.
 */
export function peerView(standing: PeerStanding, options: { texts: PeerTexts; locale: Locale; segmentName?: string | null; dimensionNames: Readonly<Record<string, string>> }): PeerView {
  const { texts, locale } = options;
  const percent = (value: number) => formatPercent(value / 100, locale, 0);
  const values = { sample: formatNumber(standing.sample, locale), minimum: formatNumber(standing.minimum, locale), needed: formatNumber(standing.needed, locale) };
  const segmentName = standing.segmentId === ALL_SEGMENT ? null : (options.segmentName ?? standing.segmentId);
  const headline = standing.overall === null
    ? null
    : fill(segmentName ? texts['ahead-segment'] : texts['ahead-all'], { ...values, percent: percent(standing.overall), segment: segmentName ?? '' });
  const dimensions = standing.dimensions.flatMap(({ id, percentAhead }) =>
    percentAhead === null ? [] : [{ id, percentAhead, text: fill(texts['dimension-ahead'], { percent: percent(percentAhead), dimension: options.dimensionNames[id] ?? id }) }],
  );
  const sample = standing.periodStart && standing.periodEnd
    ? fill(texts.sample, { ...values, start: dayText(standing.periodStart, locale), end: dayText(standing.periodEnd, locale) })
    : fill(texts['sample-none'], values);
  const missing = standing.enough ? null : fill(standing.needed === 1 ? texts['missing-one'] : texts.missing, values);
  return { title: texts.title, headline, dimensions, sample, missing };
}
