import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openDatabase } from '../../../src/server/db/client.ts';
import { outbox } from '../../../src/server/db/schema.ts';
import { cancelScheduledDrains, outboxRow, resendMailer } from '../../../src/server/outbox/outbox.ts';
import { settled } from '../../../src/server/lib/after.ts';
import { createSubmission, type LeadDeps } from '../../../src/server/leads/submissions.ts';
import { realQuestionnaire } from '../../helpers/content.ts';
import { ResendStub } from '../../helpers/resend-stub.ts';
import { jsonRequest, validPayload, TEST_CONTACT } from '../../helpers/submission.ts';

const q = realQuestionnaire();
const stub = new ResendStub();

beforeAll(async () => {
  await stub.start();
  process.env.RESEND_BASE_URL = stub.url;
});
afterAll(async () => {
  await stub.stop();
  delete process.env.RESEND_BASE_URL;
});

describe('npm run outbox', () => {
  it('delivers what the provider failed to take, and 120 more due emails, in batches, once, from a fresh process', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'revops-outbox-'));
    try {
      const database = await openDatabase({ dataDir: join(dataDir, 'pglite') });
      stub.mode = 'fail';
      stub.delivered.length = 0;
      const deps: LeadDeps = {
        db: async () => database.db,
        questionnaire: q,
        env: { SITE_URL: 'http://127.0.0.1:59999', CONSULTANT_EMAILS: [], IP_HASH_SALT: 'test-salt-0123456789', RATE_LIMIT_PER_HOUR: 100, MIN_FILL_SECONDS: 0, EMAILS_PER_HOUR: 1000, SIGN_IN_EMAILS_PER_HOUR: 30 },
        mailer: resendMailer('re_test_key', 'a@example.com', 300),
        ip: '203.0.113.10',
      };
      // A report the provider refused, then 120 emails due (more than one batch of 50).
      expect((await createSubmission(jsonRequest(validPayload(q, { contact: { ...TEST_CONTACT, name: 'Ana', email: 'ana@example.com' } })), deps)).status).toBe(201);
      await settled();
      cancelScheduledDrains();
      const message = { subject: 'Tu informe', html: '<p>h</p>', text: 't' };
      await database.db.insert(outbox).values(Array.from({ length: 120 }, (_, i) => outboxRow('report', [`p${i}@example.com`], message)));
      await database.close();
      stub.mode = 'ok';
      // Asynchronously: the stub answering the CLI lives in this process.
      const run = () =>
        promisify(execFile)('npm', ['run', '--silent', 'outbox'], {
          encoding: 'utf8',
          env: { ...process.env, DATA_DIR: dataDir, DATABASE_URL: '', RESEND_API_KEY: 're_test_key', RESEND_BASE_URL: stub.url, SITE_URL: 'http://127.0.0.1:59999' },
          timeout: 90_000,
        });
      const first = await run();
      expect(first.stdout).toContain('sent: 121');
      expect(first.stdout).toContain('remaining: 0');
      const second = await run();
      expect(second.stdout).toContain('sent: 0');
      expect(stub.delivered).toHaveLength(121);
      expect(new Set(stub.delivered.map((e) => e.to[0])).size).toBe(121);
      expect(stub.delivered.some((e) => e.to.includes('ana@example.com'))).toBe(true);
    } finally {
      rmSync(dataDir, { recursive: true, force: true });
    }
  }, 180_000);
});
