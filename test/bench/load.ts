import { randomUUID } from 'node:crypto';
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import autocannon from 'autocannon';
import { count, isNull } from 'drizzle-orm';
import { openDatabase } from '../../src/server/db/client.ts';
import { outbox, submissions } from '../../src/server/db/schema.ts';
import { realQuestionnaire } from '../helpers/content.ts';
import { TEST_IP_HASH_SALT, validPayload } from '../helpers/submission.ts';
import { freshPostgresDatabase } from '../helpers/postgres.ts';
import { startBuiltServer } from './server.ts';

/** What the submission endpoint did under load. */
export interface LoadResult {
  /** Requests autocannon completed. */
  sent: number;
  durationSeconds: number;
  requestsPerSecond: number;
  latencyP50Ms: number;
  latencyP99Ms: number;
  /** Connection errors and timeouts (no HTTP answer). */
  errors: number;
  timeouts: number;
  /** Answers outside 2xx. */
  non2xx: number;
  /** Count of answers by HTTP status. */
  statuses: Record<number, number>;
  /** `id` of every 201 answer, in arrival order. */
  createdIds: string[];
}

/** The load run of the bench and of the held check: 2,000 submissions, 50 at a time. */
export const LOAD = { amount: 2000, connections: 50 } as const;

export interface LoadOptions {
  /** Total requests (default 2,000). */
  amount?: number;
  /** Concurrent connections (default 50). */
  connections?: number;
  /** Per-request timeout (s). */
  timeoutSeconds?: number;
}

/**
 * POSTs `amount` valid submissions to `/api/submissions`, each with its own
 * idempotency key, over `connections` keep-alive connections. The server must
 * run with `LOAD_SERVER_ENV` (MIN_FILL_SECONDS=0, a rate limit above `amount`, the tests' salt).
 */
export async function loadSubmissions(baseUrl: string, options: LoadOptions = {}): Promise<LoadResult> {
  const template = validPayload(realQuestionnaire());
  const statuses: Record<number, number> = {};
  const createdIds: string[] = [];
  const result = await autocannon({
    url: baseUrl,
    connections: options.connections ?? LOAD.connections,
    amount: options.amount ?? LOAD.amount,
    timeout: options.timeoutSeconds ?? 30,
    requests: [
      {
        method: 'POST',
        path: '/api/submissions',
        headers: { 'content-type': 'application/json' },
        setupRequest: (request) => ({ ...request, body: JSON.stringify({ ...template, idempotencyKey: randomUUID() }) }),
        onResponse: (status, body) => {
          statuses[status] = (statuses[status] ?? 0) + 1;
          if (status === 201) createdIds.push((JSON.parse(body) as { id: string }).id);
        },
      },
    ],
  });
  return {
    sent: result.requests.sent,
    durationSeconds: result.duration,
    requestsPerSecond: result.requests.average,
    latencyP50Ms: result.latency.p50,
    latencyP99Ms: result.latency.p99,
    errors: result.errors,
    timeouts: result.timeouts,
    non2xx: result.non2xx,
    statuses,
    createdIds,
  };
}

/** What the database holds after a run. */
export interface StoredRows {
  submissionIds: string[];
  /** Outbox rows per submission id. */
  outboxBySubmission: Map<string, number>;
  /** Outbox rows whose submission does not exist (or that have none). */
  orphanOutbox: number;
}

/**
 * Reads every submission id and outbox row, from Postgres (`url`) or from the
 * PGlite folder a stopped server left (`dataDir`, i.e. `DATA_DIR/pglite`).
 */
export async function readStored(target: { url: string } | { dataDir: string }): Promise<StoredRows> {
  const database = await openDatabase('url' in target ? { url: target.url } : { dataDir: target.dataDir });
  try {
    const rows = await database.db.select({ id: submissions.id }).from(submissions);
    const perSubmission = await database.db
      .select({ submissionId: outbox.submissionId, n: count() })
      .from(outbox)
      .groupBy(outbox.submissionId);
    const outboxBySubmission = new Map<string, number>();
    for (const row of perSubmission) if (row.submissionId) outboxBySubmission.set(row.submissionId, row.n);
    const ids = new Set(rows.map((r) => r.id));
    const [unlinked] = await database.db.select({ n: count() }).from(outbox).where(isNull(outbox.submissionId));
    const orphanOutbox = (unlinked?.n ?? 0) + [...outboxBySubmission.entries()].filter(([id]) => !ids.has(id)).reduce((sum, [, n]) => sum + n, 0);
    return { submissionIds: rows.map((r) => r.id), outboxBySubmission, orphanOutbox };
  } finally {
    await database.close();
  }
}

/**
 * The environment under load: no bot delay, no rate limit in reach, no email provider, and the
 * salt that signs `validPayload`'s start token (without a valid one every submission would be a bot's).
 */
export const LOAD_SERVER_ENV = { MIN_FILL_SECONDS: '0', RATE_LIMIT_PER_HOUR: '100000000', CONSULTANT_EMAILS: 'consultora@example.com', IP_HASH_SALT: TEST_IP_HASH_SALT };

export interface LoadScenario {
  /** Where the rows went: a fresh database on TEST_DATABASE_URL's server, or PGlite when it is unset. */
  database: 'postgres' | 'pglite';
  result: LoadResult;
  stored: StoredRows;
}

/**
 * Starts the built server on a fresh database (Postgres from `postgresServerUrl`,
 * else PGlite in a temporary DATA_DIR), loads the submission endpoint, stops the
 * server and reads back what was stored. Everything it created is removed.
 */
export async function runLoadScenario(postgresServerUrl: string | undefined, options: LoadOptions = {}): Promise<LoadScenario> {
  const fresh = postgresServerUrl ? await freshPostgresDatabase(postgresServerUrl) : undefined;
  try {
    const server = await startBuiltServer({ env: { ...LOAD_SERVER_ENV, DATABASE_URL: fresh?.url ?? '' } });
    let result: LoadResult;
    try {
      result = await loadSubmissions(server.url, options);
    } finally {
      await server.stop({ keepDataDir: true });
    }
    try {
      const stored = await readStored(fresh ? { url: fresh.url } : { dataDir: join(server.dataDir, 'pglite') });
      return { database: fresh ? 'postgres' : 'pglite', result, stored };
    } finally {
      rmSync(server.dataDir, { recursive: true, force: true });
    }
  } finally {
    await fresh?.drop();
  }
}
