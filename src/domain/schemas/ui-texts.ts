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
  /** Labels of the answers every question shares; `none` is a checklist's "None of these". */
  answers: group(['yes', 'partly', 'no', 'not-applicable', 'dont-know', 'none']),
  /**
   * The optional metrics step. When the visitor said which metrics they track, `tracked-first` introduces
   * the figures behind them (`tracked-none` when they track none of those), and `more` opens the other figures.
   */
  metrics: group([
    'title', 'intro', 'skip', 'segment', 'business-model', 'deal-size', 'choose', 'period', 'period-month',
    'period-year', 'not-computable', 'missing-inputs', 'group-churn', 'group-revenue', 'group-acquisition',
    'group-funnel', 'group-forecast', 'live-title', 'needs', 'currency', 'currency-none', 'read-as', 'which', 'check',
    'fix-first', 'tracked-first', 'tracked-none', 'more',
  ]),
  /** Names of the metric inputs (form labels). */
  inputs: group(METRIC_INPUT_FIELDS),
  /** Names of the computed metrics. */
  metric: group(METRIC_IDS),
  /** Messages for impossible or unreadable metric inputs, shown next to the field. */
  errors: group(METRIC_INPUT_ERRORS),
  /**
   * The results page. `{score}` is filled in. Why a computed metric has no verdict: `no-benchmark-metric`
   * (no sourced figure for the metric at all), `no-benchmark-model` (none for the visitor's business
   * model; `{model}` is its name), `no-benchmark-deal-size` (figures exist by deal size only, and
   * none was chosen), `no-benchmark-other-deal-size` (figures exist for other deal sizes than the
   * visitor's; `{dealSize}` is its name), `no-benchmark-choose-model` (no business model chosen);
   * `no-benchmark` is said for reports stored before these. `per-month`, `per-year`, `months` and
   * `days` write a benchmark's number in a verdict (`{value}`: "5,15 % al mes", "16 meses", "60 días"). `all-customers-lost` is said on churn when every customer
   * at the start left in the period; `forecast-error` states the forecast's error (`{error}`) beside its accuracy.
   * `unreadable` is shown on a permalink whose stored report cannot be read.
   */
  results: group([
    'title', 'description', 'no-results', 'unreadable', 'overall', 'out-of', 'dimensions', 'chart-caption', 'dimension', 'score', 'band',
    'not-scored', 'not-computable', 'findings', 'no-findings', 'recommendations', 'metrics', 'your-value', 'benchmark', 'source',
    'indicative', 'no-benchmark', 'no-benchmark-metric', 'no-benchmark-model', 'no-benchmark-deal-size', 'no-benchmark-choose-model',
    'no-benchmark-other-deal-size', 'per-month', 'per-year', 'months', 'days', 'all-customers-lost', 'forecast-error', 'no-metrics', 'dont-know-note', 'print', 'edit-answers',
  ]),
  /**
   * The "email me the full report" form on the results page. `{title}` is the
   * masterclass title from `content/offer.yaml`. The `error-*`, `required`,
   * `invalid*` and `must-consent` texts are shown next to a field or below the form.
   * `consent` (needed to email the report), `consent-contact` and `masterclass-opt-in` are three
   * separate boxes, unticked: a change to their wording changes the version stored with each choice.
   * `business-model` is asked only when the visitor skipped the numbers step.
   * `website` labels a trap field that only bots see.
   */
  lead: group([
    'title', 'intro', 'name', 'email', 'company', 'role', 'optional', 'consent', 'consent-contact', 'choices', 'privacy-note', 'privacy-link',
    'company-size', 'business-model', 'choose', 'masterclass-opt-in', 'submit', 'sending',
    'sent-title', 'sent-body', 'open-permalink', 'retrying', 'error-network', 'error-rate', 'error-invalid', 'required',
    'invalid', 'invalid-email', 'must-consent', 'website',
  ]),
  /** The masterclass sign-up page. */
  /**
   * The masterclass sign-up page, with its session picker: `{seats}` seats left; `done-session-body`
   * names the session (`{date}`, `{time}`); a full session takes sign-ups on its waitlist.
   */
  masterclass: group([
    'title', 'intro', 'name', 'email', 'consent', 'submit', 'done-title', 'done-body', 'already', 'choose-session', 'session-language-es',
    'session-language-pt', 'session-language-en', 'seats-left', 'seats-left-one', 'full-waitlist', 'no-sessions', 'error-session-gone',
    'done-session-body', 'waitlist-done-title', 'waitlist-done-body', 'add-to-calendar', 'add-to-google', 'add-to-outlook', 'add-to-office',
  ]),
  /**
   * A call with a consultant, offered on the results, the permalink and the report email: `book`
   * opens the booking page of `content/offer.yaml`; without one, the permalink's own form asks when
   * to call (`days`, `windows`; `time-zone` names the visitor's, `{zone}`) and `done-*` confirm it.
   * `request` on the results leads to that form. The `error-*` texts are shown beside a field.
   */
  call: group([
    'title', 'intro', 'book', 'request', 'days', 'day-mon', 'day-tue', 'day-wed', 'day-thu', 'day-fri', 'windows',
    'window-morning', 'window-midday', 'window-afternoon', 'time-zone', 'phone', 'phone-hint', 'submit', 'done-title',
    'done-body', 'error-days', 'error-windows', 'error-phone',
  ]),
  /**
   * "Erase my data" on a report's permalink (`title`, `intro`, `submit`, `sent`), and the page its
   * confirmation email links to (`confirm-*`, `done-*`; `invalid` and `expired` for a bad link).
   */
  erase: group(['title', 'intro', 'submit', 'sent', 'confirm-title', 'confirm-intro', 'confirm-submit', 'done-title', 'done-body', 'invalid', 'expired']),
  /** The page of the unsubscribe link in the emails: a button confirms it (`done-*` after; `invalid` for a bad link). */
  unsubscribe: group(['title', 'intro', 'submit', 'done-title', 'done-body', 'invalid']),
  /** The working shown with each metric: `given` for a figure taken as the visitor typed it (`{value}`: "30 %", "90 días"). */
  working: group(['given']),
  /**
   * What each verdict says, naming what it compares with (see `VerdictSchema` in `schemas/benchmark.ts`).
   * Say "better" / "worse" (or meets / misses), never "above" / "below": the code has already turned
   * the metric's direction into better or worse (lower churn is better). Placeholders, filled by the
   * report: `{population}` (the benchmark's `population`), `{source}` ("Recurly, 2019"; the publisher
   * alone when the source gives no year) and the figure's numbers in the metric's unit: `{median}`
   * (median verdicts and quartile verdicts), `{top}` / `{bottom}` (where the best / worst quarter
   * starts), `{average}`, `{target}`, `{low}` and `{high}` (a target range or a usual range). Use only the placeholders of the verdict's kind.
   */
  verdicts: group(VERDICTS),
  /** The page shown for an address that does not exist. */
  'not-found': group(['title', 'body', 'home']),
});
export type UiTexts = z.infer<typeof UiTextsSchema>;
