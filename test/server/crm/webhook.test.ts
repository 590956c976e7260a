import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { randomBytes } from 'node:crypto';
import { Webhook } from 'standardwebhooks';
import { submissionEvent } from '../../../src/server/crm/events.ts';
import { deliverToWebhook, webhookHeaders } from '../../../src/server/crm/webhook.ts';
import { WebhookReceiver } from '../../helpers/webhook-receiver.ts';
import { q, SITE, submissionRow, WEBHOOK_SECRET } from './fixtures.ts';

const receiver = new WebhookReceiver(WEBHOOK_SECRET);
const event = submissionEvent('lead.submitted', submissionRow(), q, SITE);

beforeAll(() => receiver.start());
afterAll(() => receiver.stop());
beforeEach(() => receiver.reset());

describe('the signed webhook (Standard Webhooks)', () => {
  it('posts the event as JSON, signed so a standardwebhooks receiver verifies it, with the event id as webhook-id', async () => {
    await deliverToWebhook(event, { url: receiver.url, secret: WEBHOOK_SECRET });
    expect(receiver.verified).toBe(1);
    expect(receiver.rejected).toBe(0);
    expect(receiver.processed.get(event.id)).toEqual(event);
    expect(receiver.lastHeaders['webhook-id']).toBe(event.id);
    expect(receiver.lastHeaders['content-type']).toBe('application/json');
    expect(Math.abs(Number(receiver.lastHeaders['webhook-timestamp']) - Date.now() / 1000)).toBeLessThan(5);
  });

  it('is refused by a receiver holding another secret, and the delivery fails with its status', async () => {
    const other = `whsec_${randomBytes(32).toString('base64')}`;
    await expect(deliverToWebhook(event, { url: receiver.url, secret: other })).rejects.toThrow(/webhook answered 401/);
    expect(receiver.rejected).toBe(1);
    expect(receiver.processed.size).toBe(0);
  });

  it('signs the exact body: a changed byte no longer verifies', () => {
    const body = JSON.stringify(event);
    const headers = webhookHeaders(event, body, WEBHOOK_SECRET);
    const verifier = new Webhook(WEBHOOK_SECRET);
    expect(verifier.verify(body, headers)).toEqual(event);
    expect(() => verifier.verify(body.replace('ana@example.com', 'eve@example.com'), headers)).toThrow(/signature/i);
  });

  it('fails on a 5xx and when no answer comes within the timeout', async () => {
    receiver.mode = 'fail';
    await expect(deliverToWebhook(event, { url: receiver.url, secret: WEBHOOK_SECRET })).rejects.toThrow(/webhook answered 500: receiver failure/);
    receiver.mode = 'hang';
    const started = Date.now();
    await expect(deliverToWebhook(event, { url: receiver.url, secret: WEBHOOK_SECRET, timeoutMs: 150 })).rejects.toThrow('webhook did not answer within 150 ms');
    expect(Date.now() - started).toBeLessThan(2_000);
    await expect(deliverToWebhook(event, { url: 'http://127.0.0.1:9/', secret: WEBHOOK_SECRET })).rejects.toThrow(/webhook unreachable/);
  });

  it('sends the same webhook-id on a retry after a lost answer, so the receiver processes the event once', async () => {
    receiver.loseAnswersNext = 1;
    await expect(deliverToWebhook(event, { url: receiver.url, secret: WEBHOOK_SECRET, timeoutMs: 150 })).rejects.toThrow(/within 150 ms/);
    await deliverToWebhook(event, { url: receiver.url, secret: WEBHOOK_SECRET, timeoutMs: 150 });
    expect(receiver.verified).toBe(2);
    expect([...receiver.processed.keys()]).toEqual([event.id]);
  });
});
