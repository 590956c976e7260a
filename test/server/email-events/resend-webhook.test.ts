import { beforeEach, describe, expect, it } from 'vitest';
import { randomBytes, randomUUID } from 'node:crypto';
import { eq } from 'drizzle-orm';
import { Webhook } from 'standardwebhooks';
import type { Db } from '../../../src/server/db/client.ts';
import { emailSuppressions, outbox, submissions } from '../../../src/server/db/schema.ts';
import { emailStatesOf, handleResendWebhook, type ResendWebhookDeps } from '../../../src/server/email-events/index.ts';
import { EnvError, parseEnv } from '../../../src/server/env.ts';
import { isCrossSiteForm } from '../../../src/server/lib/origin.ts';
import { emailHash } from '../../../src/server/lib/signed-links.ts';
import { drainOutbox, outboxRow, type Mailer } from '../../../src/server/outbox/index.ts';
import { openForSuite, TEST_DATABASES } from '../../helpers/db.ts';

const SECRET = `whsec_${randomBytes(32).toString('base64')}`;
const SALT = 'test-salt-0123456789';
const ENDPOINT = 'https://diagnostico.example/api/webhooks/resend';
/** Resend's clock for the events: a fixed morning, with `t(n)` n seconds later. */
const T0 = Date.parse('2026-05-04T10:00:00.000Z');
const t = (seconds: number) => new Date(T0 + seconds * 1000);
const silent = () => {};

/** An event as Resend sends it (https://resend.com/docs/webhooks/event-types). */
function resendEvent(type: string, emailId: string, at: Date, data: Record<string, unknown> = {}) {
  return {
    type,
    created_at: at.toISOString(),
    data: { created_at: t(-60).toISOString().replace('Z', '+00:00'), email_id: emailId, from: 'Diagnóstico <hola@example.com>', to: ['ana@example.com'], subject: 'Tu diagnóstico', ...data },
  };
}

interface SignOptions {
  secret?: string;
  /** The attempt's time (Svix signs each attempt anew); now by default. */
  signedAt?: Date;
  /** Svix's message id: the same on every retry of one event. */
  id?: string;
  /** `svix` as Resend sends them, or the Standard Webhooks names. */
  prefix?: 'svix' | 'webhook';
}

/** A POST as Resend (through Svix) makes it: JSON, no Origin, signed over `id.timestamp.body`. */
function resendRequest(body: unknown, options: SignOptions = {}): Request {
  const text = typeof body === 'string' ? body : JSON.stringify(body);
  const id = options.id ?? `msg_${randomBytes(12).toString('hex')}`;
  const at = options.signedAt ?? new Date();
  const prefix = options.prefix ?? 'svix';
  return new Request(ENDPOINT, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      'user-agent': 'Svix-Webhooks/1.0',
      [`${prefix}-id`]: id,
      [`${prefix}-timestamp`]: String(Math.floor(at.getTime() / 1000)),
      [`${prefix}-signature`]: new Webhook(options.secret ?? SECRET).sign(id, at, text),
    },
    body: text,
  });
}

/** A mailer that records what it was given. */
function recordingMailer(): Mailer & { sent: { to: string[]; subject: string }[] } {
  const sent: { to: string[]; subject: string }[] = [];
  return {
    sent,
    async send(message) {
      sent.push({ to: message.to, subject: message.subject });
      return { providerId: `re_sent_${sent.length}` };
    },
  };
}

describe.each(TEST_DATABASES)("Resend's delivery webhooks on $name", (testDb) => {
  const database = openForSuite(testDb);
  let deps: ResendWebhookDeps;

  /** An email the outbox already sent, known to Resend as `providerId`. */
  async function sentEmail(providerId: string, to: string[] = ['ana@example.com'], options: { kind?: 'report' | 'consultant' | 'reminder'; submissionId?: string } = {}) {
    const [row] = await database.db
      .insert(outbox)
      .values({ ...outboxRow(options.kind ?? 'report', to, { subject: `Email ${providerId}`, html: '<p>h</p>', text: 't' }, { submissionId: options.submissionId ?? null }), sentAt: t(-60), providerId })
      .returning({ id: outbox.id });
    return row!.id;
  }
  const stateOf = async (id: string) => {
    const [row] = await database.db.select({ state: outbox.deliveryState, at: outbox.deliveryStateAt }).from(outbox).where(eq(outbox.id, id));
    return row!;
  };
  const suppressions = () => database.db.select({ emailHash: emailSuppressions.emailHash, reason: emailSuppressions.reason }).from(emailSuppressions);
  const post = (body: unknown, options?: SignOptions) => handleResendWebhook(resendRequest(body, options), deps);

  beforeEach(async () => {
    for (const table of [outbox, emailSuppressions, submissions]) await database.db.delete(table);
    deps = { db: async () => database.db, secret: SECRET, salt: SALT };
  });

  it("records the state Resend reports on the email with that provider id, at the event's own time", async () => {
    const id = await sentEmail('re_delivered');
    const other = await sentEmail('re_other');
    const response = await post(resendEvent('email.delivered', 're_delivered', t(5)));
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ ok: true });
    expect(await stateOf(id)).toEqual({ state: 'delivered', at: t(5) });
    expect(await stateOf(other)).toEqual({ state: null, at: null });
  });

  it('refuses an unsigned, forged, stale or altered event with 401 and changes nothing', async () => {
    const id = await sentEmail('re_target');
    const event = resendEvent('email.bounced', 're_target', t(5), { bounce: { type: 'Permanent', subType: 'General', message: 'no such user' } });
    const unsigned = new Request(ENDPOINT, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(event) });
    const genuine = resendRequest(event);
    const forgedRequests = [
      unsigned,
      resendRequest(event, { secret: `whsec_${randomBytes(32).toString('base64')}` }),
      // Signed by Resend ten minutes ago: a captured request replayed later.
      resendRequest(event, { signedAt: new Date(Date.now() - 10 * 60_000) }),
      // A genuine signature over another body.
      new Request(ENDPOINT, { method: 'POST', headers: genuine.headers, body: JSON.stringify(event).replace('"Permanent"', '"Transient"') }),
    ];
    for (const request of forgedRequests) {
      const response = await handleResendWebhook(request, deps);
      expect(response.status).toBe(401);
      expect(((await response.json()) as { error: string }).error).toMatch(/^Invalid webhook signature: /);
    }
    expect(await stateOf(id)).toEqual({ state: null, at: null });
    expect(await suppressions()).toEqual([]);
  });

  it('accepts the Standard Webhooks header names (webhook-id, webhook-timestamp, webhook-signature) as well as Svix ones', async () => {
    const id = await sentEmail('re_std');
    expect((await post(resendEvent('email.sent', 're_std', t(1)), { prefix: 'webhook' })).status).toBe(200);
    expect((await stateOf(id)).state).toBe('sent');
  });

  it('suppresses a hard-bounced address, so a later non-transactional email to it is dropped while a transactional one still goes', async () => {
    const id = await sentEmail('re_bounce', ['Bea@Example.com']);
    const response = await post(resendEvent('email.bounced', 're_bounce', t(5), { bounce: { type: 'Permanent', subType: 'General', message: 'mailbox does not exist' } }));
    expect(response.status).toBe(200);
    expect(await stateOf(id)).toEqual({ state: 'bounced', at: t(5) });
    expect(await suppressions()).toEqual([{ emailHash: emailHash('bea@example.com', SALT), reason: 'bounced' }]);

    await database.db.insert(outbox).values([
      outboxRow('reminder', ['bea@example.com'], { subject: 'A reminder', html: '<p>r</p>', text: 'r' }),
      outboxRow('report', ['bea@example.com'], { subject: 'Your report', html: '<p>r</p>', text: 'r' }),
    ]);
    const mailer = recordingMailer();
    const result = await drainOutbox(database.db, mailer, { suppressionSalt: SALT, log: silent });
    expect(result).toMatchObject({ sent: 1, dropped: 1 });
    expect(mailer.sent.map((m) => m.subject)).toEqual(['Your report']);
    const [reminder] = await database.db.select().from(outbox).where(eq(outbox.kind, 'reminder'));
    expect(reminder!.droppedAt).not.toBeNull();
  });

  it('records a soft bounce without suppressing the address', async () => {
    const id = await sentEmail('re_soft');
    expect((await post(resendEvent('email.bounced', 're_soft', t(5), { bounce: { type: 'Transient', subType: 'MailboxFull', message: 'full' } }))).status).toBe(200);
    expect((await stateOf(id)).state).toBe('bounced');
    expect(await suppressions()).toEqual([]);
  });

  it('suppresses an address whose owner marked the email as spam', async () => {
    const id = await sentEmail('re_spam', ['carla@example.com']);
    await post(resendEvent('email.delivered', 're_spam', t(5)));
    expect((await post(resendEvent('email.complained', 're_spam', t(60)))).status).toBe(200);
    expect(await stateOf(id)).toEqual({ state: 'complained', at: t(60) });
    expect(await suppressions()).toEqual([{ emailHash: emailHash('carla@example.com', SALT), reason: 'complained' }]);
  });

  it('does not suppress anyone when an email to several recipients (the consultants) bounces: the event does not say which one', async () => {
    const id = await sentEmail('re_team', ['c1@example.com', 'c2@example.com'], { kind: 'consultant' });
    await post(resendEvent('email.bounced', 're_team', t(5), { to: ['c1@example.com', 'c2@example.com'], bounce: { type: 'Permanent' } }));
    expect((await stateOf(id)).state).toBe('bounced');
    expect(await suppressions()).toEqual([]);
  });

  it('never moves an email back from a bounce or a complaint when earlier events arrive late', async () => {
    const bounced = await sentEmail('re_late');
    await post(resendEvent('email.bounced', 're_late', t(10), { bounce: { type: 'Permanent' } }));
    for (const [type, at] of [['email.delivered', t(5)], ['email.sent', t(1)], ['email.delivery_delayed', t(20)], ['email.delivered', t(30)]] as const) {
      expect((await post(resendEvent(type, 're_late', at))).status).toBe(200);
    }
    expect(await stateOf(bounced)).toEqual({ state: 'bounced', at: t(10) });

    // Before a final state, states only move forward: a late `sent` does not undo `delivered`.
    const delivered = await sentEmail('re_forward');
    await post(resendEvent('email.delivered', 're_forward', t(10)));
    await post(resendEvent('email.sent', 're_forward', t(1)));
    await post(resendEvent('email.delivery_delayed', 're_forward', t(4)));
    expect(await stateOf(delivered)).toEqual({ state: 'delivered', at: t(10) });
    // A complaint after delivery still lands.
    await post(resendEvent('email.complained', 're_forward', t(90)));
    expect((await stateOf(delivered)).state).toBe('complained');
  });

  it('keeps the latest time when the same state is reported again later, and ignores an older repeat', async () => {
    const id = await sentEmail('re_delay');
    await post(resendEvent('email.delivery_delayed', 're_delay', t(10)));
    await post(resendEvent('email.delivery_delayed', 're_delay', t(70)));
    await post(resendEvent('email.delivery_delayed', 're_delay', t(40)));
    expect(await stateOf(id)).toEqual({ state: 'delivery_delayed', at: t(70) });
  });

  it('lands on the bounce when a delivery and the bounce arrive at the same time', async () => {
    const id = await sentEmail('re_race');
    const responses = await Promise.all([
      post(resendEvent('email.bounced', 're_race', t(10), { bounce: { type: 'Permanent' } })),
      post(resendEvent('email.delivered', 're_race', t(20))),
    ]);
    expect(responses.map((r) => r.status)).toEqual([200, 200]);
    expect(await stateOf(id)).toEqual({ state: 'bounced', at: t(10) });
  });

  it('changes nothing more when Svix delivers the same event again (same id, signed anew)', async () => {
    const id = await sentEmail('re_twice', ['dora@example.com']);
    const event = resendEvent('email.complained', 're_twice', t(30));
    expect((await post(event, { id: 'msg_same', signedAt: new Date(Date.now() - 30_000) })).status).toBe(200);
    const first = { state: await stateOf(id), suppressions: await suppressions() };
    expect((await post(event, { id: 'msg_same' })).status).toBe(200);
    expect({ state: await stateOf(id), suppressions: await suppressions() }).toEqual(first);
    expect(first.suppressions).toHaveLength(1);
  });

  it('answers 200 and changes nothing for an email another app sent from the same Resend account', async () => {
    const id = await sentEmail('re_ours');
    for (const type of ['email.delivered', 'email.bounced', 'email.complained']) {
      const response = await post(resendEvent(type, 're_someone_else', t(5), { to: ['ana@example.com'], bounce: { type: 'Permanent' } }));
      expect(response.status).toBe(200);
      expect(await response.json()).toEqual({ ok: true });
    }
    expect(await stateOf(id)).toEqual({ state: null, at: null });
    expect(await suppressions()).toEqual([]);
  });

  it('answers 200 and records nothing for events this site does not track (opens, clicks, contacts, unknown types)', async () => {
    const id = await sentEmail('re_tracked');
    for (const event of [
      resendEvent('email.opened', 're_tracked', t(5)),
      resendEvent('email.clicked', 're_tracked', t(6), { click: { link: 'https://diagnostico.example/', ipAddress: '203.0.113.1', timestamp: t(6).toISOString(), userAgent: 'x' } }),
      { type: 'contact.created', created_at: t(7).toISOString(), data: { id: randomUUID(), email: 'ana@example.com' } },
      // A type named like an Object.prototype member is not taken for a tracked one.
      resendEvent('constructor', 're_tracked', t(8)),
    ]) {
      expect((await post(event)).status).toBe(200);
    }
    expect(await stateOf(id)).toEqual({ state: null, at: null });
  });

  it('answers 400, naming the field, for a signed body that is not a Resend event', async () => {
    const id = await sentEmail('re_shape');
    const cases: [unknown, (string | number)[]][] = [
      [{ hello: 'world' }, ['type']],
      [{ type: 'email.delivered', created_at: 'yesterday', data: { email_id: 're_shape' } }, ['created_at']],
      [{ type: 'email.delivered', created_at: t(5).toISOString(), data: { to: ['ana@example.com'] } }, ['data', 'email_id']],
    ];
    for (const [body, path] of cases) {
      const response = await post(body);
      expect(response.status).toBe(400);
      const answer = (await response.json()) as { issues: { path: (string | number)[] }[] };
      expect(answer.issues.map((issue) => issue.path)).toContainEqual(path);
    }
    expect((await post('{"type": "email.delivered",')).status).toBe(400);
    expect(await stateOf(id)).toEqual({ state: null, at: null });
  });

  it('refuses a body over 64 KiB with 413 without reading the rest of it', async () => {
    const id = await sentEmail('re_big');
    const chunkBytes = 16 * 1024;
    let pulled = 0;
    // Ten megabytes offered, a chunk at a time: the reader must stop soon after the bound.
    const stream = new ReadableStream<Uint8Array>({
      pull(controller) {
        if (pulled >= 10 * 1024 * 1024) return controller.close();
        pulled += chunkBytes;
        controller.enqueue(new Uint8Array(chunkBytes).fill(0x20));
      },
    });
    const signed = resendRequest(resendEvent('email.delivered', 're_big', t(5)));
    const streamed = await handleResendWebhook(new Request(ENDPOINT, { method: 'POST', headers: signed.headers, body: stream, duplex: 'half' } as RequestInit), deps);
    expect(streamed.status).toBe(413);
    expect(pulled).toBeLessThanOrEqual(64 * 1024 + 2 * chunkBytes);

    // A declared length over the bound is refused before a byte is read.
    let touched = false;
    // No queue to fill ahead (highWaterMark 0): pulled only when someone reads.
    const declared = new ReadableStream<Uint8Array>(
      {
        pull(controller) {
          touched = true;
          controller.close();
        },
      },
      { highWaterMark: 0 },
    );
    const headers = new Headers(signed.headers);
    headers.set('content-length', String(5 * 1024 * 1024));
    const refused = await handleResendWebhook(new Request(ENDPOINT, { method: 'POST', headers, body: declared, duplex: 'half' } as RequestInit), deps);
    expect(refused.status).toBe(413);
    expect(touched).toBe(false);
    expect(await stateOf(id)).toEqual({ state: null, at: null });
  });

  it('answers 503 naming RESEND_WEBHOOK_SECRET when it is not set, and changes nothing', async () => {
    const id = await sentEmail('re_unconfigured');
    const response = await handleResendWebhook(resendRequest(resendEvent('email.bounced', 're_unconfigured', t(5))), { ...deps, secret: undefined });
    expect(response.status).toBe(503);
    expect(((await response.json()) as { error: string }).error).toContain('RESEND_WEBHOOK_SECRET');
    expect(await stateOf(id)).toEqual({ state: null, at: null });
  });

  it('answers 503 with retry-after when the database is unavailable, so Resend tries again', async () => {
    const response = await handleResendWebhook(resendRequest(resendEvent('email.delivered', 're_x', t(5))), {
      ...deps,
      db: async (): Promise<Db> => {
        throw new Error('connection refused');
      },
    });
    expect(response.status).toBe(503);
    expect(response.headers.get('retry-after')).toBe('30');
  });

  it("lists a submission's emails oldest first with what became of each, and no other submission's", async () => {
    const submission = randomUUID();
    const other = randomUUID();
    for (const id of [submission, other]) {
      await database.db.insert(submissions).values({
        id,
        token: randomBytes(24).toString('base64url'),
        idempotencyKey: randomUUID(),
        locale: 'es',
        answers: {},
        segment: { businessModel: 'saas', dealSize: 'acv-under-12k' },
        report: {} as never,
        questionnaireVersion: 'test',
        contactName: 'Ana',
        contactEmail: 'ana@example.com',
        consentAt: t(-600),
        startedAt: t(-1200),
      });
    }
    await sentEmail('re_report', ['ana@example.com'], { submissionId: submission });
    await sentEmail('re_notice', ['c1@example.com', 'c2@example.com'], { kind: 'consultant', submissionId: submission });
    await sentEmail('re_elsewhere', ['ana@example.com'], { submissionId: other });
    await post(resendEvent('email.bounced', 're_report', t(5), { bounce: { type: 'Permanent' } }));
    await post(resendEvent('email.delivered', 're_notice', t(6)));

    const states = await emailStatesOf(database.db, submission);
    expect(states).toEqual([
      { kind: 'report', to: ['ana@example.com'], subject: 'Email re_report', sentAt: t(-60), droppedAt: null, lastError: null, deliveryState: 'bounced', deliveryStateAt: t(5) },
      { kind: 'consultant', to: ['c1@example.com', 'c2@example.com'], subject: 'Email re_notice', sentAt: t(-60), droppedAt: null, lastError: null, deliveryState: 'delivered', deliveryStateAt: t(6) },
    ]);
  });
});

describe("Resend's webhook requests and the site's guards", () => {
  it("passes the cross-site form check: Resend posts JSON without an Origin, which only forms are refused for", () => {
    const request = resendRequest(resendEvent('email.delivered', 're_x', t(5)));
    expect(request.headers.get('origin')).toBeNull();
    expect(isCrossSiteForm(request, new URL(request.url))).toBe(false);
    // The same post as a form would be refused: the check is not simply off for this path.
    const form = new Request(ENDPOINT, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: 'a=b' });
    expect(isCrossSiteForm(form, new URL(form.url))).toBe(true);
  });

  it('takes RESEND_WEBHOOK_SECRET only as a whsec_ signing secret', () => {
    expect(parseEnv({ RESEND_WEBHOOK_SECRET: SECRET }).RESEND_WEBHOOK_SECRET).toBe(SECRET);
    expect(parseEnv({}).RESEND_WEBHOOK_SECRET).toBeUndefined();
    expect(() => parseEnv({ RESEND_WEBHOOK_SECRET: 'not-a-secret' })).toThrow(EnvError);
    expect(() => parseEnv({ RESEND_WEBHOOK_SECRET: 'not-a-secret' })).toThrow(/RESEND_WEBHOOK_SECRET: must be the "whsec_…" signing secret/);
  });
});
