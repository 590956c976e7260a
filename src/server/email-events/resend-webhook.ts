import { z } from 'astro/zod';
import { Webhook, WebhookVerificationError } from 'standardwebhooks';
import type { Db } from '../db/client.ts';
import { MAX_REQUEST_BODY_BYTES, readBoundedBody } from '../lib/body.ts';
import { refusalResponse } from '../lib/form.ts';
import { fieldIssues, HttpError, json, jsonError } from '../lib/http.ts';
import { recordDeliveryEvent, type DeliveryState, type SuppressionReason } from './delivery-state.ts';

/**
 * The state each Resend event type records. Not listed, so answered 200 and ignored: `email.opened`
 * and `email.clicked` (tracking is off: its pixel and rewritten links are personal data the
 * prospect did not agree to, and opens are unreliable anyway), `email.scheduled` (this site never
 * schedules with Resend), `email.received`, and the contact, domain and other events of the account.
 */
export const STATE_OF_RESEND_EVENT: ReadonlyMap<string, DeliveryState> = new Map<string, DeliveryState>([
  ['email.sent', 'sent'],
  ['email.delivery_delayed', 'delivery_delayed'],
  ['email.delivered', 'delivered'],
  ['email.failed', 'failed'],
  ['email.suppressed', 'suppressed'],
  ['email.bounced', 'bounced'],
  ['email.complained', 'complained'],
]);

/**
 * A Resend webhook event, as far as this site reads it (Resend's other fields are let through
 * unread). See https://resend.com/docs/webhooks/event-types.
 */
export const ResendEventSchema = z
  .object({
    /** The event, e.g. `email.delivered`; see `STATE_OF_RESEND_EVENT`. */
    type: z.string({ error: 'must be the event type' }).min(1, 'must be the event type'),
    /** When the event happened (ISO 8601), by Resend's clock: what orders events that arrive out of order. */
    created_at: z
      .string({ error: 'must be an ISO 8601 date and time' })
      .refine((value) => !Number.isNaN(Date.parse(value)), 'must be an ISO 8601 date and time')
      .transform((value) => new Date(value)),
    data: z.looseObject({
      /** Resend's id of the email: the `providerId` it answered when the outbox sent it. Required for email events. */
      email_id: z.string().min(1).max(200).optional(),
      /** On `email.bounced`: `type` is `Permanent` (a hard bounce), `Transient` or `Undetermined`. */
      bounce: z.looseObject({ type: z.string().optional() }).optional(),
    }, { error: 'must be the event data' }),
  })
  .superRefine((event, ctx) => {
    if (STATE_OF_RESEND_EVENT.has(event.type) && !event.data.email_id) ctx.addIssue({ code: 'custom', path: ['data', 'email_id'], message: 'required for email events' });
  });
export type ResendEvent = z.output<typeof ResendEventSchema>;

/**
 * Why an event puts the recipient on the suppression list: a complaint always; a bounce when it is
 * hard (`Permanent`, or no type given: Resend sends `email.bounced` for permanent rejections).
 * A soft bounce records its state but suppresses nobody: the address may work tomorrow.
 */
function suppressionOf(event: ResendEvent): SuppressionReason | undefined {
  if (event.type === 'email.complained') return 'complained';
  if (event.type !== 'email.bounced') return undefined;
  const bounceType = event.data.bounce?.type;
  return bounceType === undefined || bounceType.toLowerCase() === 'permanent' ? 'bounced' : undefined;
}

/**
 * The signature headers as `standardwebhooks` reads them: Resend sends Svix's `svix-id`,
 * `svix-timestamp` and `svix-signature`; the same values under the Standard Webhooks names
 * (`webhook-*`) are accepted too, and win when both are present.
 */
function signatureHeaders(headers: Headers): Record<string, string> {
  const pick = (name: string) => headers.get(`webhook-${name}`) ?? headers.get(`svix-${name}`) ?? '';
  return { 'webhook-id': pick('id'), 'webhook-timestamp': pick('timestamp'), 'webhook-signature': pick('signature') };
}

export interface ResendWebhookDeps {
  /** The database; throws when it is unavailable (answered 503, and Resend retries). */
  db: () => Promise<Db>;
  /** `RESEND_WEBHOOK_SECRET`: the endpoint's signing secret in Resend (`whsec_…`); unset: every event is refused 503. */
  secret: string | undefined;
  /** `IP_HASH_SALT`: the suppression list keeps salted hashes of the addresses. */
  salt: string;
}

/**
 * `POST /api/webhooks/resend`: what Resend reports about the emails the outbox sent (signed by
 * Svix, the Standard Webhooks scheme). The body is read raw (the signature covers its exact bytes)
 * and bounded while it streams; then the signature and its timestamp (at most 5 minutes off, so a
 * captured request cannot be replayed later) are checked before anything is parsed.
 * Answers `200 {ok: true}` once recorded (`recordDeliveryEvent`), and also for an event type this
 * site ignores or an email it did not send (another app on the same Resend account); `401`
 * unsigned, forged or stale; `400` a signed body that is not an event; `413` over 64 KiB;
 * `503` without `RESEND_WEBHOOK_SECRET`, or when the database is unavailable (Resend retries).
 */
export async function handleResendWebhook(request: Request, deps: ResendWebhookDeps): Promise<Response> {
  if (!deps.secret) return jsonError(503, 'Resend webhooks are not configured: set RESEND_WEBHOOK_SECRET to the signing secret Resend shows for this endpoint');
  let verifier: Webhook;
  try {
    verifier = new Webhook(deps.secret);
  } catch {
    return jsonError(503, 'RESEND_WEBHOOK_SECRET is not a valid signing secret (whsec_…)');
  }

  let payload: string;
  try {
    payload = new TextDecoder().decode(await readBoundedBody(request, MAX_REQUEST_BODY_BYTES));
  } catch (error) {
    if (error instanceof HttpError) return error.response;
    return jsonError(400, 'Body could not be read');
  }

  try {
    verifier.verify(payload, signatureHeaders(request.headers), { jsonParse: false });
  } catch (error) {
    const reason = error instanceof WebhookVerificationError ? error.message : 'unverifiable';
    return jsonError(401, `Invalid webhook signature: ${reason}`);
  }

  let body: unknown;
  try {
    body = JSON.parse(payload);
  } catch {
    return jsonError(400, 'Body is not valid JSON', [{ path: [], message: 'not valid JSON' }]);
  }
  const parsed = ResendEventSchema.safeParse(body);
  if (!parsed.success) return jsonError(400, 'Not a Resend webhook event', fieldIssues(parsed.error.issues));
  const event = parsed.data;
  const state = STATE_OF_RESEND_EVENT.get(event.type);
  if (!state || !event.data.email_id) return json({ ok: true });

  try {
    await recordDeliveryEvent(await deps.db(), { providerId: event.data.email_id, state, at: event.created_at, suppress: suppressionOf(event), salt: deps.salt });
  } catch (error) {
    console.error('[email-events] could not record a Resend event:', error instanceof Error ? error.message : error);
    return refusalResponse({ kind: 'unavailable', error: 'The database is unavailable; the event was not recorded.' });
  }
  return json({ ok: true });
}
