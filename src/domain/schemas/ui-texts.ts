import { z } from 'astro/zod';
import { textGroup as group } from './text.ts';
import { METRIC_IDS, METRIC_INPUT_ERRORS, METRIC_INPUT_FIELDS } from '../metrics.ts';
import { VERDICTS } from '../benchmark.ts';
import { CHANGE_TEXT_KEYS } from '../change.ts';


export const UiTextsSchema = z.strictObject({
  site: group(['name', 'description', 'skip-to-content', 'language', 'footer']).meta({ description: "The site's name and its description for search engines." }),
  landing: group([
    'title', 'description', 'lead', 'duration', 'measures-title', 'gets-title', 'gets-scores', 'gets-benchmarks',
    'gets-recommendations', 'start', 'resume', 'privacy',
  ]).meta({ description: "The landing page. `{minutes}` is the diagnostic's computed length (see `content/duration.yaml`)." }),
  diagnostic: group([
    'title', 'description', 'progress', 'percent', 'remaining', 'remaining-optional', 'back', 'next', 'see-results', 'start-over',
    'start-over-confirm', 'unanswered', 'question-count',
  ]).meta({
    description:
      "The diagnostic's steps. `{step}`, `{total}`, `{percent}`, `{minutes}` are filled in. " +
      '`remaining` shows the minutes left for the questions; `remaining-optional` replaces it ' +
      'once every question is answered (the numbers step is optional and not timed).',
  }),
  answers: group(['yes', 'partly', 'no', 'not-applicable', 'dont-know', 'none']).meta({
    description: 'Labels of the answers every question shares; `none` is a checklist\'s "None of these".',
  }),
  metrics: group([
    'title', 'intro', 'skip', 'segment', 'business-model', 'deal-size', 'choose', 'period', 'period-month',
    'period-year', 'not-computable', 'missing-inputs', 'group-churn', 'group-revenue', 'group-acquisition',
    'group-funnel', 'group-forecast', 'live-title', 'needs', 'currency', 'currency-none', 'read-as', 'which', 'check',
    'fix-first', 'tracked-first', 'tracked-none', 'more',
  ]).meta({
    description:
      'The optional metrics step. When the visitor said which metrics they track, `tracked-first` introduces ' +
      'the figures behind them (`tracked-none` when they track none of those), and `more` opens the other figures.',
  }),
  inputs: group(METRIC_INPUT_FIELDS).meta({ description: 'Names of the metric inputs (form labels).' }),
  metric: group(METRIC_IDS).meta({ description: 'Names of the computed metrics.' }),
  errors: group(METRIC_INPUT_ERRORS).meta({ description: 'Messages for impossible or unreadable metric inputs, shown next to the field.' }),
  results: group([
    'title', 'description', 'no-results', 'unreadable', 'overall', 'out-of', 'dimensions', 'chart-caption', 'dimension', 'score', 'band',
    'not-scored', 'not-computable', 'findings', 'no-findings', 'recommendations', 'metrics', 'your-value', 'benchmark', 'source',
    'indicative', 'no-benchmark', 'no-benchmark-metric', 'no-benchmark-model', 'no-benchmark-deal-size', 'no-benchmark-choose-model',
    'no-benchmark-other-deal-size', 'per-month', 'per-year', 'months', 'days', 'all-customers-lost', 'forecast-error', 'no-metrics', 'dont-know-note', 'print', 'edit-answers',
    'download-pdf', 'download-pdf-error',
    'plan', 'this-month', 'this-quarter', 'plan-details', 'call-second', 'revise', 'you', 'better',
  ]).meta({
    description:
      'The results page. `{score}` is filled in. Why a computed metric has no verdict: `no-benchmark-metric` ' +
      "(no sourced figure for the metric at all), `no-benchmark-model` (none for the visitor's business " +
      'model; `{model}` is its name), `no-benchmark-deal-size` (figures exist by deal size only, and ' +
      'none was chosen), `no-benchmark-other-deal-size` (figures exist for other deal sizes than the ' +
      "visitor's; `{dealSize}` is its name), `no-benchmark-choose-model` (no business model chosen); " +
      '`no-benchmark` is said for reports stored before these. `per-month`, `per-year`, `months` and ' +
      '`days` write a benchmark\'s number in a verdict (`{value}`: "5,15 % al mes", "16 meses", "60 días"). `all-customers-lost` is said on churn when every customer ' +
      "at the start left in the period; `forecast-error` states the forecast's error (`{error}`) beside its accuracy. " +
      '`unreadable` is shown on a permalink whose stored report cannot be read. ' +
      'The short plan under the score: `plan` (its heading), `this-month` and `this-quarter` (when to do ' +
      'each item), `plan-details` (the link to the recommendations in full). What the page leads with ' +
      "after it, by the overall band's `nextStep` (content/bands.yaml): the `call` texts for a call, or the " +
      'masterclass with `call-second` offering the call beneath it. `revise` is the ' +
      'link from an area to its step of the diagnostic (`{area}`: its name). `you` and `better` label a ' +
      "metric's scale: the visitor's dot, and the better end. " +
      '`download-pdf` is the button that downloads the report as a PDF; `download-pdf-error` is said when it fails.',
  }),
  peers: group(['title', 'ahead-segment', 'ahead-all', 'dimension-ahead', 'sample', 'sample-none', 'missing', 'missing-one']).meta({
    description:
      'The comparison with other companies on the results, the permalink and the report email ' +
      '(`src/domain/peers.ts`; the minimum sample is in content/segments.yaml). `{percent}` comes ' +
      'written the language\'s way ("62 %"); `{sample}`, `{minimum}`, `{needed}` are counts of ' +
      "diagnostics, `{segment}` a business model's label, `{dimension}` an area's name, `{start}` and " +
      "`{end}` the first and last day counted. `ahead-segment` compares within the visitor's business " +
      'model, `ahead-all` with every company; `sample` (or `sample-none`, with none yet) is always ' +
      'shown; `missing` (`missing-one` for one) replaces the percentages below the minimum.',
  }),
  lead: group([
    'title', 'intro', 'name', 'email', 'company', 'role', 'optional', 'consent', 'consent-contact', 'choices', 'privacy-note', 'privacy-link',
    'company-size', 'business-model', 'choose', 'masterclass-opt-in', 'submit', 'sending',
    'sent-title', 'sent-body', 'open-permalink', 'retrying', 'error-network', 'error-rate', 'error-invalid', 'required',
    'invalid', 'invalid-email', 'must-consent', 'website',
  ]).meta({
    description:
      'The "email me the full report" form on the results page. `{title}` is the ' +
      'masterclass title from `content/offer.yaml`. The `error-*`, `required`, ' +
      '`invalid*` and `must-consent` texts are shown next to a field or below the form. ' +
      '`consent` (needed to email the report), `consent-contact` and `masterclass-opt-in` are three ' +
      'separate boxes, unticked: a change to their wording changes the version stored with each choice. ' +
      '`business-model` is asked only when the visitor skipped the numbers step. ' +
      '`website` labels a trap field that only bots see.',
  }),
  masterclass: group([
    'title', 'intro', 'name', 'email', 'consent', 'submit', 'done-title', 'done-body', 'already', 'choose-session', 'session-language-es',
    'session-language-pt', 'session-language-en', 'seats-left', 'seats-left-one', 'full-waitlist', 'no-sessions', 'error-session-gone',
    'done-session-body', 'waitlist-done-title', 'waitlist-done-body', 'add-to-calendar', 'add-to-google', 'add-to-outlook', 'add-to-office',
  ]).meta({
    description:
      'The masterclass sign-up page, with its session picker: `{seats}` seats left; `done-session-body` ' +
      'names the session (`{date}`, `{time}`); a full session takes sign-ups on its waitlist.',
  }),
  call: group([
    'title', 'intro', 'book', 'request', 'days', 'day-mon', 'day-tue', 'day-wed', 'day-thu', 'day-fri', 'windows',
    'window-morning', 'window-midday', 'window-afternoon', 'time-zone', 'phone', 'phone-hint', 'submit', 'done-title',
    'done-body', 'error-days', 'error-windows', 'error-phone',
  ]).meta({
    description:
      'A call with a consultant, offered on the results, the permalink and the report email: `book` ' +
      "opens the booking page of `content/offer.yaml`; without one, the permalink's own form asks when " +
      "to call (`days`, `windows`; `time-zone` names the visitor's, `{zone}`) and `done-*` confirm it. " +
      '`request` on the results leads to that form. The `error-*` texts are shown beside a field.',
  }),
  erase: group(['title', 'intro', 'submit', 'sent', 'confirm-title', 'confirm-intro', 'confirm-submit', 'done-title', 'done-body', 'invalid', 'expired']).meta({
    description:
      '"Erase my data" on a report\'s permalink (`title`, `intro`, `submit`, `sent`), and the page its ' +
      'confirmation email links to (`confirm-*`, `done-*`; `invalid` and `expired` for a bad link).',
  }),
  share: group([
    'title', 'intro', 'create', 'link', 'copy', 'copied', 'revoke', 'revoked', 'page-title', 'page-intro', 'og-description',
    'og-not-assessed', 'overall', 'dimensions', 'plan', 'out-of', 'cta',
  ]).meta({
    description:
      '"Share your results" on a report\'s permalink (`title`, `intro`, `create`, the link shown with ' +
      '`link` and `copy`/`copied`, `revoke`, `revoked`), and the public page the link opens (`page-*`, ' +
      'with `og-description` for the preview that LinkedIn, X and WhatsApp show: `{score}` out of 100 ' +
      'and `{band}`; `og-not-assessed` when there was no overall score). Say plainly that the link shows ' +
      'the scores only, never the name, email, company or figures. `overall`, `dimensions`, `plan` and ' +
      '`out-of` ("de 100") label the scores; `cta` invites the reader to take the diagnostic.',
  }),
  unsubscribe: group(['title', 'intro', 'submit', 'done-title', 'done-body', 'invalid']).meta({
    description: 'The page of the unsubscribe link in the emails: a button confirms it (`done-*` after; `invalid` for a bad link).',
  }),
  working: group(['given']).meta({
    description: 'The working shown with each metric: `given` for a figure taken as the visitor typed it (`{value}`: "30 %", "90 días").',
  }),
  verdicts: group(VERDICTS).meta({
    description:
      'What each verdict says, naming what it compares with (see `VerdictSchema` in `schemas/benchmark.ts`). ' +
      'Say "better" / "worse" (or meets / misses), never "above" / "below": the code has already turned ' +
      "the metric's direction into better or worse (lower churn is better). Placeholders, filled by the " +
      'report: `{population}` (the benchmark\'s `population`), `{source}` ("Recurly, 2019"; the publisher ' +
      "alone when the source gives no year) and the figure's numbers in the metric's unit: `{median}` " +
      '(median verdicts and quartile verdicts), `{top}` / `{bottom}` (where the best / worst quarter ' +
      "starts), `{average}`, `{target}`, `{low}` and `{high}` (a target range or a usual range). Use only the placeholders of the verdict's kind.",
  }),
  change: group(CHANGE_TEXT_KEYS).meta({
    description:
      "What changed since the visitor's previous diagnostic, on the results, the permalink and the report " +
      'email (`src/domain/change.ts`). `title` heads it; `summary` says the overall change (`{date}` of the ' +
      'previous one, `{points}` is `points` or `points-one` filled with the signed change: "+8 puntos"), ' +
      '`summary-same` when the overall score did not move, `summary-none` when either had no overall score. ' +
      '`points` / `points-one` (exactly one) and `percent-points` (a rate\'s change: "1,2 p. p.") write an ' +
      'amount (`{value}`); `up` / `down` say a move in words for screen readers and plain text (`{value}`: ' +
      "the amount), `same` no move; `better` / `worse` follow a metric's move (lower churn is better). " +
      '`retake` is the "take it again" link of the permalink and the email, introduced by `retake-intro`; ' +
      '`prefilled` tells the diagnostic that the previous answers (`{date}`) are filled in.',
  }),
  'not-found': group(['title', 'body', 'home']).meta({ description: 'The page shown for an address that does not exist.' }),
}).meta({
  description:
    '`content/ui.yaml`: every text of the pages that is not a question, band, ' +
    'recommendation, rule, benchmark or offer. `{placeholders}` in braces are ' +
    'filled in by the page; keep them as they are.',
});
export type UiTexts = z.infer<typeof UiTextsSchema>;
