import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { count, eq, isNull } from 'drizzle-orm';
import { outbox, submissions } from '../../../src/server/db/schema.ts';
import { backoffMs, cancelScheduledDrains, deliverPending, drainOutbox, outboxRow, renderPending, resendMailer, scheduleDrain, unrenderedOutboxRow, type EmailRenderer, type Mailer } from '../../../src/server/outbox/outbox.ts';
import { settled } from '../../../src/server/lib/after.ts';
import { rateLimitCounters } from '../../../src/server/db/schema.ts';
import { createSubmission, type LeadDeps } from '../../../src/server/leads/submissions.ts';
import { realQuestionnaire } from '../../helpers/content.ts';
import { openForSuite, TEST_DATABASES } from '../../helpers/db.ts';
import { ResendStub } from '../../helpers/resend-stub.ts';
import { jsonRequest, validPayload, TEST_CONTACT } from '../../helpers/submission.ts';

const q = realQuestionnaire();
const stub = new ResendStub();
const silent = () => {};

beforeAll(async () => {
  await stub.start();
  process.env.RESEND_BASE_URL = stub.url;
});
afterAll(async () => {
  await stub.stop();
  delete process.env.RESEND_BASE_URL;
});

describe('backoffMs', () => {
  it('doubles from five seconds and stops at six hours', () => {
    expect([1, 2, 3, 4].map(backoffMs)).toEqual([5_000, 10_000, 20_000, 40_000]);
    expect(backoffMs(30)).toBe(6 * 3600_000);
  });
});

describe.each(TEST_DATABASES)('emails through the Resend SDK on $name', (testDb) => {
  const database = openForSuite(testDb);
  let deps: LeadDeps;

  beforeEach(async () => {
    await settled();
    cancelScheduledDrains();
    await database.db.delete(outbox);
    await database.db.delete(submissions);
    await database.db.delete(rateLimitCounters);
    stub.mode = 'ok';
    stub.failNext = 0;
    stub.delivered.length = 0;
    deps = {
      db: async () => database.db,
      questionnaire: q,
      env: { SITE_URL: 'https://diagnostico.example', CONSULTANT_EMAILS: ['consultor@example.com'], IP_HASH_SALT: 'test-salt-0123456789', RATE_LIMIT_PER_HOUR: 100, MIN_FILL_SECONDS: 0, EMAILS_PER_HOUR: 1000, SIGN_IN_EMAILS_PER_HOUR: 30 },
      mailer: resendMailer('re_test_key', 'Diagnóstico <hola@example.com>', 300),
      ip: '203.0.113.9',
    };
  });
  afterEach(async () => {
    await settled();
    cancelScheduledDrains();
  });

  it("delivers the visitor's report and the consultants' notice with the right content", async () => {
    const response = await createSubmission(jsonRequest(validPayload(q, { locale: 'pt', contact: { ...TEST_CONTACT, name: 'Maria Silva', email: 'maria@example.com', company: 'Loja' } })), deps);
    expect(response.status).toBe(201);
    const { resultUrl } = (await response.json()) as { resultUrl: string };
    // Sent after the answer, by the drain the request scheduled.
    await settled();
    const [row] = await database.db.select().from(submissions);
    const report = stub.delivered.find((e) => e.to.includes('maria@example.com'))!;
    expect(report.subject).toContain(String(row!.overallScore));
    expect(report.subject).toContain(row!.report.overall.band!.label);
    expect(report.html).toContain(`https://diagnostico.example${resultUrl}`);
    expect(report.text).toContain(`https://diagnostico.example${resultUrl}`);
    for (const d of row!.report.dimensions) expect(report.text).toContain(d.name);
    expect(report.from).toBe('Diagnóstico <hola@example.com>');
    const notice = stub.delivered.find((e) => e.to.includes('consultor@example.com'))!;
    expect(notice.html).toContain('Maria Silva');
    expect(notice.html).toContain(`https://diagnostico.example/consultants/submissions/${row!.id}`);
    expect(stub.delivered).toHaveLength(2);
    expect(new Set(stub.delivered.map((e) => e.idempotencyKey)).size).toBe(2);
    const unsent = await database.db.select({ n: count() }).from(outbox).where(isNull(outbox.sentAt));
    expect(unsent[0]!.n).toBe(0);
  });

  for (const mode of ['fail', 'hang'] as const) {
    it(`stores every submission while the provider ${mode === 'fail' ? 'answers 500' : 'times out'}, then delivers each email exactly once`, async () => {
      stub.mode = mode;
      for (let i = 0; i < 3; i++) expect((await createSubmission(jsonRequest(validPayload(q)), deps)).status).toBe(201);
      await settled();
      cancelScheduledDrains();
      expect((await database.db.select({ n: count() }).from(submissions))[0]!.n).toBe(3);
      expect(stub.delivered).toHaveLength(0);
      const failed = await database.db.select().from(outbox);
      expect(failed).toHaveLength(6);
      expect(failed.every((r) => r.sentAt === null && r.attempts === 1 && r.lastError && r.nextAttemptAt > new Date())).toBe(true);

      // The cron run respects the backoff: nothing is due yet.
      stub.mode = 'ok';
      expect(await deliverPending(database.db, deps.mailer, { log: silent })).toMatchObject({ sent: 0, failed: 0, held: 0 });
      // `npm run outbox` ignores the backoff.
      expect(await deliverPending(database.db, deps.mailer, { ignoreBackoff: true, log: silent })).toMatchObject({ sent: 6, failed: 0, held: 0 });
      expect(await deliverPending(database.db, deps.mailer, { ignoreBackoff: true, log: silent })).toMatchObject({ sent: 0, failed: 0, held: 0 });
      expect(stub.delivered).toHaveLength(6);
      expect(new Set(stub.delivered.map((e) => e.idempotencyKey)).size).toBe(6);
    });
  }

  it('keeps emails in the outbox when there is no RESEND_API_KEY', async () => {
    const response = await createSubmission(jsonRequest(validPayload(q)), { ...deps, mailer: null });
    expect(response.status).toBe(201);
    await settled();
    expect(stub.delivered).toHaveLength(0);
    expect((await deliverPending(database.db, null, { log: silent })).held).toBe(2);
  });

  it('retries a failed report within seconds of the request, with no cron', async () => {
    stub.failNext = 1;
    const asked = Date.now();
    const response = await createSubmission(jsonRequest(validPayload(q, { contact: { ...TEST_CONTACT, name: 'Rita', email: 'rita@example.com' } })), deps);
    expect(response.status).toBe(201);
    await settled();
    // The first attempt failed; the drain's own timer retries when the backoff ends.
    expect(stub.delivered.some((e) => e.to.includes('rita@example.com'))).toBe(false);
    await expect.poll(() => stub.delivered.some((e) => e.to.includes('rita@example.com')), { timeout: 15_000, interval: 100 }).toBe(true);
    const seconds = (Date.now() - asked) / 1000;
    expect(seconds).toBeLessThan(12);
    // The provider took it; the drain, run by its own timer (which nothing awaits), records that right after.
    const report = async () => (await database.db.select().from(outbox).where(eq(outbox.kind, 'report')))[0]!;
    await expect.poll(async () => (await report()).sentAt, { timeout: 5_000, interval: 50 }).not.toBeNull();
    expect((await report()).attempts).toBe(2);
  });

  it('follows its own retries within the request when told to, as on Vercel where timers do not survive', async () => {
    await database.db.insert(outbox).values(outboxRow('report', ['vera@example.com'], { subject: 's', html: '<p>h</p>', text: 't' }));
    stub.failNext = 1;
    scheduleDrain({ db: async () => database.db, mailer: deps.mailer, ceilings: { emailsPerHour: 100, signInEmailsPerHour: 10 }, suppressionSalt: 'test-salt-0123456789', followRetriesMs: 30_000 });
    // No timer involved: the drain that `waitUntil` keeps alive ends only once the retry went out.
    await settled();
    expect(stub.delivered.map((e) => e.to[0])).toEqual(['vera@example.com']);
    const [row] = await database.db.select().from(outbox);
    expect(row!.attempts).toBe(2);
  });

  it('never sends a row queued unrendered: the drain renders it first, once, even with two drains at the same time', async () => {
    const queued = await database.db.insert(outbox).values(Array.from({ length: 30 }, (_, i) => unrenderedOutboxRow('report', [`p${i}@example.com`], 'https://diagnostico.example'))).returning({ id: outbox.id });
    const id = queued[0]!.id;
    expect(await deliverPending(database.db, deps.mailer, { ignoreBackoff: true, log: silent })).toMatchObject({ sent: 0, tried: [] });
    // Without a renderer nothing goes out, and the drain says what waits.
    expect(await drainOutbox(database.db, deps.mailer, { log: silent })).toMatchObject({ sent: 0, rendered: 0, unrendered: 30 });
    let calls = 0;
    const render: EmailRenderer = async (_db, rows) => {
      calls += rows.length;
      await new Promise((resolve) => setTimeout(resolve, 20));
      return new Map(rows.map((row) => [row.id, { email: { subject: `Para ${row.to[0]}`, html: '<p>h</p>', text: 't' }, to: row.to }]));
    };
    const [a, b] = await Promise.all([renderPending(database.db, render, { limit: 20 }), renderPending(database.db, render, { limit: 20 })]);
    expect(a.rendered + b.rendered).toBe(30);
    expect(calls).toBe(30);
    const result = await drainOutbox(database.db, deps.mailer, { render, log: silent });
    expect(result).toMatchObject({ sent: 30, rendered: 0, unrendered: 0, remaining: 0 });
    expect(calls).toBe(30);
    expect(new Set(stub.delivered.map((e) => e.to[0])).size).toBe(30);
    expect(stub.delivered.find((e) => e.to[0] === 'p0@example.com')!.subject).toBe('Para p0@example.com');
    const [first] = await database.db.select().from(outbox).where(eq(outbox.id, id));
    expect(first!.renderFrom).toBeNull();
  });

  it('sends what is ready before rendering a backlog: a sign-in link does not wait behind reports', async () => {
    await database.db.insert(outbox).values(Array.from({ length: 25 }, (_, i) => unrenderedOutboxRow('report', [`r${i}@example.com`], 'https://diagnostico.example')));
    await database.db.insert(outbox).values(outboxRow('sign-in', ['consultora@example.com'], { subject: 'Entrar', html: '<p>h</p>', text: 't' }));
    let rendered = 0;
    const render: EmailRenderer = async (_db, rows) => {
      await new Promise((resolve) => setTimeout(resolve, 10));
      rendered += rows.length;
      return new Map(rows.map((row) => [row.id, { email: { subject: 'Informe', html: '<p>h</p>', text: 't' }, to: row.to }]));
    };
    // How many reports had been rendered when each email went out.
    const sentAfter = new Map<string, number>();
    const mailer: Mailer = { send: async (message) => (sentAfter.set(message.to[0]!, rendered), { providerId: message.id }) };
    expect(await drainOutbox(database.db, mailer, { render, log: silent })).toMatchObject({ sent: 26, rendered: 25 });
    expect(sentAfter.get('consultora@example.com')).toBe(0);
  });

  it('refuses a row with neither its texts nor what to render them from', async () => {
    await expect(database.db.insert(outbox).values({ kind: 'report', to: ['a@example.com'], subject: null, html: null, text: null })).rejects.toThrow();
  });

  it('holds every email but sign-in links to the hourly ceiling, and defers the rest to the next hour', async () => {
    const now = new Date('2026-11-25T10:30:00Z');
    const message = { subject: 's', html: '<p>h</p>', text: 't' };
    await database.db.insert(outbox).values([
      ...Array.from({ length: 5 }, (_, i) => ({ ...outboxRow('report', [`p${i}@example.com`], message), nextAttemptAt: now })),
      { ...outboxRow('sign-in', ['ana@example.com'], message, { expiresAt: new Date(now.getTime() + 15 * 60_000) }), nextAttemptAt: now },
    ]);
    const result = await drainOutbox(database.db, deps.mailer, { now, ceilings: { emailsPerHour: 3, signInEmailsPerHour: 2 }, log: silent });
    expect(result).toMatchObject({ sent: 4, deferred: 2, failed: 0, remaining: 0 });
    expect(stub.delivered.map((e) => e.to[0])).toContain('ana@example.com');
    const waiting = await database.db.select().from(outbox).where(isNull(outbox.sentAt));
    expect(waiting).toHaveLength(2);
    for (const row of waiting) {
      expect(row.nextAttemptAt.toISOString()).toBe('2026-11-25T11:00:00.000Z');
      expect(row.attempts).toBe(0);
    }
  });

  it('never sends a sign-in link after it expired', async () => {
    const message = { subject: 's', html: '<p>h</p>', text: 't' };
    await database.db.insert(outbox).values({ ...outboxRow('sign-in', ['ana@example.com'], message, { expiresAt: new Date(Date.now() - 1000) }), nextAttemptAt: new Date(Date.now() - 60_000) });
    const result = await drainOutbox(database.db, deps.mailer, { ignoreBackoff: true, log: silent });
    expect(result).toMatchObject({ sent: 0, dropped: 1 });
    expect(stub.delivered).toHaveLength(0);
    const [row] = await database.db.select().from(outbox);
    expect(row!.droppedAt).not.toBeNull();
    expect(row!.sentAt).toBeNull();
  });
});
