import { randomUUID } from 'node:crypto';
import { DEFAULT_LOCALE, localize, type Locale } from '../../domain/locale.ts';
import { METRIC_UNITS } from '../../domain/metrics.ts';
import { reportView, weakestDimension } from '../../domain/report-view.ts';
import { resultPath } from '../../domain/routes.ts';
import { CrmEventSchema, type CrmEvent, type CrmEventType, type CrmLead } from '../../domain/schemas/crm-event.ts';
import type { FirstTouch } from '../../domain/schemas/first-touch.ts';
import type { Questionnaire } from '../../domain/schemas/questionnaire.ts';
import { readStoredReport, type Report } from '../../domain/schemas/report.ts';
import { LocaleSchema } from '../../domain/schemas/text.ts';
import type { submissions } from '../db/schema.ts';

/** A stored submission, as the database returns it. */
export type SubmissionRow = typeof submissions.$inferSelect;

/** The event types that carry the whole lead (all but `lead.erased`). */
export type CrmLeadEventType = Exclude<CrmEventType, 'lead.erased'>;

export interface CrmEventOptions {
  /** The event id receivers deduplicate on; a new UUID by default. */
  id?: string;
  /** When it happened; now by default. */
  occurredAt?: Date;
}

const toLocale = (value: string): Locale => {
  const parsed = LocaleSchema.safeParse(value);
  return parsed.success ? parsed.data : DEFAULT_LOCALE;
};

/** Two decimals are more than any report shows, and keep `0.03 × 100` from arriving as 3.0000000000000004. */
const round2 = (value: number) => Math.round(value * 100) / 100;

/** The computed metrics of a Report in the payload's units: percentages as 0–100, the rest as computed. */
export function payloadMetrics(report: Pick<Report, 'metrics'>): Record<string, number> {
  const out: Record<string, number> = {};
  for (const metric of report.metrics) {
    if (metric.value === null) continue;
    out[metric.id] = round2(METRIC_UNITS[metric.id] === 'percent' ? metric.value * 100 : metric.value);
  }
  return out;
}

/**
 * The report in a few lines for a CRM note, in the report's language and as its view model words
 * it (overall line, weakest area, each area's line, the metrics the visitor's numbers allowed),
 * then the permalink.
 */
export function reportSummary(report: Report, questionnaire: Questionnaire, permalink: string | null): string {
  const locale = report.locale;
  const ui = localize(questionnaire.ui.results, locale);
  const workspace = localize(questionnaire.workspace, locale);
  const view = reportView(report, ui);
  const lines = [
    workspace.submission.report.replace('{language}', workspace.languages[locale]),
    `${ui.overall}: ${view.overall.line}`,
  ];
  if (view.weakest) lines.push(`${workspace.list.weakest}: ${view.weakest.name} (${view.weakest.score}/100)`);
  lines.push(`${ui.dimensions}:`, ...view.dimensions.map((d) => `- ${d.name}: ${d.line}`));
  const computed = view.metrics.filter((m) => m.computable);
  if (computed.length > 0) lines.push(`${ui.metrics}:`, ...computed.map((m) => `- ${m.name}: ${m.value}${m.verdict?.label ? ` (${m.verdict.label})` : ''}`));
  if (permalink) lines.push(permalink);
  return lines.join('\n');
}

/**
 * The lead as a stored submission describes it. `site` is the public address (SITE_URL) the
 * permalink starts with; `masterclassSession` the session chosen, when the lead signed up
 * (it lives in `masterclass_signups`). Meant for rows not erased: an erased row has no contact.
 */
export function leadFromSubmission(row: SubmissionRow, questionnaire: Questionnaire, site: string, extra: { masterclassSession?: string | null } = {}): CrmLead {
  const locale = toLocale(row.locale);
  const permalink = `${site.replace(/\/+$/, '')}${resultPath(locale, row.token)}`;
  const read = readStoredReport(row.report);
  const report = read.ok ? read.report : null;
  return {
    email: row.contactEmail,
    name: row.contactName.trim() || null,
    company: row.contactCompany?.trim() || null,
    role: row.contactRole?.trim() || null,
    companySize: row.companySize,
    locale,
    submissionId: row.id,
    permalink,
    submittedAt: row.createdAt.toISOString(),
    // A report that cannot be read still has its score and band in their own columns.
    overallScore: report ? report.overall.score : row.overallScore,
    band: report ? (report.overall.band?.id ?? null) : row.band,
    weakestDimension: report ? (weakestDimension(report.dimensions)?.id ?? null) : null,
    dimensionScores: report ? Object.fromEntries(report.dimensions.map((d) => [d.id, d.score])) : {},
    metrics: report ? payloadMetrics(report) : {},
    currency: report?.currency ?? null,
    businessModel: row.segment.businessModel ?? null,
    dealSize: row.segment.dealSize ?? null,
    status: row.status,
    masterclass: row.masterclass,
    masterclassSession: extra.masterclassSession ?? null,
    callRequestedAt: row.callRequestedAt?.toISOString() ?? null,
    firstTouch: row.firstTouch ?? null,
    summary: report ? reportSummary(report, questionnaire, permalink) : `${localize(questionnaire.workspace.submission['report-unreadable'], locale)}\n${permalink}`,
  };
}

function build(event: unknown): CrmEvent {
  // Version 1 is a promise to the receivers: an event that does not fit it is never stored.
  const parsed = CrmEventSchema.safeParse(event);
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0]!;
  throw new Error(`CRM event does not fit version 1: ${issue.path.join('.')}: ${issue.message}`);
}

/** An event carrying the whole lead. */
export function leadEvent(type: CrmLeadEventType, lead: CrmLead, options: CrmEventOptions = {}): CrmEvent {
  return build({ version: 1, id: options.id ?? randomUUID(), type, occurredAt: (options.occurredAt ?? new Date()).toISOString(), lead });
}

/**
 * An event about a stored submission: `lead.submitted`, `lead.status_changed`, `lead.call_requested`,
 * or `masterclass.registered` (the lead then counts as signed up, whatever the row says).
 * @example submissionEvent('lead.submitted', row, questionnaire, env.SITE_URL)
 */
export function submissionEvent(
  type: CrmLeadEventType,
  row: SubmissionRow,
  questionnaire: Questionnaire,
  site: string,
  options: CrmEventOptions & { masterclassSession?: string | null } = {},
): CrmEvent {
  const lead = leadFromSubmission(row, questionnaire, site, options);
  return leadEvent(type, type === 'masterclass.registered' ? { ...lead, masterclass: true } : lead, options);
}

/** A masterclass sign-up by someone who has not taken the diagnostic. */
export interface MasterclassSignupInput {
  email: string;
  name: string | null;
  locale: string;
  /** `sessions[].id` in content/offer.yaml, when one was chosen. */
  sessionId?: string | null;
  firstTouch?: FirstTouch | null;
}

/** `masterclass.registered` for a sign-up without a submission: only what the sign-up form asked. */
export function masterclassSignupEvent(signup: MasterclassSignupInput, options: CrmEventOptions = {}): CrmEvent {
  return leadEvent(
    'masterclass.registered',
    {
      email: signup.email,
      name: signup.name?.trim() || null,
      company: null,
      role: null,
      companySize: null,
      locale: toLocale(signup.locale),
      submissionId: null,
      permalink: null,
      submittedAt: null,
      overallScore: null,
      band: null,
      weakestDimension: null,
      dimensionScores: {},
      metrics: {},
      currency: null,
      businessModel: null,
      dealSize: null,
      status: null,
      masterclass: true,
      masterclassSession: signup.sessionId ?? null,
      callRequestedAt: null,
      firstTouch: signup.firstTouch ?? null,
      summary: '',
    },
    options,
  );
}

/**
 * `lead.erased`: only the address (read before the row's personal data is emptied), so each
 * receiver can find and erase the contact.
 */
export function erasureEvent(lead: { email: string; submissionId: string | null }, options: CrmEventOptions = {}): CrmEvent {
  return build({
    version: 1,
    id: options.id ?? randomUUID(),
    type: 'lead.erased',
    occurredAt: (options.occurredAt ?? new Date()).toISOString(),
    lead: { email: lead.email, submissionId: lead.submissionId },
  });
}
