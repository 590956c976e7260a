import { LOCALE_TAGS, fill, formatMetricValue, formatNumber } from './format.ts';
import type { Locale } from './locale.ts';
import { METRIC_BETTER, METRIC_IDS, METRIC_UNITS, type Currency, type MetricId, type MetricUnit } from './metrics.ts';
import type { Report } from './schemas/report.ts';

/**
 * What a Report keeps of itself for a later comparison: the scores and the metric values, nothing
 * personal and no text. A retake carries the previous one's in the browser (`src/stores/retake.ts`).
 */
export interface ReportScores {
  /** 0–100, or `null` when not assessed. */
  overall: number | null;
  dimensions: { id: string; score: number | null }[];
  /** Rates as fractions (0.05 = 5 %), money in `currency`, as in `ReportMetric.value`. */
  metrics: { id: MetricId; value: number | null }[];
  currency: Currency | null;
}

/** The scores of a Report (see {@link ReportScores}). */
export function reportScores(report: Pick<Report, 'overall' | 'dimensions' | 'metrics' | 'currency'>): ReportScores {
  return {
    overall: report.overall.score,
    dimensions: report.dimensions.map((d) => ({ id: d.id, score: d.score })),
    metrics: report.metrics.map((m) => ({ id: m.id, value: m.value })),
    currency: report.currency,
  };
}

/** Which way a figure moved, as shown (a change smaller than what is displayed is `same`). */
export type ChangeDirection = 'up' | 'down' | 'same';

/** A score then and now; `delta` (points, now − then) and `direction` are `null` unless both were assessed. */
export interface ScoreChange {
  from: number | null;
  to: number | null;
  delta: number | null;
  direction: ChangeDirection | null;
}

export interface DimensionChange extends ScoreChange {
  id: string;
}

export interface MetricChange {
  id: MetricId;
  from: number | null;
  to: number | null;
  /**
   * Now − then, rounded to what is shown (0.1 percentage point, a whole amount of money, 0.1 of a
   * ratio, month or day); `null` unless both values exist and compare (money in the same currency).
   */
  delta: number | null;
  direction: ChangeDirection | null;
  /** Whether the move is good news given which way the metric improves (lower churn is better); `null` when it did not move or cannot compare. */
  good: boolean | null;
}

/** What changed between a previous Report and this one. */
export interface ReportChange {
  /** When the previous one was taken (ISO 8601). */
  since: string;
  overall: ScoreChange;
  /** One per dimension of the current Report, in its order; compared only with the previous dimension of the same id. */
  dimensions: DimensionChange[];
  /** Every metric valued then or now, in display order. */
  metrics: MetricChange[];
}

/** The step each unit's changes are rounded to: what its figures show (see `formatMetricValue`). */
const DELTA_STEP: Record<MetricUnit, number> = { percent: 0.001, money: 1, ratio: 0.1, months: 0.1, days: 0.1 };

function directionOf(delta: number): ChangeDirection {
  return delta > 0 ? 'up' : delta < 0 ? 'down' : 'same';
}

function scoreChange(from: number | null | undefined, to: number | null): ScoreChange {
  const before = from ?? null;
  if (before === null || to === null) return { from: before, to, delta: null, direction: null };
  const delta = Math.round(to - before);
  return { from: before, to, delta, direction: directionOf(delta) };
}

/** Rounds to a multiple of `step` without float residue (0.03 − 0.02 → 0.01, not 0.009999…). */
function roundTo(value: number, step: number): number {
  const decimals = Math.max(0, -Math.floor(Math.log10(step)));
  const rounded = Number((Math.round(value / step) * step).toFixed(decimals));
  // Never a negative zero: "−0" would read as a fall.
  return rounded === 0 ? 0 : rounded;
}

/**
 * The change from a previous Report's scores to the current ones: per dimension (same id only),
 * overall, and per metric, with whether each metric's move is good news.
 * @example reportChange({ at: '2026-03-12T10:00:00Z', scores: before }, reportScores(report)).overall // { from: 54, to: 62, delta: 8, direction: 'up' }
 */
export function reportChange(previous: { at: string; scores: ReportScores }, current: ReportScores): ReportChange {
  const then = previous.scores;
  const dimensions = current.dimensions.map((d): DimensionChange => ({ id: d.id, ...scoreChange(then.dimensions.find((p) => p.id === d.id)?.score, d.score) }));
  // Money figures in two currencies do not compare; rates, ratios and durations do.
  const sameCurrency = (then.currency ?? null) === (current.currency ?? null);
  const metrics = METRIC_IDS.flatMap((id): MetricChange[] => {
    const from = then.metrics.find((m) => m.id === id)?.value ?? null;
    const to = current.metrics.find((m) => m.id === id)?.value ?? null;
    if (from === null && to === null) return [];
    const unit = METRIC_UNITS[id];
    if (from === null || to === null || (unit === 'money' && !sameCurrency)) return [{ id, from, to, delta: null, direction: null, good: null }];
    const delta = roundTo(to - from, DELTA_STEP[unit]);
    const direction = directionOf(delta);
    const good = direction === 'same' ? null : (direction === 'up') === (METRIC_BETTER[id] === 'higher');
    return [{ id, from, to, delta, direction, good }];
  });
  return { since: previous.at, overall: scoreChange(then.overall, current.overall), dimensions, metrics };
}

/** The change of one dimension, if it is part of `change`. */
export function dimensionChange(change: ReportChange | null | undefined, id: string): DimensionChange | undefined {
  return change?.dimensions.find((d) => d.id === id);
}

/** The change of one metric, if it is part of `change`. */
export function metricChange(change: ReportChange | null | undefined, id: MetricId): MetricChange | undefined {
  return change?.metrics.find((m) => m.id === id);
}

// ---------------------------------------------------------------------------
// In words

/** The keys of the `change` texts in `content/ui.yaml` (see `UiTextsSchema`). */
export const CHANGE_TEXT_KEYS = [
  'title', 'summary', 'summary-same', 'summary-none', 'points', 'points-one', 'percent-points', 'up', 'down', 'same', 'better', 'worse',
  'retake', 'retake-intro', 'prefilled',
] as const;
export type ChangeTexts = Record<(typeof CHANGE_TEXT_KEYS)[number], string>;

/** A date as the pages write it, in the visitor's language: "12 mar 2026" (es), "Mar 12, 2026" (en); the UTC day. */
export function formatChangeDate(iso: string, locale: Locale): string {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return iso;
  return new Intl.DateTimeFormat(LOCALE_TAGS[locale], { day: 'numeric', month: 'short', year: 'numeric', timeZone: 'UTC' }).format(date);
}

/** "+8", "−3" (a real minus sign), "0". */
function signed(delta: number, magnitude: string): string {
  return delta > 0 ? `+${magnitude}` : delta < 0 ? `−${magnitude}` : magnitude;
}

/** A score's change in points, signed: "+8", "−3", "0". */
export function formatScoreDelta(delta: number, locale: Locale): string {
  return signed(delta, formatNumber(Math.abs(delta), locale, 0));
}

/**
 * A metric's change, signed, in its unit: percentage points for rates ("−1,2 p. p."), money in the
 * report's currency ("+1.200 €"), plain numbers for ratios, months and days (the name says the unit).
 */
export function formatMetricDelta(id: MetricId, delta: number, locale: Locale, currency: Currency | null, t: Pick<ChangeTexts, 'percent-points'>): string {
  if (METRIC_UNITS[id] === 'percent') return signed(delta, fill(t['percent-points'], { value: formatNumber(Math.abs(delta) * 100, locale, 1) }));
  return signed(delta, formatMetricValue(id, Math.abs(delta), locale, currency));
}

/** How a change badge reads: its arrow, the signed amount, and the same in words for screen readers and plain text. */
export interface ChangeWords {
  direction: ChangeDirection;
  /** ▲ ▼ or =. */
  arrow: string;
  /** "+8", "−1,2 p. p."; empty when unchanged. */
  amount: string;
  /** "up 8 points", "down 1.2 pp: better", "no change". */
  words: string;
  /** Good news, bad news, or neither (unchanged). */
  tone: 'better' | 'worse' | 'neutral';
}

const ARROW: Record<ChangeDirection, string> = { up: '▲', down: '▼', same: '=' };

/** A score's change in words (see {@link ChangeWords}); `null` when there is nothing to compare. */
export function scoreChangeWords(change: Pick<ScoreChange, 'delta' | 'direction'> | null | undefined, t: ChangeTexts, locale: Locale): ChangeWords | null {
  if (!change || change.delta === null || change.direction === null) return null;
  const { delta, direction } = change;
  if (direction === 'same') return { direction, arrow: ARROW.same, amount: '', words: t.same, tone: 'neutral' };
  const size = Math.abs(delta);
  const points = fill(size === 1 ? t['points-one'] : t.points, { value: formatNumber(size, locale, 0) });
  return { direction, arrow: ARROW[direction], amount: formatScoreDelta(delta, locale), words: fill(t[direction], { value: points }), tone: direction === 'up' ? 'better' : 'worse' };
}

/** A metric's change in words, saying whether the move is good news; `null` when there is nothing to compare. */
export function metricChangeWords(change: MetricChange | null | undefined, currency: Currency | null, t: ChangeTexts, locale: Locale): ChangeWords | null {
  if (!change || change.delta === null || change.direction === null) return null;
  const { id, delta, direction } = change;
  if (direction === 'same') return { direction, arrow: ARROW.same, amount: '', words: t.same, tone: 'neutral' };
  const amount = formatMetricDelta(id, delta, locale, currency, t);
  const magnitude = amount.slice(1);
  const verdict = change.good ? t.better : t.worse;
  return { direction, arrow: ARROW[direction], amount, words: `${fill(t[direction], { value: magnitude })}: ${verdict}`, tone: change.good ? 'better' : 'worse' };
}

/**
 * The one-line summary: "Since 12 Mar 2026: +8 points overall" (`summary`), "…: no change overall"
 * (`summary-same`), or "Compared with your diagnostic of 12 Mar 2026" when either overall score is missing (`summary-none`).
 */
export function changeSummary(change: ReportChange, t: ChangeTexts, locale: Locale): string {
  const date = formatChangeDate(change.since, locale);
  const { delta } = change.overall;
  if (delta === null) return fill(t['summary-none'], { date });
  if (delta === 0) return fill(t['summary-same'], { date });
  const points = fill(Math.abs(delta) === 1 ? t['points-one'] : t.points, { value: formatScoreDelta(delta, locale) });
  return fill(t.summary, { date, points });
}
