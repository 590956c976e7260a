// The database disappears under the production build and comes back. (The email provider
// failing or hanging is covered in test/server/outbox.test.ts.)
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LOAD_SERVER_ENV } from '../bench/load.ts';
import { freshPostgresDatabase, type FreshDatabase } from '../helpers/postgres.ts';
import { startBuiltServer, type BuiltServer } from '../bench/server.ts';
import { realQuestionnaire } from '../helpers/content.ts';
import { validPayload } from '../helpers/submission.ts';
import { TcpProxy } from '../helpers/tcp-proxy.ts';

const postgresServer = process.env.TEST_DATABASE_URL;
/** A request that takes longer than this counts as a hang. */
const HANG_MS = 15_000;

interface Answer {
  key: string;
  body: string;
  /** HTTP status, or `error` when no answer came (refused, reset, or over HANG_MS). */
  status: number | 'error';
  id?: string;
  retryAfter: string | null;
  ms: number;
}

const template = validPayload(realQuestionnaire());

async function submit(baseUrl: string, body = JSON.stringify({ ...template, idempotencyKey: randomUUID() })): Promise<Answer> {
  const key = (JSON.parse(body) as { idempotencyKey: string }).idempotencyKey;
  const started = performance.now();
  try {
    const response = await fetch(`${baseUrl}/api/submissions`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body,
      signal: AbortSignal.timeout(HANG_MS),
    });
    const json = (await response.json()) as { id?: string };
    return { key, body, status: response.status, id: json.id, retryAfter: response.headers.get('retry-after'), ms: performance.now() - started };
  } catch {
    return { key, body, status: 'error', retryAfter: null, ms: performance.now() - started };
  }
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe.skipIf(!postgresServer)('the database stops under load and comes back (Postgres behind a TCP proxy)', () => {
  let database: FreshDatabase;
  let proxy: TcpProxy;
  let server: BuiltServer;
  const answers: Answer[] = [];

  beforeAll(async () => {
    database = await freshPostgresDatabase(postgresServer!);
    const direct = new URL(database.url);
    proxy = new TcpProxy({ host: direct.hostname, port: Number(direct.port || 5432) });
    await proxy.start();
    const proxied = new URL(database.url);
    proxied.hostname = '127.0.0.1';
    proxied.port = String(proxy.port);
    server = await startBuiltServer({ env: { ...LOAD_SERVER_ENV, DATABASE_URL: proxied.href } });
  }, 60_000);

  afterAll(async () => {
    await server?.stop();
    await proxy?.stop();
    await database?.drop();
  });

  it('stores submissions while the database is there', async () => {
    for (let i = 0; i < 5; i++) answers.push(await submit(server.url));
    expect(answers.map((a) => a.status)).toEqual([201, 201, 201, 201, 201]);
  });

  it('answers 503 with Retry-After, never 500 nor a hang, from the moment the database goes away mid-run', async () => {
    let running = true;
    const during: Answer[] = [];
    const worker = async () => {
      while (running) {
        const answer = await submit(server.url);
        during.push(answer);
        // Like the page, wait a little before the next attempt after a refusal.
        if (answer.status !== 201) await sleep(100);
      }
    };
    const workers = Array.from({ length: 8 }, worker);
    await sleep(1500);
    await proxy.stop();
    await sleep(2500);
    running = false;
    await Promise.all(workers);
    const after: Answer[] = [];
    for (let i = 0; i < 5; i++) after.push(await submit(server.url));
    answers.push(...during, ...after);

    expect(during.filter((a) => a.status === 201).length, 'stored before the cut').toBeGreaterThan(0);
    expect(during.filter((a) => a.status === 503).length, 'refused after the cut').toBeGreaterThan(0);
    for (const answer of [...during, ...after]) {
      expect([201, 503], `status of ${answer.key} after ${Math.round(answer.ms)} ms`).toContain(answer.status);
      if (answer.status === 503) expect(answer.retryAfter, 'Retry-After on a 503').toMatch(/^\d+$/);
    }
    expect(after.map((a) => a.status)).toEqual([503, 503, 503, 503, 503]);
    expect(Math.max(...after.map((a) => a.ms)), 'ms to answer while the database is gone').toBeLessThan(HANG_MS);
  });

  it('stores submissions again once the database is back, without restarting the server', async () => {
    await proxy.start();
    let first: Answer | undefined;
    const deadline = Date.now() + 20_000;
    while (Date.now() < deadline) {
      first = await submit(server.url);
      answers.push(first);
      if (first.status === 201) break;
      expect(first.status).toBe(503);
      await sleep(500);
    }
    expect(first?.status, 'a submission within 20 s of the database coming back').toBe(201);
    const next = await Promise.all(Array.from({ length: 20 }, () => submit(server.url)));
    answers.push(...next);
    expect(next.map((a) => a.status)).toEqual(Array(20).fill(201));
  });

  it('keeps no partial rows: each 201 has its submission and its two outbox rows, and retried 503s are stored once', async () => {
    // As the page does after a 503: send the same submission (same idempotency key) again.
    const refused = answers.filter((a) => a.status === 503);
    const retried: Answer[] = [];
    for (let i = 0; i < refused.length; i += 10) retried.push(...(await Promise.all(refused.slice(i, i + 10).map((a) => submit(server.url, a.body)))));
    for (const answer of retried) expect([200, 201], `retry of ${answer.key}`).toContain(answer.status);

    const rows = await database.query<{ id: string; key: string }>('select id, idempotency_key as key from submissions');
    const outbox = await database.query<{ submission: string | null; n: number }>('select submission_id as submission, count(*)::int as n from outbox group by submission_id');
    const created = [...answers, ...retried].filter((a) => a.status === 201);
    const keys = new Set(answers.map((a) => a.key));

    expect(new Set(created.map((a) => a.id)).size, 'distinct ids among 201s').toBe(created.length);
    expect(rows.length, 'one row per submission sent (each stored once)').toBe(keys.size);
    expect(new Set(rows.map((r) => r.key))).toEqual(keys);
    const stored = new Set(rows.map((r) => r.id));
    for (const answer of created) expect(stored.has(answer.id!), `row of 201 ${answer.id}`).toBe(true);
    expect(outbox.filter((o) => o.submission === null || !stored.has(o.submission)), 'orphan outbox rows').toEqual([]);
    expect(outbox.length, 'submissions with outbox rows').toBe(rows.length);
    expect(new Set(outbox.map((o) => o.n)), 'outbox rows per submission').toEqual(new Set([2]));
  });
});
