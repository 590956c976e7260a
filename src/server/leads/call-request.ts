import { eq } from 'drizzle-orm';
import { isDeepStrictEqual } from 'node:util';
import { CallRequestSchema, type CallRequest } from '../../domain/schemas/call-request.ts';
import { crmDeliveries, submissions, suspectedSubmissions, outbox } from '../db/schema.ts';
import { crmDeliveryRows, crmTargets, submissionEvent } from '../crm/index.ts';
import { consultantRecipients } from '../consultants/index.ts';
import type { Env } from '../env.ts';
import { MAX_REQUEST_BODY_BYTES } from '../lib/body.ts';
import { ok, parse, readPost, type Outcome } from '../lib/form.ts';
import { hashIp, HOUR_MS, RateLimited, takeSlot, type RateLimit } from '../lib/rate-limit.ts';
import { outboxRow } from '../outbox/index.ts';
import { callRequestEmail } from '../email/index.ts';
import { deliverAfterResponse, unavailable, type LeadDeps } from './submissions.ts';

/** Call requests per IP per hour: as many as submissions, counted apart. */
function callLimit(env: Pick<Env, 'RATE_LIMIT_PER_HOUR'>): RateLimit {
  return { bucket: 'calls:ip', limit: env.RATE_LIMIT_PER_HOUR, windowMs: HOUR_MS };
}

/** The permalink page's "request a call" form, read: days and windows are ticked boxes, sent once per box. */
export function readCallRequest(request: Request): Promise<Outcome<unknown>> {
  return readPost(request, { accept: 'form', maxBytes: MAX_REQUEST_BODY_BYTES, page: true, lists: ['days', 'windows'] });
}

/**
 * A call request from the permalink `token`'s page: stored on its submission, and the consultants
 * told through the outbox. The same request again changes nothing and tells nobody (`already`); a
 * different one replaces it and tells them again. A suspected bot's permalink answers alike and
 * stores nothing; an unknown token is `not-found`.
 */
export async function requestCall(token: string, body: unknown, deps: LeadDeps): Promise<Outcome<'requested' | 'already'>> {
  const parsed = parse(CallRequestSchema, body, 'Invalid call request');
  if (parsed.kind !== 'ok') return parsed;
  const request: CallRequest = parsed.value;
  const now = deps.now?.() ?? new Date();
  const ipHash = hashIp(deps.ip, deps.env.IP_HASH_SALT);
  try {
    const db = await deps.db();
    const result = await db.transaction(async (tx) => {
      const slot = await takeSlot(tx, callLimit(deps.env), ipHash, now);
      if (!slot.allowed) throw new RateLimited(slot);
      const [row] = await tx
        .select({
          id: submissions.id,
          name: submissions.contactName,
          email: submissions.contactEmail,
          company: submissions.contactCompany,
          callRequest: submissions.callRequest,
          assignedTo: submissions.assignedTo,
        })
        .from(submissions)
        .where(eq(submissions.token, token))
        .for('update');
      if (!row) {
        const [suspected] = await tx.select({ id: suspectedSubmissions.id }).from(suspectedSubmissions).where(eq(suspectedSubmissions.token, token));
        return suspected ? 'requested' : 'not-found';
      }
      if (row.callRequest && isDeepStrictEqual(row.callRequest, request)) return 'already';
      const [updated] = await tx.update(submissions).set({ callRequest: request, callRequestedAt: now }).where(eq(submissions.id, row.id)).returning();
      const site = deps.env.SITE_URL.replace(/\/$/, '');
      const crm = crmDeliveryRows(submissionEvent('lead.call_requested', updated!, deps.questionnaire, site), crmTargets(deps.env), row.id, updated!.consents);
      if (crm.length > 0) await tx.insert(crmDeliveries).values(crm);
      // The consultant the lead is assigned to, else the whole team.
      const consultants = await consultantRecipients(tx, { assignedTo: row.assignedTo, seed: deps.env.CONSULTANT_EMAILS });
      if (consultants.length > 0) {
        const message = callRequestEmail({ questionnaire: deps.questionnaire, contact: row, request, workspaceUrl: `${site}/consultants/submissions/${row.id}` });
        await tx.insert(outbox).values(outboxRow('call-request', consultants, message, { submissionId: row.id }));
      }
      return 'requested';
    });
    if (result === 'not-found') return { kind: 'not-found', error: 'No report at this address' };
    if (result === 'requested') deliverAfterResponse(deps);
    return ok(result);
  } catch (error) {
    if (error instanceof RateLimited) return { kind: 'rate-limited', error: 'Too many call requests from this address; try again later.', retryAfterSeconds: error.slot.retryAfterSeconds };
    return unavailable(error);
  }
}
