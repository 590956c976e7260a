import { and, eq, isNull, or, sql } from 'drizzle-orm';
import type { Db } from '../db/client.ts';
import type { Locale } from '../../domain/locale.ts';
import { crmDeliveries, emailSuppressions, masterclassSignups, outbox, rateLimitCounters, submissionActivity, submissions, suspectedSubmissions } from '../db/schema.ts';
import type { Env } from '../env.ts';
import { ok, type Outcome } from '../lib/form.ts';
import { hashIp, HOUR_MS, RateLimited, takeSlot, type RateLimit } from '../lib/rate-limit.ts';
import { ERASURE_LINK_HOURS, erasureToken, readErasureToken, readUnsubscribeToken } from '../lib/signed-links.ts';
import { outboxRow } from '../outbox/index.ts';
import { crmDeliveryRows, crmTargets, erasureEvent, type CrmTarget } from '../crm/index.ts';
import { erasureEmail } from '../email/index.ts';
import { deliverAfterResponse, newToken, unavailable, type LeadDeps } from './submissions.ts';

/** Erasure requests per IP per hour: as many as submissions, counted apart. */
function requestsPerIp(env: Pick<Env, 'RATE_LIMIT_PER_HOUR'>): RateLimit {
  return { bucket: 'erasure:ip', limit: env.RATE_LIMIT_PER_HOUR, windowMs: HOUR_MS };
}

/** Confirmation emails per report per hour: a person asks once, maybe twice if the first got lost. */
const EMAILS_PER_REPORT: RateLimit = { bucket: 'erasure:report', limit: 3, windowMs: HOUR_MS };

/**
 * "Erase my data", asked from a report's permalink: emails a link that confirms it to the address
 * the report was sent to (only its owner can confirm). A suspected bot's permalink answers alike
 * and sends nothing; an unknown token is `not-found`.
 */
export async function requestErasure(token: string, deps: LeadDeps): Promise<Outcome<'sent'>> {
  const now = deps.now?.() ?? new Date();
  const ipHash = hashIp(deps.ip, deps.env.IP_HASH_SALT);
  try {
    const db = await deps.db();
    const result = await db.transaction(async (tx) => {
      const slot = await takeSlot(tx, requestsPerIp(deps.env), ipHash, now);
      if (!slot.allowed) throw new RateLimited(slot);
      const [row] = await tx
        .select({ id: submissions.id, name: submissions.contactName, email: submissions.contactEmail, locale: submissions.locale })
        .from(submissions)
        .where(and(eq(submissions.token, token), isNull(submissions.erasedAt)));
      if (!row) {
        const [suspected] = await tx.select({ id: suspectedSubmissions.id }).from(suspectedSubmissions).where(eq(suspectedSubmissions.token, token));
        return suspected ? 'sent' : 'not-found';
      }
      const perReport = await takeSlot(tx, EMAILS_PER_REPORT, row.id, now);
      if (!perReport.allowed) throw new RateLimited(perReport);
      const expires = new Date(now.getTime() + ERASURE_LINK_HOURS * HOUR_MS);
      const site = deps.env.SITE_URL.replace(/\/$/, '');
      const url = `${site}/${row.locale}/erase/?t=${erasureToken(row.id, expires, deps.env.IP_HASH_SALT)}`;
      const message = erasureEmail({ questionnaire: deps.questionnaire, name: row.name, locale: row.locale as Locale, url, hours: ERASURE_LINK_HOURS });
      await tx.insert(outbox).values(outboxRow('erasure', [row.email], message, { submissionId: row.id, expiresAt: expires }));
      return 'sent';
    });
    if (result === 'not-found') return { kind: 'not-found', error: 'No report at this address' };
    deliverAfterResponse(deps);
    return ok(result);
  } catch (error) {
    if (error instanceof RateLimited) return { kind: 'rate-limited', error: 'Too many erasure requests; try again later.', retryAfterSeconds: error.slot.retryAfterSeconds };
    return unavailable(error);
  }
}

/** The confirmation link's token, checked, then the lead erased (and the erasure passed on to the CRM). */
export async function confirmErasure(token: string, deps: LeadDeps): Promise<Outcome<'erased' | 'already'>> {
  const now = deps.now?.() ?? new Date();
  const read = readErasureToken(token, deps.env.IP_HASH_SALT, now);
  if ('error' in read) return { kind: 'invalid', error: 'Invalid erasure link', issues: [{ path: ['t'], message: read.error === 'expired' ? 'has expired' : 'is not a valid link' }] };
  try {
    const result = await eraseSubmission(await deps.db(), read.submissionId, { actor: 'prospect', now, crmTargets: crmTargets(deps.env) });
    if (result === 'not-found') return { kind: 'not-found', error: 'No such report' };
    if (result === 'erased') deliverAfterResponse(deps);
    return ok(result);
  } catch (error) {
    return unavailable(error);
  }
}

/**
 * Erases a lead's personal data, keeping only what is anonymous (the answers, scores, bands and
 * segment, which still count in the funnel and the statistics): the name, email, company, role, IP
 * hash, call request, figures typed in, first touch and consents are emptied; the permalink gets a
 * new secret, so the old address stops working, and its share link is stopped; the activity (notes may name the person), the
 * emails (stored with their text) and masterclass sign-ups of that address are deleted. One
 * activity row records who erased it and when, and the rate limits' counters of its IP hash go. An
 * unsubscribe is kept (it holds a hash of the address only).
 * The CRM's queued events about the lead are deleted (they hold its data) and a `lead.erased` event
 * is queued for each target it may have reached, so the erasure is passed on.
 * @param options.actor the consultant's email, or `prospect` when the prospect confirmed it by email
 */
export async function eraseSubmission(
  db: Db,
  id: string,
  options: { actor: string; now?: Date; crmTargets: readonly CrmTarget[] },
): Promise<'erased' | 'already' | 'not-found'> {
  const { actor, now = new Date() } = options;
  return db.transaction(async (tx) => {
    const [row] = await tx
      .select({ email: submissions.contactEmail, erasedAt: submissions.erasedAt, ipHash: submissions.ipHash, consents: submissions.consents })
      .from(submissions)
      .where(eq(submissions.id, id))
      .for('update');
    if (!row) return 'not-found';
    if (row.erasedAt) return 'already';
    await tx
      .update(submissions)
      .set({
        token: newToken(),
        // A share link shows only scores, but it was the person's choice to share: it stops with the rest.
        shareToken: null,
        contactName: '',
        contactEmail: '',
        contactCompany: null,
        contactRole: null,
        ipHash: null,
        callRequest: null,
        metricInputs: null,
        // The computed metrics are the company's figures: only the scores stay.
        report: sql`jsonb_set(${submissions.report}, '{metrics}', '[]'::jsonb)`,
        firstTouch: null,
        consents: {},
        erasedAt: now,
        // The link to the same person's earlier submission would tie the anonymous row back to them.
        previousSubmissionId: null,
      })
      .where(eq(submissions.id, id));
    // Likewise the later submissions that pointed at this one: their change is no longer measured against it.
    await tx.update(submissions).set({ previousSubmissionId: null }).where(eq(submissions.previousSubmissionId, id));
    await tx.delete(submissionActivity).where(eq(submissionActivity.submissionId, id));
    await tx.insert(submissionActivity).values({ submissionId: id, actor, kind: 'erased', createdAt: now });
    await tx.delete(outbox).where(or(eq(outbox.submissionId, id), sql`${outbox.to} @> array[${row.email}]::text[]`));
    await tx.delete(masterclassSignups).where(or(eq(masterclassSignups.submissionId, id), eq(masterclassSignups.email, row.email)));
    // The rate limits' counters are keyed by the same IP hash: they go too (their window restarts).
    if (row.ipHash) await tx.delete(rateLimitCounters).where(eq(rateLimitCounters.key, row.ipHash));
    // Its events, and those of a masterclass sign-up made with the same address before the diagnostic.
    await tx.delete(crmDeliveries).where(or(eq(crmDeliveries.submissionId, id), sql`${crmDeliveries.event}->'lead'->>'email' = ${row.email}`));
    const passedOn = crmDeliveryRows(erasureEvent({ email: row.email, submissionId: id }, { occurredAt: now }), options.crmTargets, id, row.consents);
    if (passedOn.length > 0) await tx.insert(crmDeliveries).values(passedOn);
    return 'erased';
  });
}

/**
 * Unsubscribes the address a link's token stands for: on the suppression list from now on, so no
 * later non-transactional email goes to it (checked when each is sent). Repeating it changes nothing.
 * @returns `invalid` when the token was not signed by this site
 */
export async function unsubscribe(token: string, deps: Pick<LeadDeps, 'db' | 'env'>): Promise<Outcome<'unsubscribed'>> {
  const hash = readUnsubscribeToken(token, deps.env.IP_HASH_SALT);
  if (!hash) return { kind: 'invalid', error: 'Invalid unsubscribe link', issues: [{ path: ['t'], message: 'is not a valid link' }] };
  try {
    const db = await deps.db();
    await db.insert(emailSuppressions).values({ emailHash: hash, reason: 'unsubscribed' }).onConflictDoNothing();
    return ok('unsubscribed');
  } catch (error) {
    return unavailable(error);
  }
}
