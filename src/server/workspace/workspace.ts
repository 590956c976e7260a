import { z } from 'astro/zod';
import { and, count, desc, eq, gte, ilike, inArray, isNotNull, isNull, lt, or, sql, type SQL } from 'drizzle-orm';
import { isLocale, LOCALES } from '../../domain/locale.ts';
import { IdSchema } from '../../domain/schemas/dimension.ts';
import { WORKSPACE_FILTER_FIELDS } from '../../domain/schemas/workspace-texts.ts';
import { METRIC_IDS } from '../../domain/metrics.ts';
import type { Report } from '../../domain/report.ts';
import { readStoredDimensions, readStoredFigures, readStoredReport } from '../../domain/schemas/report.ts';
import type { Questionnaire } from '../../domain/schemas/questionnaire.ts';
import type { Segment } from '../../domain/schemas/segment.ts';
import type { Db } from '../db/client.ts';
import { crmDeliveries, emailSuppressions, masterclassSignups, outbox, submissionActivity, submissions } from '../db/schema.ts';
import type { MasterclassSession } from '../../domain/schemas/offer.ts';
import { crmDeliveryRows, submissionEvent, type CrmTarget } from '../crm/index.ts';
import { reportEmail } from '../email/index.ts';
import { outboxRow } from '../outbox/index.ts';
import { reportPdfAttachment } from '../report-pdf/index.ts';
import { changeFor, eraseSubmission } from '../leads/index.ts';
import { retakePath } from '../../domain/retake.ts';
import { assignLead, ConsultantError } from '../consultants/index.ts';
import { resultPath } from '../../domain/routes.ts';
import { weakestDimension } from '../../domain/report-view.ts';
import { isLeadStatus, LEAD_STATUSES, type LeadStatus } from '../../domain/lead-status.ts';
import { MAX_REQUEST_BODY_BYTES } from '../lib/body.ts';
import { emailHash, unsubscribeLinks } from '../lib/signed-links.ts';
import { ok, readForm, type Outcome } from '../lib/form.ts';

/** A stored submission, every column. */
export type SubmissionRow = typeof submissions.$inferSelect;
/** One entry of a submission's history in the workspace. */
export type ActivityRow = typeof submissionActivity.$inferSelect;
/**
 * A submission as its page shows it, with its history. `report` is the stored Report in today's
 * shape, or `null` when it cannot be read (`reportError` says where), so the rest still shows.
 */
export type SubmissionDetail = Omit<SubmissionRow, 'report'> & { report: Report | null; reportError: string | null; activity: ActivityRow[] };

/** Thrown by the workspace actions; `not-found` maps to 404, `invalid` to 400 naming `field`. */
export class WorkspaceError extends Error {
  readonly code: 'not-found' | 'invalid';
  readonly field: string | undefined;
  constructor(code: 'not-found' | 'invalid', message: string, field?: string) {
    super(message);
    this.name = 'WorkspaceError';
    this.code = code;
    this.field = field;
  }
}

// ---------------------------------------------------------------------------
// Filters

const DAY_MS = 86_400_000;

/** A real calendar day written YYYY-MM-DD (2025-02-30 is refused). */
function isIsoDay(day: string): boolean {
  const time = Date.parse(`${day}T00:00:00Z`);
  return /^\d{4}-\d{2}-\d{2}$/.test(day) && !Number.isNaN(time) && new Date(time).toISOString().startsWith(day);
}
// One check, so a bad day gets one message rather than a format and a calendar complaint.
const isoDay = z.string().refine(isIsoDay, 'must be a date as YYYY-MM-DD, e.g. 2025-02-28');

/** Drops blank values: an empty form field means "no filter". Accepts URLSearchParams as they come. */
function withoutBlanks(input: unknown): unknown {
  const entries = input instanceof URLSearchParams ? [...input.entries()] : typeof input === 'object' && input !== null ? Object.entries(input) : null;
  if (!entries) return input;
  return Object.fromEntries(entries.filter(([, value]) => value !== undefined && value !== null && !(typeof value === 'string' && value.trim() === '')));
}

/**
 * The workspace list's filters, parsed from the page's URL search params
 * (`Object.fromEntries(url.searchParams)` or the URLSearchParams itself).
 * Every field is optional; an empty value means "not filtered". Unknown params are ignored.
 */
export const SubmissionFiltersSchema = z.preprocess(
  withoutBlanks,
  z
    .object({
      /** First day included, YYYY-MM-DD in UTC. */
      from: isoDay.optional(),
      /** Last day included, YYYY-MM-DD in UTC. */
      to: isoDay.optional(),
      /** Overall band id, e.g. `developing`. */
      band: IdSchema.optional(),
      /** Segment business model id, e.g. `saas`. */
      businessModel: IdSchema.optional(),
      /** Segment deal size id, e.g. `acv-under-12k`. */
      dealSize: IdSchema.optional(),
      /** The language the diagnostic was taken in. */
      locale: z.enum(LOCALES, { error: `must be one of: ${LOCALES.join(', ')}` }).optional(),
      /** Whether the visitor also asked for the masterclass. */
      masterclass: z.enum(['yes', 'no'], { error: 'must be yes or no' }).optional(),
      /** Whether the prospect asked for a call (the permalink's "request a call" form). */
      call: z.enum(['yes', 'no'], { error: 'must be yes or no' }).optional(),
      /** Where the lead stands, e.g. `new`. */
      status: z.enum(LEAD_STATUSES, { error: `must be one of: ${LEAD_STATUSES.join(', ')}` }).optional(),
      /** Dimension id whose score must be under `below`. */
      dimension: IdSchema.optional(),
      /** 0–100: only submissions scoring under this in `dimension` (unscored dimensions never match). */
      below: z.coerce
        .number({ error: 'must be a number from 0 to 100' })
        .min(0, 'must be a number from 0 to 100')
        .max(100, 'must be a number from 0 to 100')
        .optional(),
      /** Part of the name, email or company, any case. */
      q: z.string().trim().max(200, 'must be at most 200 characters').optional(),
      /** Where the lead came from: part of its first touch's `utm_source` or referring site, any case (`linkedin`). */
      source: z.string().trim().max(200, 'must be at most 200 characters').optional(),
      /** 1-based page of the list. */
      page: z.coerce
        .number({ error: 'must be a whole number, 1 or more' })
        .int('must be a whole number, 1 or more')
        .min(1, 'must be a whole number, 1 or more')
        .default(1),
    })
    .superRefine(
      (filters, ctx) => {
        if (filters.below !== undefined && filters.dimension === undefined)
          ctx.addIssue({ code: 'custom', path: ['below'], message: 'needs a dimension: choose which dimension must score below it' });
        if (filters.dimension !== undefined && filters.below === undefined)
          ctx.addIssue({ code: 'custom', path: ['below'], message: 'required when a dimension is chosen: the score (0–100) it must be below' });
        if (filters.from && filters.to && isIsoDay(filters.from) && isIsoDay(filters.to) && filters.from > filters.to)
          ctx.addIssue({ code: 'custom', path: ['to'], message: 'must not be before from' });
      },
      // Also when another field failed, so the form shows every problem at once (fields may then be raw input).
      { when: () => true },
    ),
);
export type SubmissionFilters = z.infer<typeof SubmissionFiltersSchema>;

/** The filters, in the order of their links; the same list names their error texts (content/workspace.yaml `filter-errors`). */
const FILTER_KEYS = WORKSPACE_FILTER_FIELDS satisfies readonly (keyof SubmissionFilters)[];

/**
 * The filters as search params for a link, in a fixed order, leaving out unset
 * ones and page 1.
 * @example `?${filtersToSearchParams({ ...filters, page: filters.page + 1 })}`
 */
export function filtersToSearchParams(filters: Partial<SubmissionFilters>): URLSearchParams {
  const params = new URLSearchParams();
  for (const key of FILTER_KEYS) {
    const value = filters[key];
    if (value === undefined || value === '' || (key === 'page' && value === 1)) continue;
    params.set(key, String(value));
  }
  return params;
}

/** Escapes LIKE's wildcards so a search for `50%` finds the text "50%". */
function likePattern(text: string): string {
  return `%${text.replace(/[\\%_]/g, '\\$&')}%`;
}

function whereFor(filters: Partial<SubmissionFilters>): SQL | undefined {
  // An erased lead is no longer a lead: only its anonymous scores remain, for the statistics.
  const conditions: (SQL | undefined)[] = [isNull(submissions.erasedAt)];
  if (filters.from) conditions.push(gte(submissions.createdAt, new Date(`${filters.from}T00:00:00Z`)));
  if (filters.to) conditions.push(lt(submissions.createdAt, new Date(Date.parse(`${filters.to}T00:00:00Z`) + DAY_MS)));
  if (filters.band) conditions.push(eq(submissions.band, filters.band));
  // `business_model` and `deal_size` are the segment's own fields, kept by the database (schema.ts).
  if (filters.businessModel) conditions.push(eq(submissions.businessModel, filters.businessModel));
  if (filters.dealSize) conditions.push(eq(submissions.dealSize, filters.dealSize));
  if (filters.locale) conditions.push(eq(submissions.locale, filters.locale));
  if (filters.masterclass) conditions.push(eq(submissions.masterclass, filters.masterclass === 'yes'));
  if (filters.call) conditions.push(filters.call === 'yes' ? isNotNull(submissions.callRequestedAt) : isNull(submissions.callRequestedAt));
  if (filters.status) conditions.push(eq(submissions.status, filters.status));
  if (filters.dimension !== undefined && filters.below !== undefined) {
    // `dimension_scores` holds each dimension's score of the stored Report by id: read from the list's index, not from every Report.
    conditions.push(sql`(${submissions.dimensionScores}->>${filters.dimension}::text)::numeric < ${filters.below}::numeric`);
  }
  if (filters.source) {
    // The first touch's `source` and `referrer`, kept by the database in columns of their own (schema.ts).
    const pattern = likePattern(filters.source);
    conditions.push(or(ilike(submissions.firstTouchSource, pattern), ilike(submissions.firstTouchReferrer, pattern)));
  }
  if (filters.q) {
    const pattern = likePattern(filters.q);
    conditions.push(or(ilike(submissions.contactName, pattern), ilike(submissions.contactEmail, pattern), ilike(submissions.contactCompany, pattern)));
  }
  return and(...conditions);
}

// ---------------------------------------------------------------------------
// Queries

/** One line of the workspace list. */
export interface SubmissionListRow {
  id: string;
  createdAt: Date;
  name: string;
  email: string;
  company: string | null;
  locale: string;
  overallScore: number | null;
  /** Overall band id. */
  band: string | null;
  /** Overall band label, in the submission's language, as the visitor read it. */
  bandLabel: string | null;
  /** The lowest-scored dimension (the first in questionnaire order on a tie); `null` when none was scored. */
  weakest: { id: string; name: string; score: number } | null;
  masterclass: boolean;
  /** When the prospect asked for a call; `null` if they did not. */
  callRequestedAt: Date | null;
  status: LeadStatus;
  segment: Segment;
}

export interface SubmissionPage {
  rows: SubmissionListRow[];
  /** Submissions matching the filters, on all pages. */
  total: number;
  page: number;
  /** At least 1, so an empty list still reads "page 1 of 1". */
  pageCount: number;
}

/** node-postgres and PGlite both parse jsonb, but a raw `sql` column may arrive as text on other drivers. */
const jsonValue = (value: unknown) => (typeof value === 'string' ? JSON.parse(value) : value);


const orderNewestFirst = [desc(submissions.createdAt), desc(submissions.id)];

/**
 * The workspace list: filtered in SQL, newest first, one page. The page's ids are found first, in
 * the list's index (`submissions_list_idx`, which holds every filtered column but the names, emails
 * and companies searched, which have trigram indexes), and only those rows are read: a far page or
 * a rare filter reads no row it does not show. The total is counted from the same index.
 */
export async function listSubmissions(db: Db, filters: Partial<SubmissionFilters>, { pageSize = 25 }: { pageSize?: number } = {}): Promise<SubmissionPage> {
  const where = whereFor(filters);
  const page = filters.page ?? 1;
  const pageIds = db
    .select({ id: submissions.id })
    .from(submissions)
    .where(where)
    .orderBy(...orderNewestFirst)
    .limit(pageSize)
    .offset((page - 1) * pageSize);
  const counting = db.select({ n: count() }).from(submissions).where(where);
  const reading = db
    .select({
      id: submissions.id,
      createdAt: submissions.createdAt,
      name: submissions.contactName,
      email: submissions.contactEmail,
      company: submissions.contactCompany,
      locale: submissions.locale,
      overallScore: submissions.overallScore,
      band: submissions.band,
      bandLabel: sql<string | null>`${submissions.report}->'overall'->'band'->>'label'`,
      // Only the dimensions leave the database, not the whole Report with its metrics and texts.
      dimensions: sql<unknown>`${submissions.report}->'dimensions'`.mapWith(jsonValue),
      masterclass: submissions.masterclass,
      callRequestedAt: submissions.callRequestedAt,
      status: submissions.status,
      segment: submissions.segment,
    })
    .from(submissions)
    .where(inArray(submissions.id, pageIds))
    .orderBy(...orderNewestFirst);
  const [[counted], found] = await Promise.all([counting, reading]);
  const total = counted?.n ?? 0;
  const rows = found.map(({ dimensions, status, ...row }) => ({ ...row, status: status as LeadStatus, weakest: weakestDimension(readStoredDimensions(dimensions)) }));
  return { rows, total, page, pageCount: Math.max(1, Math.ceil(total / pageSize)) };
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** One submission with its activity, newest first; `null` when there is none with that id (or it is not a UUID). */
export async function getSubmission(db: Db, id: string): Promise<SubmissionDetail | null> {
  if (!UUID.test(id)) return null;
  const [[row], activity] = await Promise.all([
    db.select().from(submissions).where(eq(submissions.id, id)),
    db.select().from(submissionActivity).where(eq(submissionActivity.submissionId, id)).orderBy(desc(submissionActivity.createdAt), desc(submissionActivity.id)),
  ]);
  if (!row) return null;
  const read = readStoredReport(row.report);
  if (!read.ok) console.error(`[workspace] submission ${row.id}: stored report unreadable: ${read.error}`);
  return { ...row, report: read.ok ? read.report : null, reportError: read.ok ? null : read.error, activity };
}

// ---------------------------------------------------------------------------
// Actions

function notFound(id: string): WorkspaceError {
  return new WorkspaceError('not-found', `No submission with id ${id}`);
}

/**
 * Moves a submission to another status and records who did it, in one
 * transaction. Setting the status it already has changes and records nothing.
 * @throws WorkspaceError `invalid` for an unknown status, `not-found` for an unknown submission
 */
export async function changeStatus(
  db: Db,
  id: string,
  to: string,
  actor: string,
  /** Where the change is passed on (`lead.status_changed`), when the lead agreed to be contacted. */
  crm?: { targets: readonly CrmTarget[]; questionnaire: Questionnaire; siteUrl: string },
): Promise<{ changed: boolean; from: LeadStatus; to: LeadStatus }> {
  if (!isLeadStatus(to)) throw new WorkspaceError('invalid', `Unknown status "${to}": must be one of ${LEAD_STATUSES.join(', ')}`, 'status');
  if (!UUID.test(id)) throw notFound(id);
  return db.transaction(async (tx) => {
    // Locked, so two consultants changing it at once record a consistent from → to chain.
    const [current] = await tx.select({ status: submissions.status }).from(submissions).where(eq(submissions.id, id)).for('update');
    if (!current) throw notFound(id);
    const from = current.status as LeadStatus;
    if (from === to) return { changed: false, from, to };
    const [row] = await tx.update(submissions).set({ status: to }).where(eq(submissions.id, id)).returning();
    if (crm) {
      const rows = crmDeliveryRows(submissionEvent('lead.status_changed', row!, crm.questionnaire, crm.siteUrl.replace(/\/$/, '')), crm.targets, id, row!.consents);
      if (rows.length > 0) await tx.insert(crmDeliveries).values(rows);
    }
    await tx.insert(submissionActivity).values({ submissionId: id, actor, kind: 'status', fromStatus: from, toStatus: to });
    return { changed: true, from, to };
  });
}

/** A consultant's note on a submission: trimmed, 1–5000 characters. */
export const NoteSchema = z
  .string({ error: 'required' })
  .trim()
  .min(1, 'required: write something')
  .max(5000, 'must be at most 5000 characters');

/**
 * Adds a note to a submission's history.
 * @throws WorkspaceError `invalid` (field `note`) for an empty or too long note, `not-found` for an unknown submission
 */
export async function addNote(db: Db, id: string, note: string, actor: string): Promise<ActivityRow> {
  const parsed = NoteSchema.safeParse(note);
  if (!parsed.success) throw new WorkspaceError('invalid', `Note ${parsed.error.issues[0]?.message ?? 'is invalid'}`, 'note');
  if (!UUID.test(id)) throw notFound(id);
  return db.transaction(async (tx) => {
    const [exists] = await tx.select({ id: submissions.id }).from(submissions).where(eq(submissions.id, id));
    if (!exists) throw notFound(id);
    const [row] = await tx.insert(submissionActivity).values({ submissionId: id, actor, kind: 'note', note: parsed.data }).returning();
    return row!;
  });
}

/**
 * Queues the report email again, rendered from the STORED Report (what the
 * visitor saw), with the same permalink as the first one, and records the resend.
 * @returns the outbox row id; the caller schedules its delivery (`scheduleDrain`)
 * @throws WorkspaceError `not-found` for an unknown submission, `invalid` (field `report`) when its stored Report cannot be read
 */
export async function resendReport(db: Db, id: string, actor: string, options: { questionnaire: Questionnaire; siteUrl: string; salt: string }): Promise<string> {
  if (!UUID.test(id)) throw notFound(id);
  const site = options.siteUrl.replace(/\/$/, '');
  return db.transaction(async (tx) => {
    const [row] = await tx
      .select({ report: submissions.report, locale: submissions.locale, token: submissions.token, name: submissions.contactName, email: submissions.contactEmail, company: submissions.contactCompany })
      .from(submissions)
      .where(and(eq(submissions.id, id), isNull(submissions.erasedAt)));
    if (!row) throw notFound(id);
    const read = readStoredReport(row.report);
    if (!read.ok) throw new WorkspaceError('invalid', `The stored report of submission ${id} cannot be read: ${read.error}`, 'report');
    // The same change as the first email showed, and the same "take it again".
    const change = await changeFor(tx, id);
    const message = reportEmail({
      report: read.report,
      questionnaire: options.questionnaire,
      name: row.name,
      email: row.email,
      permalink: `${site}${resultPath(row.locale, row.token)}`,
      masterclassUrl: `${site}/${row.locale}/masterclass/?r=${row.token}`,
      change,
      retakeUrl: isLocale(row.locale) ? `${site}${retakePath(row.locale, row.token)}` : undefined,
      unsubscribe: unsubscribeLinks(site, row.locale, row.email, options.salt),
    });
    // Not a reply to something the prospect just asked for: an address that unsubscribed does not get it.
    // With the PDF, as the first email had it (the stored Report, made today).
    const pdf = await reportPdfAttachment({
      report: read.report,
      questionnaire: options.questionnaire,
      generatedAt: new Date(),
      siteUrl: site,
      permalink: `${site}${resultPath(row.locale, row.token)}`,
      name: row.name,
      company: row.company,
    });
    const [queued] = await tx.insert(outbox).values(outboxRow('resend', [row.email], message, { submissionId: id, attachments: pdf ? [pdf] : null })).returning({ id: outbox.id });
    await tx.insert(submissionActivity).values({ submissionId: id, actor, kind: 'resend' });
    return queued!.id;
  });
}

/** The CRM deliveries of a submission, oldest first: which event, where, and whether it was delivered, is retrying or failed (with the error). */
export async function crmDeliveriesOf(db: Db, id: string) {
  if (!UUID.test(id)) return [];
  return db
    .select({
      type: sql<string>`${crmDeliveries.event}->>'type'`,
      target: crmDeliveries.target,
      attempts: crmDeliveries.attempts,
      deliveredAt: crmDeliveries.deliveredAt,
      failedAt: crmDeliveries.failedAt,
      nextAttemptAt: crmDeliveries.nextAttemptAt,
      lastError: crmDeliveries.lastError,
      createdAt: crmDeliveries.createdAt,
    })
    .from(crmDeliveries)
    .where(eq(crmDeliveries.submissionId, id))
    .orderBy(crmDeliveries.createdAt, crmDeliveries.target);
}

/** Whether `email` unsubscribed (or bounced, or complained): it gets no non-transactional email. */
export async function isSuppressed(db: Db, email: string, salt: string): Promise<boolean> {
  if (!email) return false;
  const [row] = await db.select({ reason: emailSuppressions.reason }).from(emailSuppressions).where(eq(emailSuppressions.emailHash, emailHash(email, salt)));
  return Boolean(row);
}

/** A post of a submission's page: which form was sent (`action`) and its field. */
export const WorkspaceActionSchema = z.object({
  action: z.enum(['status', 'note', 'resend', 'erase', 'assign'], { error: 'must be status, note, resend, erase or assign' }),
  /** The consultant to assign the lead to (their email); empty to unassign. */
  assignedTo: z.string().default(''),
  status: z.string().default(''),
  note: z.string().default(''),
  /** The erase form's box, ticked (`on`) to confirm. */
  confirm: z.string().default(''),
});
export type WorkspaceAction = z.infer<typeof WorkspaceActionSchema>['action'];

/**
 * A consultant's post on a submission's page: a status change, a note or a resend, as an
 * outcome: `ok` with the action done (the caller schedules a resend's delivery), `invalid`
 * naming the field (`action`, `status` or `note`), `not-found`, or `unavailable`.
 */
export async function workspaceAction(
  db: () => Promise<Db>,
  request: Request,
  input: { id: string; actor: string; questionnaire: Questionnaire; siteUrl: string; salt: string; crmTargets?: readonly CrmTarget[] },
): Promise<Outcome<WorkspaceAction>> {
  const form = await readForm(request, WorkspaceActionSchema, { accept: 'form', maxBytes: MAX_REQUEST_BODY_BYTES, page: true, error: 'Invalid action' });
  if (form.kind !== 'ok') return form;
  const { action, status, note, confirm, assignedTo } = form.value;
  if (action === 'erase' && confirm !== 'on') return { kind: 'invalid', error: 'Invalid action', issues: [{ path: ['confirm'], message: 'tick the box to confirm the erasure' }] };
  try {
    const database = await db();
    // An erased lead takes no notes, status or emails: they could bring personal data back.
    const [target] = UUID.test(input.id) ? await database.select({ erasedAt: submissions.erasedAt }).from(submissions).where(eq(submissions.id, input.id)) : [];
    if (!target || target.erasedAt) throw notFound(input.id);
    const crmTargets = input.crmTargets ?? [];
    if (action === 'status') await changeStatus(database, input.id, status, input.actor, { targets: crmTargets, questionnaire: input.questionnaire, siteUrl: input.siteUrl });
    else if (action === 'note') await addNote(database, input.id, note, input.actor);
    else if (action === 'assign') await assignLead(database, input.id, assignedTo, input.actor);
    else if (action === 'erase') {
      if ((await eraseSubmission(database, input.id, { actor: input.actor, crmTargets })) === 'not-found') throw notFound(input.id);
    } else await resendReport(database, input.id, input.actor, input);
    return ok(action);
  } catch (error) {
    if (error instanceof ConsultantError && error.code === 'not-found') return { kind: 'not-found', error: error.message };
    if (error instanceof ConsultantError) return { kind: 'invalid', error: 'Invalid action', issues: error.fieldIssues() };
    if (error instanceof WorkspaceError && error.code === 'not-found') return { kind: 'not-found', error: error.message };
    if (error instanceof WorkspaceError) return { kind: 'invalid', error: 'Invalid action', issues: [{ path: [error.field ?? 'action'], message: error.message }] };
    console.error('[workspace] database unavailable:', error instanceof Error ? error.message : error);
    return { kind: 'unavailable', error: 'The database is unavailable; nothing was changed. Retry later.' };
  }
}

// ---------------------------------------------------------------------------
// CSV

type Cell = string | number | boolean | null | undefined;

/**
 * One CSV field. Text that a spreadsheet would run as a formula gets a `'` before
 * the trigger (`=`, `+`, `-`, `@`, the OWASP advice), at the start and also after
 * any separator a spreadsheet may split on (`,` `;` `|` tab, CR, LF): Spanish and
 * Portuguese Excel split on `;`, so `Acme;=1+1` would start a new cell with `=`.
 * Such text is always quoted. Only text is neutralised: scores and metrics are
 * numbers we wrote ourselves, and a negative metric must stay a number the
 * consultant can sum.
 */
export function csvCell(value: Cell): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'number') return Number.isFinite(value) ? String(value) : '';
  let text = typeof value === 'boolean' ? (value ? 'yes' : 'no') : value;
  text = text.replace(FORMULA_TRIGGER, "$1$2'$3");
  return /[",;|\t\r\n]/.test(text) || text !== text.trim() ? `"${text.replaceAll('"', '""')}"` : text;
}
/** A formula trigger at the start of the text or of any piece a spreadsheet could split off. */
const FORMULA_TRIGGER = /(^|[,;|\t\r\n])([ \u00a0]*)([=+\-@\t\r])/g;

/** What a row of the CSV export is written from: the columns it shows, and the stored Report (whole, or only its figures). */
export type CsvSubmission = Pick<
  SubmissionRow,
  'id' | 'createdAt' | 'contactName' | 'contactEmail' | 'contactCompany' | 'contactRole' | 'companySize' | 'locale' | 'status' | 'consents' | 'masterclass' | 'callRequestedAt' | 'firstTouch' | 'segment' | 'overallScore' | 'band'
> & {
  /** Read through `readStoredFigures`: a whole Report, or its figures as `submissions.report_figures` keeps them. */
  report: unknown;
};

/**
 * The CSV export's header line (no line end): a column per dimension of the questionnaire
 * (`score_<id>`) and per metric (`metric_<id>`, the raw number), and the `currency` (ISO 4217)
 * of the money metrics.
 */
export function submissionsCsvHeader(questionnaire: Pick<Questionnaire, 'dimensions'>): string {
  const header = [
    'id',
    'created_at',
    'name',
    'email',
    'company',
    'role',
    'company_size',
    'locale',
    'status',
    'contact_consent_at',
    'masterclass',
    'call_requested_at',
    'utm_source',
    'utm_medium',
    'utm_campaign',
    'utm_term',
    'utm_content',
    'referrer',
    'landing_path',
    'business_model',
    'deal_size',
    'overall_score',
    'band',
    ...questionnaire.dimensions.map((d) => `score_${d.id}`),
    'currency',
    ...METRIC_IDS.map((m) => `metric_${m}`),
  ];
  return header.map(csvCell).join(',');
}

/**
 * One submission's line of the CSV export (no line end), its cells in `submissionsCsvHeader`'s
 * order; `dimensionIds` are the questionnaire's. A row whose stored Report's figures cannot be
 * read keeps its other columns, with the scores, currency and metrics empty.
 */
export function submissionCsvLine(row: CsvSubmission, dimensionIds: readonly string[]): string {
  const figures = readStoredFigures(row.report);
  const scores = new Map(figures?.dimensions.map((d) => [d.id, d.score]));
  const metrics = new Map(figures?.metrics.map((m) => [m.id, m.value]));
  const cells: Cell[] = [
    row.id,
    row.createdAt.toISOString(),
    row.contactName,
    row.contactEmail,
    row.contactCompany,
    row.contactRole,
    row.companySize,
    row.locale,
    row.status,
    row.consents.contact && !row.consents.contact.withdrawnAt ? row.consents.contact.at : null,
    row.masterclass,
    row.callRequestedAt?.toISOString() ?? null,
    row.firstTouch?.source,
    row.firstTouch?.medium,
    row.firstTouch?.campaign,
    row.firstTouch?.term,
    row.firstTouch?.content,
    row.firstTouch?.referrer,
    row.firstTouch?.landingPath,
    row.segment.businessModel,
    row.segment.dealSize,
    row.overallScore,
    row.band,
    ...dimensionIds.map((d) => scores.get(d)),
    figures?.currency ?? null,
    ...METRIC_IDS.map((m) => metrics.get(m)),
  ];
  return cells.map(csvCell).join(',');
}

/** Starts the CSV: the BOM (so Excel reads accents) before the header. */
const CSV_START = '\uFEFF';
const CSV_LINE_END = '\r\n';

/**
 * The CSV export of `rows` as one string: UTF-8 with a BOM (so Excel reads accents), CRLF line
 * ends, RFC 4180 quoting, the header then one line per submission. For a few rows; the
 * workspace's export streams the same bytes (`submissionsCsvStream`).
 */
export function submissionsCsv(rows: readonly CsvSubmission[], questionnaire: Pick<Questionnaire, 'dimensions'>): string {
  const dimensionIds = questionnaire.dimensions.map((d) => d.id);
  const lines = [submissionsCsvHeader(questionnaire), ...rows.map((row) => submissionCsvLine(row, dimensionIds))];
  return `${CSV_START}${lines.join(CSV_LINE_END)}${CSV_LINE_END}`;
}

/** Rows per query of the export: a batch is read, written and let go before the next is read. */
export const CSV_BATCH_ROWS = 1000;

/**
 * Every submission matching the filters (the page is ignored), newest first, in batches of
 * `batchSize`, with only what the CSV writes: each batch is the next in the list's order after
 * the last row of the one before (keyset pagination: the newest-first index is read from where
 * the last batch stopped, never from the start). Rows added while it runs, newer than where it
 * has got to, are not in it.
 */
export async function* submissionsForExport(db: Db, filters: Partial<SubmissionFilters>, { batchSize = CSV_BATCH_ROWS }: { batchSize?: number } = {}): AsyncGenerator<CsvSubmission[]> {
  const where = whereFor(filters);
  // The last row's time as the database wrote it: its microseconds, which a JavaScript Date would lose.
  let after: { createdAt: string; id: string } | null = null;
  for (;;) {
    const batch: (CsvSubmission & { cursor: string })[] = await db
      .select({
        id: submissions.id,
        createdAt: submissions.createdAt,
        cursor: sql<string>`${submissions.createdAt}::text`,
        contactName: submissions.contactName,
        contactEmail: submissions.contactEmail,
        contactCompany: submissions.contactCompany,
        contactRole: submissions.contactRole,
        companySize: submissions.companySize,
        locale: submissions.locale,
        status: submissions.status,
        consents: submissions.consents,
        masterclass: submissions.masterclass,
        callRequestedAt: submissions.callRequestedAt,
        firstTouch: submissions.firstTouch,
        segment: submissions.segment,
        overallScore: submissions.overallScore,
        band: submissions.band,
        report: submissions.reportFigures,
      })
      .from(submissions)
      .where(after ? and(where, sql`(${submissions.createdAt}, ${submissions.id}) < (${after.createdAt}::timestamptz, ${after.id}::uuid)`) : where)
      .orderBy(...orderNewestFirst)
      .limit(batchSize);
    if (batch.length > 0) yield batch.map(({ cursor: _, ...row }) => row);
    if (batch.length < batchSize) return;
    const last = batch.at(-1)!;
    after = { createdAt: last.cursor, id: last.id };
  }
}

/**
 * The workspace's CSV export as a stream, the bytes of `submissionsCsv` for every matching
 * submission: one batch of rows read (`submissionsForExport`) each time the reader wants more,
 * so the memory it takes does not grow with the number of rows. The first batch is read before
 * it resolves, so a database that is down fails the request rather than start a download; one
 * failing midway errors the stream: the download stops, it is not passed off as a whole file.
 */
export async function submissionsCsvStream(
  db: Db,
  filters: Partial<SubmissionFilters>,
  questionnaire: Pick<Questionnaire, 'dimensions'>,
  options: { batchSize?: number } = {},
): Promise<ReadableStream<Uint8Array>> {
  const dimensionIds = questionnaire.dimensions.map((d) => d.id);
  const encoder = new TextEncoder();
  const batches = submissionsForExport(db, filters, options);
  const first = await batches.next();
  // The next batch is read while the last is written out: at most two in memory.
  let next: Promise<IteratorResult<CsvSubmission[]>> = Promise.resolve(first);
  return new ReadableStream<Uint8Array>(
    {
      start(controller) {
        controller.enqueue(encoder.encode(`${CSV_START}${submissionsCsvHeader(questionnaire)}${CSV_LINE_END}`));
      },
      async pull(controller) {
        const batch = await next;
        if (batch.done) return controller.close();
        next = batches.next();
        // Awaited by the next pull; a failure meanwhile (the download cancelled) must not go unhandled.
        next.catch(() => {});
        controller.enqueue(encoder.encode(batch.value.map((row) => `${submissionCsvLine(row, dimensionIds)}${CSV_LINE_END}`).join('')));
      },
      async cancel() {
        await batches.return(undefined);
      },
    },
    // One batch waits at most: the next is read only once the client has taken the last.
    { highWaterMark: 1 },
  );
}

// ---------------------------------------------------------------------------
// Masterclass sign-ups

export type MasterclassSignupRow = Pick<typeof masterclassSignups.$inferSelect, 'id' | 'email' | 'name' | 'locale' | 'sessionId' | 'waitlisted' | 'submissionId' | 'createdAt'>;

/** Every masterclass sign-up, newest first, whether or not the person took the diagnostic. */
export async function masterclassSignupList(db: Db): Promise<MasterclassSignupRow[]> {
  return db
    .select({
      id: masterclassSignups.id,
      email: masterclassSignups.email,
      name: masterclassSignups.name,
      locale: masterclassSignups.locale,
      sessionId: masterclassSignups.sessionId,
      waitlisted: masterclassSignups.waitlisted,
      submissionId: masterclassSignups.submissionId,
      createdAt: masterclassSignups.createdAt,
    })
    .from(masterclassSignups)
    .orderBy(desc(masterclassSignups.createdAt), desc(masterclassSignups.id));
}

/** The sign-ups grouped by session, in the sessions' order (content/offer.yaml, past ones too), then sessions no longer in the content, then no session. */
export function signupsBySession(rows: readonly MasterclassSignupRow[], sessions: readonly Pick<MasterclassSession, 'id' | 'start'>[]) {
  const known = [...sessions].sort((a, b) => Date.parse(a.start) - Date.parse(b.start)).map((s) => s.id);
  const ids = [...known, ...new Set(rows.flatMap((r) => (r.sessionId && !known.includes(r.sessionId) ? [r.sessionId] : []))), null];
  return ids
    .map((id) => ({ sessionId: id, rows: rows.filter((r) => r.sessionId === id) }))
    .filter((group) => group.rows.length > 0 || (group.sessionId !== null && known.includes(group.sessionId)));
}

/** The sign-ups as CSV, like the diagnostics' export (BOM, CRLF, formulas neutralised). */
export function masterclassCsv(rows: readonly MasterclassSignupRow[], sessions: readonly Pick<MasterclassSession, 'id' | 'start'>[]): string {
  const starts = new Map(sessions.map((s) => [s.id, new Date(s.start).toISOString()]));
  const header = ['session_id', 'session_start', 'waitlisted', 'name', 'email', 'locale', 'signed_up_at', 'submission_id'];
  const lines = [header.map(csvCell).join(',')];
  for (const row of rows) {
    const cells: Cell[] = [row.sessionId, row.sessionId ? starts.get(row.sessionId) : null, row.waitlisted, row.name, row.email, row.locale, row.createdAt.toISOString(), row.submissionId];
    lines.push(cells.map(csvCell).join(','));
  }
  return `\uFEFF${lines.join('\r\n')}\r\n`;
}
