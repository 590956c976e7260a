import { z } from 'astro/zod';
import { textGroup as group } from './text.ts';
import { LOCALES } from '../locale.ts';
import { LEAD_STATUSES } from '../lead-status.ts';
import { FUNNEL_STAGES } from '../funnel.ts';

/**
 * The workspace list's filters, as named in its address (`?from=…&status=…`): each has
 * its own message in `filter-errors` when a hand-edited address gives it a bad value.
 */
export const WORKSPACE_FILTER_FIELDS = [
  'from', 'to', 'band', 'businessModel', 'dealSize', 'locale', 'masterclass', 'call', 'status', 'dimension', 'below', 'q', 'source', 'page',
] as const;

export const WorkspaceTextsSchema = z.strictObject({
  layout: group(['title', 'brand', 'skip-to-content', 'nav', 'nav-list', 'nav-funnel', 'nav-masterclass', 'sign-out', 'language']).meta({
    description:
      "The frame of every workspace page. `{page}` is the page's title (`title`); `{email}` is the " +
      "signed-in consultant's address. `language` names the language switch for screen readers.",
  }),
  languages: group(LOCALES).meta({ description: 'The name of each language, written in the consultant\'s language ("Portugués" in Spanish).' }),
  status: group(LEAD_STATUSES).meta({ description: 'Where a lead stands, one name per status, in pipeline order.' }),
  common: group(['yes', 'no', 'all', 'any', 'none']).meta({ description: 'Words several pages share.' }),
  'sign-in': group(['title', 'intro', 'email', 'submit', 'sent', 'invalid', 'rate-limited', 'unavailable']).meta({
    description: "The consultants' sign-in page. `{minutes}` is how long a link stays valid.",
  }),
  list: group([
    'title', 'filters', 'search', 'from', 'to', 'band', 'business-model', 'deal-size', 'language', 'masterclass', 'call', 'status',
    'dimension', 'below', 'clear', 'export', 'filter', 'total-one', 'total-other', 'name', 'company', 'email', 'date',
    'score', 'weakest', 'pages', 'previous', 'next', 'source',
  ]).meta({
    description:
      'The list of diagnostics and its filters. `{count}`, `{page}` and `{pages}` are filled in; `total-one` ' +
      'is said for exactly one diagnostic, `total-other` for any other number. `{score}` is a 0–100 score.',
  }),
  'filter-errors': group(WORKSPACE_FILTER_FIELDS).meta({ description: 'What is wrong with a filter of the list, one text per filter (see `WORKSPACE_FILTER_FIELDS`).' }),
  submission: group([
    'not-found-title', 'not-found', 'back-to-list', 'back', 'contact', 'email', 'company', 'role', 'language', 'consent',
    'masterclass', 'call', 'call-when', 'call-phone', 'call-time-zone', 'call-not-given', 'version', 'follow-up', 'status', 'save-status', 'note', 'add-note', 'resend', 'history', 'no-activity',
    'status-change', 'resent', 'report', 'answers', 'dimension', 'question', 'answer', 'inputs', 'period', 'period-month',
    'period-year', 'currency', 'no-inputs', 'done-status', 'done-note', 'done-resend', 'error-not-found', 'error-status',
    'error-note', 'error-action', 'report-unreadable', 'fit', 'fit-segment', 'fit-size', 'fit-weakest', 'fit-metrics', 'fit-no-metrics',
    'consent-report', 'consent-contact', 'consent-masterclass', 'consent-given', 'consent-not-given', 'unsubscribed', 'no-contact',
    'source', 'source-direct', 'erase-title', 'erase-intro', 'erase-confirm', 'erase-submit', 'erased', 'erased-title', 'done-erase', 'error-erase',
    'crm', 'crm-delivered', 'crm-retrying', 'crm-failed', 'crm-queued', 'emails', 'email-sent', 'email-waiting', 'email-dropped',
    'state-sent', 'state-delivery_delayed', 'state-delivered', 'state-failed', 'state-suppressed', 'state-bounced', 'state-complained',
  ]).meta({
    description:
      "A diagnostic's page. `{email}` is the visitor's address; `{from}` and `{to}` are statuses; " +
      '`{language}` is the language the visitor took the diagnostic in. `done-*` confirm an action; ' +
      '`error-*` say why one was refused; `report-unreadable` replaces a stored report that cannot be read. ' +
      '`fit-*` head the page with what qualifies the lead; `consent-given` shows when a choice was made ' +
      '(`{time}`) and the version of the text the visitor read (`{version}`); `erased` (`{time}`) replaces ' +
      'the contact once the personal data is erased. `crm-*` say where each CRM or webhook delivery stands ' +
      '(`{time}`, `{attempts}`, `{error}`).',
  }),
  funnel: group([
    'title', 'period', 'from', 'to', 'show', 'privacy', 'duration', 'estimated', 'real', 'minutes', 'no-visits',
    'real-value-one', 'real-value-other', 'chart-title', 'chart-empty', 'totals-caption', 'stage', 'visits',
    'share-of-started', ...FUNNEL_STAGES, 'steps-caption', 'step', 'step-visits', 'step-number', 'days-caption', 'day',
    'language', 'period-total', 'days-note',
  ]).meta({
    description:
      'The funnel page. `{minutes}` and `{seconds}` are filled in; `{visits}` is how many visits the ' +
      'median is taken over (`real-value-one` for exactly one visit, `real-value-other` otherwise). ' +
      'The chart names each stage by its event (`started`, `completed`, `report_requested`, `masterclass`); ' +
      "`{step}` in `step-number` is a step's number when its name is unknown.",
  }),
  timeline: group(['title', 'intro', 'date', 'score', 'change', 'current', 'first']).meta({
    description:
      "A company's history on a diagnostic's page: every diagnostic sent from the same email, oldest " +
      "first, with its score and its change since the one before (the badge's words come from `change` " +
      'in content/ui.yaml). `{email}` is the address; `current` marks the diagnostic shown; ' +
      '`first` stands in the change column of the first one. Each date links to its diagnostic.',
  }),
  masterclass: group([
    'title', 'intro', 'export', 'no-session', 'unknown-session', 'seats', 'waitlist', 'empty', 'name', 'email', 'language', 'signed-up',
    'diagnostic', 'open', 'on-waitlist',
  ]).meta({ description: 'The masterclass sign-ups page, by session; `{count}`, `{capacity}` and `{id}` are filled in.' }),
  team: group([
    'nav', 'title', 'intro', 'members', 'name', 'email', 'role', 'since', 'invited-by', 'seeded', 'you', 'role-owner', 'role-consultant',
    'owner-only', 'invite-title', 'invite-intro', 'invite-submit', 'remove', 'remove-label', 'done-invited', 'done-invited-no-link',
    'done-removed', 'error-email', 'error-taken', 'error-name', 'error-role', 'error-last-owner', 'error-not-on-team', 'error-forbidden',
    'error-action', 'assign-label', 'assign-nobody', 'assign-submit', 'assign-removed', 'activity-assigned', 'activity-unassigned',
    'done-assigned', 'error-assign',
  ]).meta({
    description:
      'The team page: who may sign in; owners see the forms to invite and remove consultants. `{email}` ' +
      "is a consultant's address and `{link}` the sign-in page's. `done-*` confirm a change, `error-*` " +
      'say why one was refused (shown beside the field). `assign-*` are the "assigned to" form of a ' +
      "diagnostic's page, `activity-*` its line in the history.",
  }),
  preview: group(['nav', 'title', 'intro', 'dimensions', 'metrics', 'metrics-poor', 'metrics-good', 'all', 'result', 'unreachable']).meta({
    description:
      'The results preview (/consultants/preview/): any results page as a prospect would see it. `{language}` is the ' +
      'language shown; in `unreachable`, `{area}` is the overall level or an area, `{target}` what was asked, `{got}` the nearest score.',
  }),
}).meta({
  description:
    "`content/workspace.yaml`: every text of the consultants' workspace (sign-in, the list of " +
    "diagnostics, a diagnostic's page, the funnel), in the language the consultant picks. " +
    '`{placeholders}` in braces are filled in by the page; keep them as they are.',
});
export type WorkspaceTexts = z.infer<typeof WorkspaceTextsSchema>;
