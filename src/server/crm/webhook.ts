import { Webhook } from 'standardwebhooks';
import type { CrmEvent } from '../../domain/schemas/crm-event.ts';

export interface WebhookConfig {
  /** Where events are POSTed. */
  url: string;
  /** The shared signing secret, `whsec_…` (base64). */
  secret: string;
  /** How long to wait for the receiver's answer, in ms; past it the attempt fails and is retried. */
  timeoutMs?: number;
}

const DEFAULT_TIMEOUT_MS = 10_000;

/**
 * The Standard Webhooks headers for one attempt: `webhook-id` is the event id (the same on every
 * retry, so the receiver can deduplicate), `webhook-timestamp` the attempt's time in seconds, and
 * `webhook-signature` `v1,<base64 HMAC-SHA256 of "id.timestamp.body">`.
 */
export function webhookHeaders(event: Pick<CrmEvent, 'id'>, body: string, secret: string, at: Date = new Date()): Record<string, string> {
  return {
    'webhook-id': event.id,
    'webhook-timestamp': String(Math.floor(at.getTime() / 1000)),
    'webhook-signature': new Webhook(secret).sign(event.id, at, body),
  };
}

/**
 * POSTs the event as JSON to the webhook, signed per Standard Webhooks. Each attempt is signed
 * anew (receivers refuse a timestamp older than five minutes); the id never changes. Throws on
 * any answer but 2xx, on a network error and when no answer comes within `timeoutMs`.
 */
export async function deliverToWebhook(event: CrmEvent, config: WebhookConfig): Promise<void> {
  const timeoutMs = config.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const body = JSON.stringify(event);
  let response: Response;
  try {
    response = await fetch(config.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'user-agent': 'diagnostico-revops-webhook/1', ...webhookHeaders(event, body, config.secret) },
      body,
      redirect: 'error',
      signal: AbortSignal.timeout(timeoutMs),
    });
    if (response.ok) {
      await response.body?.cancel();
      return;
    }
  } catch (error) {
    if (error instanceof Error && error.name === 'TimeoutError') throw new Error(`webhook did not answer within ${timeoutMs} ms`);
    throw new Error(`webhook unreachable: ${error instanceof Error ? (error.cause instanceof Error ? error.cause.message : error.message) : String(error)}`);
  }
  const text = await response.text().catch(() => '');
  throw new Error(`webhook answered ${response.status}${text ? `: ${text.slice(0, 200)}` : ''}`);
}
