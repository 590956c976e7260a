import type { Report } from '../../domain/report.ts';
import { buildReport } from '../../domain/report.ts';
import { answerIssues } from '../../domain/scoring.ts';
import { segmentIssues } from '../../domain/segment.ts';
import { isLocale, localize, type Locale } from '../../domain/locale.ts';
import { resultPath } from '../../domain/routes.ts';
import type { Questionnaire } from '../../domain/schemas/questionnaire.ts';
import { ReportPdfRequestSchema } from '../../domain/schemas/report-request.ts';
import type { Db } from '../db/client.ts';
import { MAX_REQUEST_BODY_BYTES } from '../lib/body.ts';
import { json } from '../lib/http.ts';
import { readForm, refusalResponse, type Refusal } from '../lib/form.ts';
import { isForeignOrigin } from '../lib/origin.ts';
import { hashIp, HOUR_MS, takeSlot, type RateLimit } from '../lib/rate-limit.ts';
import { reportPdf, type ReportPdfInput } from './document.ts';

/** PDFs one IP address may have made per hour, downloads from permalinks and the results page together. */
export const REPORT_PDF_PER_HOUR = 30;

/** What the PDF endpoints need. */
export interface ReportPdfDeps {
  /** The database (the rate limit's counters; the permalink's report); throws when it is unavailable. */
  db: () => Promise<Db>;
  questionnaire: Questionnaire;
  env: { SITE_URL: string; IP_HASH_SALT: string };
  /** The client's IP address, as the platform reports it. */
  ip: string;
  now?: () => Date;
  /** PDFs per IP and hour; `REPORT_PDF_PER_HOUR` by default. */
  perHour?: number;
}

/** How the permalink's Report is found (`findReportByToken` of the leads): passed in, so this feature does not reach into that one. */
export type FindReport = (token: string, db: () => Promise<Db>) => Promise<{ status: 'found'; report: Report } | { status: 'missing' } | { status: 'unavailable' } | { status: 'unreadable'; error: string }>;

function pdfLimit(deps: ReportPdfDeps): RateLimit {
  return { bucket: 'report-pdf:ip', limit: deps.perHour ?? REPORT_PDF_PER_HOUR, windowMs: HOUR_MS };
}

/**
 * The downloaded file's name in the report's language, with the day it was made:
 * `diagnostico-revops-2026-09-03.pdf`. Only lowercase letters, digits and hyphens come from the content.
 */
export function reportPdfFileName(questionnaire: Questionnaire, locale: Locale, generatedAt: Date): string {
  const base = localize(questionnaire.emails, locale).pdf.filename
    .normalize('NFD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '');
  return `${base || 'report'}-${generatedAt.toISOString().slice(0, 10)}.pdf`;
}

/** The PDF as a download: never cached (it may carry a name), never indexed. */
function pdfResponse(bytes: Uint8Array, fileName: string): Response {
  return new Response(bytes as Uint8Array<ArrayBuffer>, {
    status: 200,
    headers: {
      'content-type': 'application/pdf',
      'content-length': String(bytes.byteLength),
      'content-disposition': `attachment; filename="${fileName}"`,
      'cache-control': 'private, no-store',
      'x-robots-tag': 'noindex',
    },
  });
}

/** Takes a slot of the per-IP limit: the refusal to answer with, or `null` when the request may go on. */
async function limited(deps: ReportPdfDeps, now: Date): Promise<Refusal | null> {
  try {
    const slot = await takeSlot(await deps.db(), pdfLimit(deps), hashIp(deps.ip, deps.env.IP_HASH_SALT), now);
    return slot.allowed ? null : { kind: 'rate-limited', error: 'Too many PDFs from this address; try again later.', retryAfterSeconds: slot.retryAfterSeconds };
  } catch (error) {
    console.error('[report-pdf] database unavailable:', error instanceof Error ? error.message : error);
    return { kind: 'unavailable', error: 'The database is unavailable; try again later.' };
  }
}

/**
 * `GET /{locale}/r/{token}/report.pdf`: the permalink's stored Report as a PDF, in the report's
 * language, linking back to the permalink. 404 for an unknown token or locale, 429 past the
 * per-IP limit, 503 without a database. Carries no name: the permalink page shows none either.
 */
export async function permalinkReportPdf(params: { locale: string | undefined; token: string | undefined }, deps: ReportPdfDeps & { findReport: FindReport }): Promise<Response> {
  const now = deps.now?.() ?? new Date();
  const refused = await limited(deps, now);
  if (refused) return refusalResponse(refused);
  const { locale, token } = params;
  const stored = isLocale(locale) && token ? await deps.findReport(token, deps.db) : ({ status: 'missing' } as const);
  if (stored.status === 'missing') return refusalResponse({ kind: 'not-found', error: 'No report has this address' });
  if (stored.status === 'unavailable') return refusalResponse({ kind: 'unavailable', error: 'The database is unavailable; try again later.' });
  // Our fault, not the visitor's (logged by `findReport`), as on the permalink page.
  if (stored.status === 'unreadable') return json({ error: 'The stored report cannot be read' }, 500);
  const report = stored.report;
  const site = deps.env.SITE_URL.replace(/\/$/, '');
  const bytes = await reportPdf({ report, questionnaire: deps.questionnaire, generatedAt: now, siteUrl: site, permalink: `${site}${resultPath(report.locale, token!)}` });
  return pdfResponse(bytes, reportPdfFileName(deps.questionnaire, report.locale, now));
}

/**
 * `POST /api/report.pdf`: the results page's Report as a PDF, built on the server from the posted
 * answers, segment, numbers and language with the current questionnaire, exactly as a submission
 * would be; nothing is stored. 403 from another site's page, 413 past the body bound, 415 for
 * anything but JSON, 400 naming each bad field (an unanswered question too), 429 past the per-IP limit.
 */
export async function postedReportPdf(request: Request, deps: ReportPdfDeps): Promise<Response> {
  const now = deps.now?.() ?? new Date();
  if (isForeignOrigin(request, new URL(request.url))) return new Response('Cross-site requests are forbidden', { status: 403 });
  const parsed = await readForm(request, ReportPdfRequestSchema, { accept: 'json', maxBytes: MAX_REQUEST_BODY_BYTES, error: 'Invalid report request' });
  if (parsed.kind !== 'ok') return refusalResponse(parsed);
  const body = parsed.value;
  const q = deps.questionnaire;
  const issues = [...answerIssues(q.questions, body.answers, { requireAll: true }), ...segmentIssues(q.segments, body.segment)];
  if (issues.length > 0) return refusalResponse({ kind: 'invalid', error: 'Invalid report request', issues });
  // Counted once the request is valid: a mistyped body does not spend the visitor's downloads.
  const refused = await limited(deps, now);
  if (refused) return refusalResponse(refused);
  const report = buildReport(q, { answers: body.answers, segment: body.segment, metricInputs: body.metricInputs ?? null }, body.locale);
  const bytes = await reportPdf({ report, questionnaire: q, generatedAt: now, siteUrl: deps.env.SITE_URL.replace(/\/$/, ''), name: body.contact?.name, company: body.contact?.company });
  return pdfResponse(bytes, reportPdfFileName(q, body.locale, now));
}

/** An email attachment (base64), as the outbox stores it. */
export interface PdfAttachment {
  filename: string;
  contentType: 'application/pdf';
  content: string;
}

/**
 * The report's PDF as an attachment of the report email, or `null` when it could not be made
 * (logged): the email, which carries the whole report and its permalink, goes out without it.
 */
export async function reportPdfAttachment(input: ReportPdfInput): Promise<PdfAttachment | null> {
  try {
    const bytes = await reportPdf(input);
    return { filename: reportPdfFileName(input.questionnaire, input.report.locale, input.generatedAt), contentType: 'application/pdf', content: Buffer.from(bytes).toString('base64') };
  } catch (error) {
    console.error('[report-pdf] the report email goes without its PDF:', error instanceof Error ? error.message : error);
    return null;
  }
}
