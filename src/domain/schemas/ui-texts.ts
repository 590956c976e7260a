import { z } from 'astro/zod';
import { textGroup as group } from './text.ts';
import { METRIC_IDS, METRIC_INPUT_ERRORS, METRIC_INPUT_FIELDS } from '../metrics.ts';
import { VERDICTS } from '../benchmark.ts';


/**
 * `content/ui.yaml`: every text of the pages that is not a question, band,
 * recommendation, rule, benchmark or offer. `{placeholders}` in braces are
 * filled in by the page; keep them as they are.
 */
export const UiTextsSchema = z.strictObject({
  /** The site's name and its description for search engines. */
  site: group(['name', 'description', 'skip-to-content', 'language', 'footer']),
  /** The landing page. `{minutes}` is the diagnostic's computed length (see `content/duration.yaml`). */
  landing: group([
    'title', 'description', 'lead', 'duration', 'measures-title', 'gets-title', 'gets-scores', 'gets-benchmarks',
    'gets-recommendations', 'start', 'resume', 'privacy',
  ]),
  /**
   * The diagnostic's steps. `{step}`, `{total}`, `{percent}`, `{minutes}` are filled in.
   * `remaining` shows the minutes left for the questions; `remaining-optional` replaces it
   * once every question is answered (the numbers step is optional and not timed).
   */
  diagnostic: group([
    'title', 'description', 'progress', 'percent', 'remaining', 'remaining-optional', 'back', 'next', 'see-results', 'start-over',
    'start-over-confirm', 'unanswered', 'question-count', 'loading',
  ]),
  /** Labels of the answers every question shares. */
  answers: group(['yes', 'partly', 'no', 'not-applicable', 'dont-know']),
  /** The optional metrics step. */
  metrics: group([
    'title', 'intro', 'skip', 'segment', 'business-model', 'deal-size', 'choose', 'period', 'period-month',
    'period-year', 'not-computable', 'missing-inputs', 'group-churn', 'group-revenue', 'group-acquisition',
    'group-funnel', 'group-forecast', 'live-title', 'needs', 'currency', 'currency-none', 'read-as', 'which', 'check',
    'fix-first',
  ]),
  /** Names of the metric inputs (form labels). */
  inputs: group(METRIC_INPUT_FIELDS),
  /** Names of the computed metrics. */
  metric: group(METRIC_IDS),
  /** Messages for impossible or unreadable metric inputs, shown next to the field. */
  errors: group(METRIC_INPUT_ERRORS),
  /** The results page. `{score}` is filled in. */
  results: group([
    'title', 'description', 'no-results', 'overall', 'out-of', 'dimensions', 'chart-caption', 'dimension', 'score', 'band',
    'not-scored', 'not-computable', 'findings', 'no-findings', 'recommendations', 'metrics', 'your-value', 'benchmark', 'source',
    'indicative', 'no-benchmark', 'no-metrics', 'dont-know-note', 'print', 'edit-answers',
  ]),
  /**
   * The "email me the full report" form on the results page. `{title}` is the
   * masterclass title from `content/offer.yaml`. The `error-*`, `required`,
   * `invalid*` and `must-consent` texts are shown next to a field or below the form.
   * `website` labels a trap field that only bots see.
   */
  lead: group([
    'title', 'intro', 'name', 'email', 'company', 'role', 'optional', 'consent', 'masterclass-opt-in', 'submit', 'sending',
    'sent-title', 'sent-body', 'open-permalink', 'retrying', 'error-network', 'error-rate', 'error-invalid', 'required',
    'invalid', 'invalid-email', 'must-consent', 'website',
  ]),
  /** The masterclass sign-up page. */
  masterclass: group(['title', 'intro', 'name', 'email', 'consent', 'submit', 'done-title', 'done-body', 'already']),
  /** What each benchmark verdict is called. */
  verdicts: group(VERDICTS),
  /** The page shown for an address that does not exist. */
  'not-found': group(['title', 'body', 'home']),
});
export type UiTexts = z.infer<typeof UiTextsSchema>;
