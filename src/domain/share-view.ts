import type { Report } from './report.ts';
import type { Locale } from './locale.ts';

/** How many actions of the plan a shared result shows: the report's first ones, largest impact first. */
export const SHARED_PLAN_SIZE = 3;

/** One area of a shared result. */
export interface SharedDimension {
  id: string;
  name: string;
  /** 0–100, or `null` when the area was not assessed. */
  score: number | null;
  /** The band's label, or the "not assessed" label when `score` is null. */
  label: string;
}

/**
 * What a public share link shows of a Report: the scores, their bands and the titles of the plan.
 * Never the metrics (the company's own figures), the findings (they quote those figures), the
 * answers or anything about the person: the share page, its preview image and its meta tags all
 * render this and nothing else, so what can leak is decided here once.
 */
export interface ShareView {
  locale: Locale;
  overall: { score: number | null; label: string | null; bandId: string | null };
  dimensions: SharedDimension[];
  plan: { title: string; dimensionName: string }[];
}

/**
 * The shareable part of a stored Report.
 * @example shareView(report).overall // { score: 62, label: 'En desarrollo', bandId: 'developing' }
 */
export function shareView(report: Report): ShareView {
  return {
    locale: report.locale,
    overall: {
      score: report.overall.score === null ? null : Math.round(report.overall.score),
      label: report.overall.band?.label ?? report.overall.notAssessed?.label ?? null,
      bandId: report.overall.band?.id ?? null,
    },
    dimensions: report.dimensions.map((d) => ({
      id: d.id,
      name: d.name,
      score: d.score === null ? null : Math.round(d.score),
      label: d.band?.label ?? d.notAssessed?.label ?? '',
    })),
    plan: report.recommendations.slice(0, SHARED_PLAN_SIZE).map((r) => ({ title: r.title, dimensionName: r.dimensionName })),
  };
}
