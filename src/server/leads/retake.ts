import { and, desc, eq, isNull, sql, type SQL } from 'drizzle-orm';
import { alias } from 'drizzle-orm/pg-core';
import { reportChange, reportScores, type ReportChange } from '../../domain/change.ts';
import { isLocale } from '../../domain/locale.ts';
import { currentMetricInputs } from '../../domain/metrics.ts';
import type { RetakeData } from '../../domain/retake.ts';
import { answerIssues, type Answers } from '../../domain/scoring.ts';
import { readStoredReport } from '../../domain/schemas/report.ts';
import type { Segment } from '../../domain/schemas/segment.ts';
import type { Questionnaire } from '../../domain/schemas/questionnaire.ts';
import type { Db, Queryable } from '../db/client.ts';
import { submissions } from '../db/schema.ts';
import { json } from '../lib/http.ts';
import { hashIp, HOUR_MS, takeSlot, type RateLimit } from '../lib/rate-limit.ts';
import { ok, respond, type Outcome } from '../lib/form.ts';

/**
 * Reads of "take it again" per IP address and hour: a person retakes a few times a year; the
 * limit bounds the database work a client can cause (a token of 192 random bits is not guessed).
 */
export const RETAKE_LIMIT: RateLimit = { bucket: 'retake:ip', limit: 60, windowMs: HOUR_MS };

const TOKEN = /^[A-Za-z0-9_-]{20,64}$/;

export interface RetakeDeps {
  db: () => Promise<Db>;
  questionnaire: Pick<Questionnaire, 'questions' | 'segments'>;
  env: { IP_HASH_SALT: string };
  ip: string;
  now?: () => Date;
}

/** The answers the current questionnaire still asks, each still one of its options: the rest are left out, to be answered again. */
function stillAsked(questionnaire: RetakeDeps['questionnaire'], answers: Answers): Answers {
  const refused = new Set(answerIssues(questionnaire.questions, answers, { requireAll: false }).map((issue) => issue.path[1]));
  return Object.fromEntries(Object.entries(answers).filter(([id]) => !refused.has(id)));
}

/** The segment's choices the content still offers. */
function stillOffered(questionnaire: RetakeDeps['questionnaire'], segment: Segment): Segment {
  const out: Segment = {};
  if (segment.businessModel && questionnaire.segments.businessModels.some((m) => m.id === segment.businessModel)) out.businessModel = segment.businessModel;
  if (segment.dealSize && questionnaire.segments.dealSizes.some((d) => d.id === segment.dealSize)) out.dealSize = segment.dealSize;
  return out;
}

/**
 * What "take it again" starts from: the answers, segment and numbers of the submission behind a
 * permalink token, and its scores (see `RetakeData`); never its contact. `not-found` for an unknown
 * token, an erased lead's (its token was replaced) and a suspected bot's alike: a bot's answers are
 * not kept, and a decoy that answered here would need them. A bot learns nothing new from it: its
 * report email never arrives either. Rate limited per IP.
 */
export async function readRetake(token: string, deps: RetakeDeps): Promise<Outcome<RetakeData>> {
  const now = deps.now?.() ?? new Date();
  let row;
  try {
    const db = await deps.db();
    const slot = await takeSlot(db, RETAKE_LIMIT, hashIp(deps.ip, deps.env.IP_HASH_SALT), now);
    if (!slot.allowed) return { kind: 'rate-limited', error: 'Too many requests from this address; try again later.', retryAfterSeconds: slot.retryAfterSeconds };
    if (!TOKEN.test(token)) return notFound();
    [row] = await db
      .select({
        locale: submissions.locale,
        questionnaireVersion: submissions.questionnaireVersion,
        createdAt: submissions.createdAt,
        answers: submissions.answers,
        segment: submissions.segment,
        metricInputs: submissions.metricInputs,
        report: submissions.report,
      })
      .from(submissions)
      .where(and(eq(submissions.token, token), isNull(submissions.erasedAt)));
  } catch (error) {
    console.error('[retake] database unavailable:', error instanceof Error ? error.message : error);
    return { kind: 'unavailable', error: 'The database is unavailable. Retry later.' };
  }
  if (!row) return notFound();
  const read = readStoredReport(row.report);
  // Without a readable Report there is no baseline to compare with, but the answers still prefill.
  if (!read.ok) console.error(`[retake] stored report unreadable: ${read.error}`);
  return ok({
    locale: isLocale(row.locale) ? row.locale : 'es',
    questionnaireVersion: row.questionnaireVersion,
    submittedAt: row.createdAt.toISOString(),
    answers: stillAsked(deps.questionnaire, row.answers),
    segment: stillOffered(deps.questionnaire, row.segment),
    metricInputs: row.metricInputs ? currentMetricInputs(row.metricInputs) : null,
    previous: read.ok ? reportScores(read.report) : null,
  });
}

function notFound(): Outcome<never> {
  return { kind: 'not-found', error: 'No report with this token.' };
}

/** `GET /api/retake/<token>`: {@link readRetake} as JSON, never cached (it holds a company's answers and figures). */
export async function retakeResponse(token: string, deps: RetakeDeps): Promise<Response> {
  return respond(await readRetake(token, deps), (data) => json(data, 200, { 'cache-control': 'private, no-store' }));
}

// ---------------------------------------------------------------------------
// The same person's previous submission, and the change since

/**
 * What a new submission's change is measured against: the one it was taken again from (`retakeOf`,
 * its permalink token) when that has the same email, `proven` since the visitor holds its permalink;
 * else the latest from this email, not proven. Emails compare case-insensitively; erased ones never
 * match. Each lookup is one range scan of `submissions_email_created_idx`.
 */
export async function previousSubmission(
  db: Queryable,
  email: string,
  retakeOf?: string,
): Promise<{ id: string; proven: boolean } | undefined> {
  const sameEmail = and(sql`lower(${submissions.contactEmail}) = lower(${email})`, isNull(submissions.erasedAt));
  const columns = { id: submissions.id };
  if (retakeOf) {
    const [retaken] = await db.select(columns).from(submissions).where(and(sameEmail, eq(submissions.token, retakeOf))).limit(1);
    if (retaken) return { ...retaken, proven: true };
  }
  const [latest] = await db.select(columns).from(submissions).where(sameEmail).orderBy(desc(submissions.createdAt)).limit(1);
  return latest && { ...latest, proven: false };
}

/** The change from a stored previous Report (as read from the database) to `current`; `null` when the previous one cannot be read. */
export function changeSince(previous: { createdAt: Date; report: unknown }, current: Parameters<typeof reportScores>[0]): ReportChange | null {
  const read = readStoredReport(previous.report);
  if (!read.ok) return null;
  return reportChange({ at: previous.createdAt.toISOString(), scores: reportScores(read.report) }, reportScores(current));
}

/** One query: the submission matching `where`, joined with the previous one it points at (not erased). */
async function changeWhere(db: Queryable, where: SQL | undefined): Promise<ReportChange | null> {
  const previous = alias(submissions, 'previous');
  const [row] = await db
    .select({ report: submissions.report, previousReport: previous.report, previousAt: previous.createdAt })
    .from(submissions)
    .innerJoin(previous, and(eq(previous.id, submissions.previousSubmissionId), isNull(previous.erasedAt)))
    .where(where);
  if (!row) return null;
  const current = readStoredReport(row.report);
  if (!current.ok) return null;
  return changeSince({ createdAt: row.previousAt, report: row.previousReport }, current.report);
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * What changed since the same person's previous submission (`previous_submission_id`), for the
 * workspace and a resent email; `null` for a first submission, or when either Report cannot be read.
 */
export async function changeFor(db: Queryable, submissionId: string): Promise<ReportChange | null> {
  if (!UUID.test(submissionId)) return null;
  return changeWhere(db, eq(submissions.id, submissionId));
}

/**
 * {@link changeFor} by permalink token, for the permalink page: only when the submitter proved they
 * hold the previous one's permalink (`previous_proven`), since anyone may type an address; `null`
 * also for an unknown token and a suspected bot's (which has no previous one, like anyone's first).
 * Never throws: the page shows the report without the change when the database fails here.
 */
export async function changeForToken(token: string, db: () => Promise<Db>): Promise<ReportChange | null> {
  if (!TOKEN.test(token)) return null;
  try {
    return await changeWhere(await db(), and(eq(submissions.token, token), isNull(submissions.erasedAt), eq(submissions.previousProven, true)));
  } catch (error) {
    console.error('[retake] change unavailable:', error instanceof Error ? error.message : error);
    return null;
  }
}
