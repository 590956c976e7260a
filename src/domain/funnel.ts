import type { Locale } from './locale.ts';

/**
 * What the diagnostic reports about a visit, in funnel order: `started` (first
 * answer), `step` (a dimension step completed, with its number), `completed`
 * (metrics step finished), `report_requested` (lead form sent), `masterclass`
 * (sent with the masterclass box checked).
 */
export const FUNNEL_EVENTS = ['started', 'step', 'completed', 'report_requested', 'masterclass'] as const;
export type FunnelEventName = (typeof FUNNEL_EVENTS)[number];

/** The funnel's stages as counted in the report: every event but `step`. */
export const FUNNEL_STAGES = ['started', 'completed', 'report_requested', 'masterclass'] as const satisfies readonly FunnelEventName[];
export type FunnelStage = (typeof FUNNEL_STAGES)[number];

/** Distinct visits that reached each stage. */
export type FunnelCounts = Record<FunnelStage, number>;

/** One UTC day in one locale. */
export interface FunnelDay extends FunnelCounts {
  /** UTC date, `YYYY-MM-DD`. */
  day: string;
  locale: Locale;
}

/** Distinct visits that completed a dimension step. */
export interface FunnelStep {
  /** 1-based step number. */
  step: number;
  visits: number;
}

/** The funnel over a date range, as `funnelReport` returns it. */
export interface FunnelReport {
  /** Distinct visits per stage over the whole range (a visit spanning two days counts once). */
  totals: FunnelCounts;
  /** By day, then by locale in `LOCALES` order; days without events are left out. */
  days: FunnelDay[];
  /** Steps 1..N, N being the highest step seen (or asked for); steps nobody completed have 0 visits. */
  steps: FunnelStep[];
  /**
   * How long visits really took, from their first `started` (the first answer) to their first
   * `completed` (the numbers step left, so it includes that optional step), both in range;
   * a visit whose first `completed` is not after its first `started` is left out.
   */
  completion: {
    /** Visits with both events. */
    visits: number;
    /** The median, in whole seconds; `null` without visits. */
    medianSeconds: number | null;
  };
}

/** Where the browser keeps the visit's id (sessionStorage: a visit ends with the tab, and nothing links two visits). */
export const VISIT_KEY = 'revops:visit';
