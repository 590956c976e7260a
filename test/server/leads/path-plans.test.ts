import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PGlite } from '@electric-sql/pglite';
import type pg from 'pg';
import { openDatabase, type Database } from '../../../src/server/db/client.ts';
import { createSubmission } from '../../../src/server/leads/submissions.ts';
import { deliverPending, renderPending, type EmailRenderer, type Mailer } from '../../../src/server/outbox/outbox.ts';
import { eraseSubmission } from '../../../src/server/leads/erasure.ts';
import { settled } from '../../../src/server/lib/after.ts';
import { realQuestionnaire } from '../../helpers/content.ts';
import { createDatabase } from '../../helpers/postgres.ts';
import { jsonRequest, TEST_CONTACT, testLeadDeps, validPayload } from '../../helpers/submission.ts';

const q = realQuestionnaire();

interface Statement {
  query: string;
  params: unknown[];
}

const targets = [
  { name: 'pglite', open: (logQuery: (query: string, params: unknown[]) => void) => openDatabase({ dataDir: 'memory://', logQuery }) },
  ...(process.env.TEST_DATABASE_URL
    ? [
        {
          name: 'postgres',
          open: async (logQuery: (query: string, params: unknown[]) => void) => {
            const { url, dropDatabase } = await createDatabase(process.env.TEST_DATABASE_URL!, 'revops_plans');
            const database = await openDatabase({ url, logQuery });
            return { ...database, close: async () => (await database.close(), await dropDatabase()) };
          },
        },
      ]
    : []),
];

/**
 * Every statement a submission's request runs, and those the drain runs to claim, render and send its
 * emails, is planned with an index: with sequential scans priced out (`enable_seqscan = off`), a plan
 * that still reads a whole table has no index to use. On a small table the planner would pick a
 * sequential scan anyway; this asks whether it has the choice, which is what holds at 100,000 rows.
 */
describe.each(targets)('the plans of the submission path on $name', (target) => {
  let database: Database;
  let recording: Statement[] | null = null;

  beforeAll(async () => {
    database = await target.open((query, params) => recording?.push({ query, params }));
  }, 60_000);
  afterAll(async () => {
    await settled();
    await database?.close();
  });

  async function plans(statements: Statement[]): Promise<{ query: string; plan: string }[]> {
    const client = (database.db as unknown as { $client: PGlite | pg.Pool }).$client;
    const run = async (query: (text: string, params?: unknown[]) => Promise<{ rows: Record<string, unknown>[] }>) => {
      await query('set enable_seqscan = off');
      const out: { query: string; plan: string }[] = [];
      for (const { query: text, params } of statements) {
        if (!/^\s*(select|insert|update|delete|with)\b/i.test(text)) continue;
        const { rows } = await query(`explain ${text}`, params);
        out.push({ query: text, plan: rows.map((row) => Object.values(row)[0]).join('\n') });
      }
      await query('reset enable_seqscan');
      return out;
    };
    if (database.kind === 'pglite') return run((text, params) => (client as PGlite).query(text, params));
    const connection = await (client as pg.Pool).connect();
    try {
      return await run((text, params) => connection.query(text, params));
    } finally {
      connection.release();
    }
  }

  async function record<T>(work: () => Promise<T>): Promise<Statement[]> {
    recording = [];
    await work();
    const statements = recording;
    recording = null;
    return statements;
  }

  it('reads and writes through indexes only: the request, the claim and rendering of its emails, their sending, an erasure', async () => {
    const deps = testLeadDeps(database.db, q);
    const first = await createSubmission(jsonRequest(validPayload(q)), deps);
    const { resultUrl } = (await first.json()) as { resultUrl: string };
    await settled();
    const statements: Statement[] = [];
    // The same person again, from the permalink, signed up to the masterclass: every lookup of the path runs.
    let id = '';
    statements.push(
      ...(await record(async () => {
        const response = await createSubmission(jsonRequest(validPayload(q, { masterclass: true, retakeOf: resultUrl.split('/').at(-1)!, contact: { ...TEST_CONTACT } })), { ...deps, mailer: null });
        expect(response.status).toBe(201);
        id = ((await response.json()) as { id: string }).id;
      })),
    );
    // A repeated idempotency key is answered from the unique index.
    const payload = validPayload(q, { contact: { ...TEST_CONTACT, email: 'otra@example.com' } });
    await createSubmission(jsonRequest(payload), deps);
    statements.push(...(await record(async () => expect((await createSubmission(jsonRequest(payload), deps)).status).toBe(200))));
    await settled();
    const render: EmailRenderer = async (_db, rows) => new Map(rows.map((row) => [row.id, { email: { subject: 's', html: 'h', text: 't' }, to: ['a@example.com'] }]));
    const mailer: Mailer = { send: async () => ({ providerId: 'p' }) };
    const { outbox } = await import('../../../src/server/db/schema.ts');
    await database.db.update(outbox).set({ renderFrom: { site: 'https://x' }, sentAt: null, subject: null, html: null, text: null });
    statements.push(...(await record(() => renderPending(database.db, render, { log: () => {} }))));
    statements.push(...(await record(() => deliverPending(database.db, mailer, { log: () => {}, ceilings: { emailsPerHour: 100, signInEmailsPerHour: 10 }, suppressionSalt: 's' }))));
    statements.push(...(await record(() => eraseSubmission(database.db, id, { actor: 'c1@example.com', crmTargets: [] }))));

    const planned = await plans(statements);
    expect(planned.length).toBeGreaterThan(12);
    const scanned = planned.filter((p) => /Seq Scan/.test(p.plan));
    expect(scanned.map((p) => `${p.query}\n${p.plan}`)).toEqual([]);
  }, 60_000);
});
