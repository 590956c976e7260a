import { randomBytes, randomUUID } from 'node:crypto';
import { hashIp, RateLimited, takeSlot, type SlotResult } from '../lib/rate-limit.ts';
import { eq } from 'drizzle-orm';
import { SubmissionSchema, type Submission } from '../../domain/schemas/submission.ts';
import type { Questionnaire } from '../../domain/schemas/questionnaire.ts';
import { buildReport } from '../../domain/report.ts';
import { answerIssues } from '../../domain/scoring.ts';
import { segmentIssues } from '../../domain/segment.ts';
import type { Db } from '../db/client.ts';
import { submissions } from '../db/schema.ts';
import { crmConfig, crmTargets, scheduleCrmDrain, type CrmEnv } from '../crm/index.ts';
import type { Env, SiteAddress } from '../env.ts';
import { json } from '../lib/http.ts';
import { MAX_REQUEST_BODY_BYTES } from '../lib/body.ts';
import { ok, readForm, respond, type Outcome, type Refusal } from '../lib/form.ts';
import { emailCeilings, scheduleDrain, type DrainDeps, type Mailer } from '../outbox/index.ts';
import { findSuspected, insertSuspected, suspicion } from './decoy.ts';
import { resultPath } from '../../domain/routes.ts';
import { leadConsents } from './consent.ts';
import { previousSubmission } from './retake.ts';
import { submissionEmailRenderer } from './emails.ts';
import { submissionLimit, submissionRow, writeSubmission } from './store.ts';

/** Largest accepted body. */
export const MAX_BODY_BYTES = MAX_REQUEST_BODY_BYTES;
/** No diagnostic started before 2000-01-01. */
const EARLIEST_START_MS = Date.UTC(2000, 0, 1);

export interface LeadDeps {
  /** The database; throws when it is unavailable. */
  db: () => Promise<Db>;
  questionnaire: Questionnaire;
  env: SiteAddress & Pick<Env, 'CONSULTANT_EMAILS' | 'IP_HASH_SALT' | 'RATE_LIMIT_PER_HOUR' | 'MIN_FILL_SECONDS' | 'EMAILS_PER_HOUR' | 'SIGN_IN_EMAILS_PER_HOUR'> & Partial<CrmEnv>;
  mailer: Mailer | null;
  /** The client's IP address, as the platform reports it. */
  ip: string;
  now?: () => Date;
}

/** 192 random bits, URL-safe: the secret of a results permalink. */
export function newToken(): string {
  return randomBytes(24).toString('base64url');
}


export function unavailable(error: unknown): Refusal {
  console.error('[submissions] database unavailable:', error instanceof Error ? error.message : error);
  return { kind: 'unavailable', error: 'The database is unavailable; nothing was stored. Retry later.' };
}

function isUniqueViolation(error: unknown): boolean {
  const code = (error as { code?: string; cause?: { code?: string } } | null)?.code ?? (error as { cause?: { code?: string } } | null)?.cause?.code;
  return code === '23505';
}

/** Where a stored submission (or a quarantined one) is answered from on a repeated idempotency key. */
type StoredRef = { id: string; token: string; locale: string };

/** A stored submission's answer: its id and permalink, `201` when new, `200` for a repeated idempotency key. */
export type Stored = { status: 200 | 201; id: string; resultUrl: string };

/** The answer to a repeated idempotency key: the first one's body, as 200. */
function replay(row: StoredRef): Outcome<Stored> {
  return ok({ status: 200, id: row.id, resultUrl: resultPath(row.locale, row.token) });
}

/**
 * The answer when storing failed: the row that won the race when the same idempotency key came
 * in twice at once (a unique violation), else 503.
 */
async function afterFailure(error: unknown, find: () => Promise<StoredRef | undefined>): Promise<Outcome<Stored>> {
  if (isUniqueViolation(error)) {
    try {
      const existing = await find();
      if (existing) return replay(existing);
    } catch (retryError) {
      return unavailable(retryError);
    }
  }
  return unavailable(error);
}

/** The submission stored under this idempotency key, if any. */
async function findSubmission(db: Db, idempotencyKey: string): Promise<StoredRef | undefined> {
  const [row] = await db
    .select({ id: submissions.id, token: submissions.token, locale: submissions.locale })
    .from(submissions)
    .where(eq(submissions.idempotencyKey, idempotencyKey));
  return row;
}


function tooMany(slot: SlotResult): Refusal {
  return { kind: 'rate-limited', error: 'Too many submissions from this address; try again later.', retryAfterSeconds: slot.retryAfterSeconds };
}

/** What the outbox drain after the response needs. */
export function drainDeps(deps: LeadDeps): DrainDeps {
  return {
    db: deps.db,
    mailer: deps.mailer,
    ceilings: emailCeilings(deps.env),
    suppressionSalt: deps.env.IP_HASH_SALT,
    render: submissionEmailRenderer({ questionnaire: () => deps.questionnaire, env: deps.env }),
  };
}

/** After a commit that queued emails or CRM events: both are delivered after the response. */
export function deliverAfterResponse(deps: LeadDeps): void {
  scheduleDrain(drainDeps(deps));
  scheduleCrmDrain({ db: deps.db, config: crmConfig(deps.env, deps.questionnaire) });
}

/**
 * `POST /api/submissions`: validates, rescores on the server with the current
 * questionnaire, stores the submission with its emails queued in one transaction, and
 * answers; the emails are rendered and sent after the response. See the README's API
 * section for every status code.
 */
export async function createSubmission(request: Request, deps: LeadDeps): Promise<Response> {
  return respond(await takeSubmission(request, deps), ({ status, ...body }) => json(body, status));
}

async function takeSubmission(request: Request, deps: LeadDeps): Promise<Outcome<Stored>> {
  const parsed = await readForm(request, SubmissionSchema, { accept: 'json', maxBytes: MAX_BODY_BYTES, error: 'Invalid submission' });
  return parsed.kind === 'ok' ? storeSubmission(parsed.value, deps) : parsed;
}

/**
 * A submission read and parsed (from the API's JSON, or the results page's form without
 * JavaScript): checked against the questionnaire, scored, stored in one transaction with its CRM
 * events and its emails, queued unrendered (`submissionEmailRenderer` renders them after the response).
 */
export async function storeSubmission(submission: Submission, deps: LeadDeps): Promise<Outcome<Stored>> {
  const now = deps.now?.() ?? new Date();
  const q = deps.questionnaire;
  const issues = [...answerIssues(q.questions, submission.answers, { requireAll: true }), ...segmentIssues(q.segments, submission.segment)];
  if (!q.segments.companySizes.some((size) => size.id === submission.contact.companySize))
    issues.push({ path: ['contact', 'companySize'], message: `must be one of: ${q.segments.companySizes.map((size) => size.id).join(', ')}` });
  const started = new Date(submission.startedAt);
  if (started.getTime() > now.getTime() + 5 * 60_000) issues.push({ path: ['startedAt'], message: 'cannot be in the future' });
  // Also keeps out dates the database cannot store (year 0000 is valid ISO 8601, not a Postgres timestamp).
  if (started.getTime() < EARLIEST_START_MS) issues.push({ path: ['startedAt'], message: 'cannot be before 2000' });
  if (issues.length > 0) return { kind: 'invalid', error: 'Invalid submission', issues };

  // Bots get the answers a person would (201, a permalink that works, 200 for a repeated key, the same
  // 429 on the same per-IP slots), so they cannot tell; their submissions are quarantined, never emailed.
  const botReason = suspicion(submission, deps.env, now);
  if (botReason) {
    try {
      const db = await deps.db();
      const existing = await findSuspected(db, submission.idempotencyKey);
      if (existing) return replay(existing);
      const ipHash = hashIp(deps.ip, deps.env.IP_HASH_SALT);
      const report = buildReport(deps.questionnaire, { answers: submission.answers, segment: submission.segment, metricInputs: submission.metricInputs ?? null }, submission.locale);
      const token = newToken();
      const id = await db.transaction(async (tx) => {
        const slot = await takeSlot(tx, submissionLimit(deps.env), ipHash, now);
        if (!slot.allowed) throw new RateLimited(slot);
        return insertSuspected(tx, { token, idempotencyKey: submission.idempotencyKey, locale: submission.locale, report, reason: botReason, ipHash, now });
      });
      return ok({ status: 201, id, resultUrl: resultPath(submission.locale, token) });
    } catch (error) {
      if (error instanceof RateLimited) return tooMany(error.slot);
      return afterFailure(error, async () => findSuspected(await deps.db(), submission.idempotencyKey));
    }
  }

  const ipHash = hashIp(deps.ip, deps.env.IP_HASH_SALT);
  try {
    const db = await deps.db();
    const report = buildReport(q, { answers: submission.answers, segment: submission.segment, metricInputs: submission.metricInputs ?? null }, submission.locale);
    const token = newToken();
    const submissionId = randomUUID();
    const site = deps.env.SITE_URL.replace(/\/$/, '');
    // The same person's earlier diagnostic (the one taken again, or the latest with this email): the report shows the change since.
    const previous = await previousSubmission(db, submission.contact.email, submission.retakeOf);
    const consents = leadConsents(q, submission.locale, { contact: submission.contactConsent, masterclass: submission.masterclass }, now);

    await writeSubmission(db, {
      row: submissionRow(submission, q, { id: submissionId, token, report, ipHash, previous, consents, now }),
      questionnaire: q,
      site,
      crmTargets: crmTargets(deps.env),
      limit: submissionLimit(deps.env),
      hasPrevious: previous !== undefined,
    });
    deliverAfterResponse(deps);
    return ok({ status: 201, id: submissionId, resultUrl: resultPath(submission.locale, token) });
  } catch (error) {
    if (error instanceof RateLimited) return tooMany(error.slot);
    return afterFailure(error, async () => findSubmission(await deps.db(), submission.idempotencyKey));
  }
}


