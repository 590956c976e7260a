import { LOCALES, type Locale } from './locale.ts';

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
  /**
   * Visits per stage over the whole range, each counted once, on the UTC day of its first event
   * of that stage: a visit spanning two days counts once, and one that reached a stage before the
   * range (and again in it) is not counted again.
   */
  totals: FunnelCounts;
  /** Distinct visits per stage by UTC day, then by locale in `LOCALES` order; days without events are left out. */
  days: FunnelDay[];
  /**
   * Steps 1..N, N being the highest step counted (or asked for), each with its visits counted as
   * `totals` are (on the day of the visit's first event of that step); steps nobody completed have 0 visits.
   */
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

/**
 * One row of the funnel's daily rollup (`funnel_daily`): for a UTC day, locale and stage (`name`,
 * with the `step` number of a `step` row, 0 for the other stages), the distinct visits with such
 * an event that day (`visits`) and those whose first such event it was (`firstVisits`).
 */
export interface FunnelRollupRow {
  /** UTC date, `YYYY-MM-DD`. */
  day: string;
  name: string;
  step: number;
  locale: string;
  visits: number;
  firstVisits: number;
}

/**
 * The funnel report from the rollup rows of its days: `days` from each day's distinct visits,
 * `totals` and `steps` from the visits counted on the day of their first event of the stage.
 * `steps` lists at least that many steps; `completion` is passed through.
 * @example funnelFromRollup([{ day: '2025-03-01', name: 'started', step: 0, locale: 'es', visits: 2, firstVisits: 2 }], { steps: 6, completion: { visits: 0, medianSeconds: null } })
 */
export function funnelFromRollup(rows: readonly FunnelRollupRow[], { steps = 0, completion }: { steps?: number; completion: FunnelReport['completion'] }): FunnelReport {
  const zero = (): FunnelCounts => ({ started: 0, completed: 0, report_requested: 0, masterclass: 0 });
  const isStage = (name: string): name is FunnelStage => (FUNNEL_STAGES as readonly string[]).includes(name);
  const totals = zero();
  const days = new Map<string, FunnelDay>();
  const byStep = new Map<number, number>();
  for (const row of rows) {
    if (row.name === 'step') {
      if (row.step >= 1) byStep.set(row.step, (byStep.get(row.step) ?? 0) + row.firstVisits);
      continue;
    }
    if (!isStage(row.name) || row.visits <= 0) continue;
    totals[row.name] += row.firstVisits;
    const key = `${row.day} ${row.locale}`;
    const day = days.get(key) ?? { day: row.day, locale: row.locale as Locale, ...zero() };
    day[row.name] += row.visits;
    days.set(key, day);
  }
  const localeOrder = (locale: string) => LOCALES.indexOf(locale as Locale);
  const counted = [...byStep].filter(([, visits]) => visits > 0).map(([step]) => step);
  const lastStep = Math.max(steps, ...counted);
  return {
    totals,
    days: [...days.values()].sort((a, b) => a.day.localeCompare(b.day) || localeOrder(a.locale) - localeOrder(b.locale)),
    steps: Array.from({ length: lastStep }, (_, i) => ({ step: i + 1, visits: byStep.get(i + 1) ?? 0 })),
    completion,
  };
}
