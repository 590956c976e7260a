import type { ReportScores } from './change.ts';
import type { Locale } from './locale.ts';
import type { MetricInputs } from './metrics.ts';
import { pagePath } from './routes.ts';
import type { Answers } from './scoring.ts';
import type { Segment } from './schemas/segment.ts';

/** The query parameter of "take it again": the permalink's token, the only thing in the address. */
export const RETAKE_PARAM = 'retake';

/**
 * What `GET /api/retake/<token>` answers: what the diagnostic needs to start again where the
 * previous one ended, and its scores to measure the change against. Nothing personal: no name,
 * email, company, role or address.
 */
export interface RetakeData {
  locale: Locale;
  /** The questionnaire version the answers were given to; answers the current one no longer asks are left out. */
  questionnaireVersion: string;
  /** When the previous diagnostic was submitted (ISO 8601). */
  submittedAt: string;
  answers: Answers;
  segment: Segment;
  metricInputs: MetricInputs | null;
  /** The previous Report's scores and metric values; `null` when its stored Report cannot be read (nothing to compare with). */
  previous: ReportScores | null;
}

/** Every key of {@link RetakeData}, in order: the answer holds these and nothing else. */
export const RETAKE_KEYS = ['locale', 'questionnaireVersion', 'submittedAt', 'answers', 'segment', 'metricInputs', 'previous'] as const satisfies readonly (keyof RetakeData)[];

/**
 * The diagnostic's address that starts again from a permalink's answers: `/en/diagnostic/?retake=<token>`.
 * @example retakePath('es', token) // '/diagnostico/?retake=…'
 */
export function retakePath(locale: Locale, token: string): string {
  return `${pagePath('diagnostic', locale)}?${RETAKE_PARAM}=${encodeURIComponent(token)}`;
}
