import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { count, isNull } from 'drizzle-orm';
import { openDatabase, type Database } from '../../src/server/db/client.ts';
import { outbox, submissions } from '../../src/server/db/schema.ts';
import { backoffMs, deliverPending, resendMailer } from '../../src/server/outbox.ts';
import { createSubmission, type LeadDeps } from '../../src/server/submissions.ts';
import { realQuestionnaire } from '../helpers/content.ts';
import { TEST_DATABASES } from '../helpers/db.ts';
import { ResendStub } from '../helpers/resend-stub.ts';
import { jsonRequest, validPayload } from '../helpers/submission.ts';

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
  it('doubles from one minute and stops at six hours', () => {
    expect([1, 2, 3, 4].map(backoffMs)).toEqual([60_000, 120_000, 240_000, 480_000]);
    expect(backoffMs(30)).toBe(6 * 3600_000);
  });
});

describe.each(TEST_DATABASES)('emails through the Resend SDK on $name', (testDb) => {
  let database: Database;
  let deps: LeadDeps;

  beforeAll(async () => {
    database = await testDb.open();
  });
  afterAll(async () => {
    await database?.close();
  });
  beforeEach(async () => {
    await database.db.delete(outbox);
    await database.db.delete(submissions);
    stub.mode = 'ok';
    stub.delivered.length = 0;
    deps = {
      db: async () => database.db,
      questionnaire: q,
      env: { SITE_URL: 'https://diagnostico.example', CONSULTANT_EMAILS: ['consultor@example.com'], IP_HASH_SALT: 'test-salt-0123456789', RATE_LIMIT_PER_HOUR: 100, MIN_FILL_SECONDS: 0 },
      mailer: resendMailer('re_test_key', 'Diagnóstico <hola@example.com>', 300),
      ip: '203.0.113.9',
      deliveryTimeoutMs: 2000,
    };
  });

  it("delivers the visitor's report and the consultants' notice with the right content", async () => {
    const response = await createSubmission(jsonRequest(validPayload(q, { locale: 'pt', contact: { name: 'Maria Silva', email: 'maria@example.com', company: 'Loja' } })), deps);
    expect(response.status).toBe(201);
    const { resultUrl } = (await response.json()) as { resultUrl: string };
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
      expect((await database.db.select({ n: count() }).from(submissions))[0]!.n).toBe(3);
      expect(stub.delivered).toHaveLength(0);
      const failed = await database.db.select().from(outbox);
      expect(failed).toHaveLength(6);
      expect(failed.every((r) => r.sentAt === null && r.attempts === 1 && r.lastError && r.nextAttemptAt > new Date())).toBe(true);

      // The cron run respects the backoff: nothing is due yet.
      stub.mode = 'ok';
      expect(await deliverPending(database.db, deps.mailer, { log: silent })).toEqual({ sent: 0, failed: 0, held: 0 });
      // `npm run outbox` ignores the backoff.
      expect(await deliverPending(database.db, deps.mailer, { ignoreBackoff: true, log: silent })).toEqual({ sent: 6, failed: 0, held: 0 });
      expect(await deliverPending(database.db, deps.mailer, { ignoreBackoff: true, log: silent })).toEqual({ sent: 0, failed: 0, held: 0 });
      expect(stub.delivered).toHaveLength(6);
      expect(new Set(stub.delivered.map((e) => e.idempotencyKey)).size).toBe(6);
    });
  }

  it('keeps emails in the outbox when there is no RESEND_API_KEY', async () => {
    const response = await createSubmission(jsonRequest(validPayload(q)), { ...deps, mailer: null });
    expect(response.status).toBe(201);
    expect(stub.delivered).toHaveLength(0);
    expect((await deliverPending(database.db, null, { log: silent })).held).toBe(2);
  });
});

describe('npm run outbox', () => {
  it('delivers what the provider failed to take, once, from a fresh process', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'revops-outbox-'));
    try {
      const database = await openDatabase({ dataDir: join(dataDir, 'pglite') });
      stub.mode = 'fail';
      stub.delivered.length = 0;
      const deps: LeadDeps = {
        db: async () => database.db,
        questionnaire: q,
        env: { SITE_URL: 'http://127.0.0.1:59999', CONSULTANT_EMAILS: [], IP_HASH_SALT: 'test-salt-0123456789', RATE_LIMIT_PER_HOUR: 100, MIN_FILL_SECONDS: 0 },
        mailer: resendMailer('re_test_key', 'a@example.com', 300),
        ip: '203.0.113.10',
      };
      expect((await createSubmission(jsonRequest(validPayload(q)), deps)).status).toBe(201);
      await database.close();
      stub.mode = 'ok';
      // Asynchronously: the stub answering the CLI lives in this process.
      const run = () =>
        promisify(execFile)('npm', ['run', '--silent', 'outbox'], {
          encoding: 'utf8',
          env: { ...process.env, DATA_DIR: dataDir, DATABASE_URL: '', RESEND_API_KEY: 're_test_key', RESEND_BASE_URL: stub.url, SITE_URL: 'http://127.0.0.1:59999' },
          timeout: 60_000,
        });
      const first = await run();
      expect(first.stdout).toContain('sent: 1');
      const second = await run();
      expect(second.stdout).toContain('sent: 0');
      expect(stub.delivered).toHaveLength(1);
    } finally {
      rmSync(dataDir, { recursive: true, force: true });
    }
  }, 120_000);
});
