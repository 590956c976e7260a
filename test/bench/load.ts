import { randomUUID } from 'node:crypto';
import { readFileSync, rmSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import { Agent, request as httpRequest } from 'node:http';
import { and, count, isNull } from 'drizzle-orm';
import { openDatabase } from '../../src/server/db/client.ts';
import { outbox, submissions } from '../../src/server/db/schema.ts';
import { realQuestionnaire } from '../helpers/content.ts';
import { TEST_CONTACT, TEST_IP_HASH_SALT, validPayload } from '../helpers/submission.ts';
import { ResendStub } from '../helpers/resend-stub.ts';
import { freshPostgresDatabase } from '../helpers/postgres.ts';
import { startBuiltServer } from './server.ts';
import { quantile, ticksOf, TICKS_PER_SECOND } from './proc.ts';

/** What the submission endpoint did under load. */
export interface LoadResult {
  /** Requests sent. */
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
  /** CPU time of this process (the load generator) over the run, as a share of one core. */
  generatorCpuShare: number;
}

/**
 * The load run of the bench and of the held check: 2,000 submissions, 50 at a time, after 300 that
 * are not measured (the server's first requests compile its code and open its database connections).
 */
export const LOAD = { amount: 2000, connections: 50, warmup: 300 } as const;

export interface LoadOptions {
  /** Total requests (default 2,000). */
  amount?: number;
  /** Concurrent connections (default 50). */
  connections?: number;
  /** Per-request timeout (s). */
  timeoutSeconds?: number;
  /** Submissions sent first and not measured (default none). */
  warmup?: number;
}

/**
 * The loopback address connection `i` comes from: 127.0.0.2, 127.0.0.3, … (Linux routes all of
 * 127.0.0.0/8 to loopback). Each connection is a visitor of its own, as in real traffic: one address's
 * requests share its rate-limit counter row, and its lock, until each one commits.
 */
export function sourceAddress(i: number): string {
  return `127.0.${Math.floor((i + 2) / 256)}.${(i + 2) % 256}`;
}

/**
 * POSTs `amount` bodies (`body(n)` for the n-th) as JSON to `path` over `connections` keep-alive
 * connections in a closed loop (each sends its next request when the last is answered), connection
 * `i` from {@link sourceAddress}(i), and measures each answer's latency.
 */
export async function closedLoop(baseUrl: string, options: LoadOptions & { path: string; body: (n: number) => string }): Promise<LoadResult> {
  const amount = options.amount ?? LOAD.amount;
  const connections = options.connections ?? LOAD.connections;
  const timeoutMs = (options.timeoutSeconds ?? 30) * 1000;
  const url = new URL(options.path, baseUrl);
  const statuses: Record<number, number> = {};
  const createdIds: string[] = [];
  const latencies: number[] = [];
  let errors = 0;
  let timeouts = 0;
  let sequence = 0;
  const send = (agent: Agent, body: string) =>
    new Promise<{ status: number; text: string }>((resolve, reject) => {
      const request = httpRequest(url, { method: 'POST', agent, headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) }, timeout: timeoutMs }, (response) => {
        const chunks: Buffer[] = [];
        response.on('data', (chunk: Buffer) => chunks.push(chunk));
        response.on('end', () => resolve({ status: response.statusCode ?? 0, text: Buffer.concat(chunks).toString() }));
        response.on('error', reject);
      });
      request.on('timeout', () => request.destroy(Object.assign(new Error('timeout'), { code: 'TIMEOUT' })));
      request.on('error', reject);
      request.end(body);
    });
  const cpu = process.cpuUsage();
  const started = performance.now();
  await Promise.all(
    Array.from({ length: connections }, async (_, i) => {
      const agent = new Agent({ keepAlive: true, maxSockets: 1, localAddress: sourceAddress(i) });
      try {
        while (sequence < amount) {
          const body = options.body(sequence++);
          const sent = performance.now();
          try {
            const { status, text } = await send(agent, body);
            latencies.push(performance.now() - sent);
            statuses[status] = (statuses[status] ?? 0) + 1;
            if (status === 201) createdIds.push((JSON.parse(text) as { id: string }).id);
          } catch (error) {
            if ((error as { code?: string }).code === 'TIMEOUT') timeouts++;
            else errors++;
          }
        }
      } finally {
        agent.destroy();
      }
    }),
  );
  const elapsedMs = performance.now() - started;
  const used = process.cpuUsage(cpu);
  latencies.sort((a, b) => a - b);
  return {
    generatorCpuShare: (used.user + used.system) / 1000 / elapsedMs,
    sent: sequence,
    durationSeconds: elapsedMs / 1000,
    requestsPerSecond: latencies.length / (elapsedMs / 1000),
    latencyP50Ms: quantile(latencies, 0.5),
    latencyP99Ms: quantile(latencies, 0.99),
    errors,
    timeouts,
    non2xx: Object.entries(statuses).reduce((sum, [status, n]) => (Number(status) >= 300 ? sum + n : sum), 0),
    statuses,
    createdIds,
  };
}

/**
 * POSTs `amount` valid submissions to `/api/submissions` with {@link closedLoop}, each with its own
 * idempotency key and email address. The server must run with `LOAD_SERVER_ENV` (MIN_FILL_SECONDS=0,
 * a per-address limit above the run, the tests' salt).
 */
export async function loadSubmissions(baseUrl: string, options: LoadOptions = {}): Promise<LoadResult> {
  const template = validPayload(realQuestionnaire());
  // As many prospects as requests: each with an address of its own.
  const body = () => {
    const key = randomUUID();
    return JSON.stringify({ ...template, contact: { ...TEST_CONTACT, email: `lead-${key}@example.com` }, idempotencyKey: key });
  };
  return closedLoop(baseUrl, { ...options, path: '/api/submissions', body });
}

/** What the database holds after a run. */
export interface StoredRows {
  submissionIds: string[];
  /** Outbox rows per submission id. */
  outboxBySubmission: Map<string, number>;
  /** Outbox rows whose submission does not exist (or that have none). */
  orphanOutbox: number;
  /** Outbox rows neither sent nor dropped. */
  unsent: number;
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
    const [waiting] = await database.db.select({ n: count() }).from(outbox).where(and(isNull(outbox.sentAt), isNull(outbox.droppedAt)));
    return { submissionIds: rows.map((r) => r.id), outboxBySubmission, orphanOutbox, unsent: waiting?.n ?? 0 };
  } finally {
    await database.close();
  }
}

/**
 * The environment under load, and the limits it lifts: no minimum filling time (MIN_FILL_SECONDS=0:
 * every request would otherwise be a bot's), and a per-address limit far above the run (each of the 50
 * addresses sends 40 submissions; the counter is still taken in each transaction). The start token is not
 * lifted: `validPayload` signs a valid one with the server's salt. Emails go to a local Resend stub.
 */
export const LOAD_SERVER_ENV = { MIN_FILL_SECONDS: '0', RATE_LIMIT_PER_HOUR: '100000000', EMAILS_PER_HOUR: '100000000', CONSULTANT_EMAILS: 'consultora@example.com', IP_HASH_SALT: TEST_IP_HASH_SALT };

/** What the run cost the machine: CPU of the server's processes and of the whole machine over the load, as shares of one core. */
export interface CpuShares {
  server: number;
  generator: number;
  /** Every core's busy time: the server, the generator, Postgres and anything else running. */
  machine: number;
  cores: number;
}

/** The emails the submissions queued, rendered and sent after the answers. */
export interface Delivery {
  /** Emails the Resend stub received once each (distinct idempotency keys). */
  delivered: number;
  /** Requests to the stub, repeats included. */
  requests: number;
  /** From the last answer to the last email delivered. */
  afterLoadSeconds: number;
  /** Outbox rows neither sent nor dropped when the wait ended. */
  unsent: number;
}

export interface LoadScenario {
  /** Where the rows went: a fresh database on TEST_DATABASE_URL's server, or PGlite when it is unset. */
  database: 'postgres' | 'pglite';
  /** The submissions sent before the measured run, if any: stored and emailed like the others. */
  warmup: LoadResult | null;
  result: LoadResult;
  /** The same load of bodies refused by validation: what the server and the generator cost with no work behind. */
  floor: LoadResult;
  /** The server's CPU over the floor run, in cores. */
  floorServerCores: number;
  stored: StoredRows;
  cpu: CpuShares;
  delivery: Delivery;
}

/** CPU ticks of every process in process group `pgid`. */
const groupTicks = (pgid: number) => ticksOf((process) => process.group === pgid);

/** Busy and total ticks of the whole machine. */
function machineTicks(): { busy: number; total: number } {
  const fields = readFileSync('/proc/stat', 'utf8').split('\n')[0]!.trim().split(/\s+/).slice(1).map(Number);
  const total = fields.reduce((a, b) => a + b, 0);
  const idle = fields[3]! + (fields[4] ?? 0);
  return { busy: total - idle, total };
}

/**
 * Starts the built server on a fresh database (Postgres from `postgresServerUrl`,
 * else PGlite in a temporary DATA_DIR) with a local Resend stub, loads the submission
 * endpoint, waits until every email the submissions queued was delivered (or `deliveryTimeoutMs`),
 * stops the server and reads back what was stored. Everything it created is removed.
 */
export async function runLoadScenario(postgresServerUrl: string | undefined, options: LoadOptions & { deliveryTimeoutMs?: number } = {}): Promise<LoadScenario> {
  const fresh = postgresServerUrl ? await freshPostgresDatabase(postgresServerUrl) : undefined;
  const stub = new ResendStub();
  await stub.start();
  try {
    const server = await startBuiltServer({ env: { ...LOAD_SERVER_ENV, DATABASE_URL: fresh?.url ?? '', RESEND_API_KEY: 're_bench', RESEND_BASE_URL: stub.url } });
    let warmup: LoadResult | null = null;
    let result: LoadResult;
    let floor: LoadResult;
    let floorServerCores: number;
    let cpu: CpuShares;
    let delivery: Delivery;
    /** Waits until the stub received `expected` emails (or the deadline); when the last one came. */
    const delivered = async (expected: number, since: number) => {
      const deadline = since + (options.deliveryTimeoutMs ?? 300_000);
      let last = since;
      let seen = 0;
      while (stub.delivered.length < expected && performance.now() < deadline) {
        await new Promise((resolve) => setTimeout(resolve, 100));
        if (stub.delivered.length > seen) {
          seen = stub.delivered.length;
          last = performance.now();
        }
      }
      return last;
    };
    try {
      // Not measured: the first requests compile the server's code and open its connections. Their
      // emails are delivered before the measured run, so it does not render them.
      if (options.warmup) {
        warmup = await loadSubmissions(server.url, { ...options, amount: options.warmup });
        await delivered(warmup.createdIds.length * 2, performance.now());
      }
      const serverBefore = groupTicks(server.pgid);
      const machineBefore = machineTicks();
      const started = performance.now();
      result = await loadSubmissions(server.url, options);
      const seconds = (performance.now() - started) / 1000;
      const machineAfter = machineTicks();
      const cores = availableParallelism();
      cpu = {
        server: (groupTicks(server.pgid) - serverBefore) / TICKS_PER_SECOND / seconds,
        generator: result.generatorCpuShare,
        machine: ((machineAfter.busy - machineBefore.busy) / (machineAfter.total - machineBefore.total)) * cores,
        cores,
      };
      // The report and the consultants' notice of every submission, rendered and sent after the answers.
      const loadEnded = performance.now();
      const last = await delivered(((warmup?.createdIds.length ?? 0) + result.createdIds.length) * 2, loadEnded);
      // Anything sent twice would arrive now.
      await new Promise((resolve) => setTimeout(resolve, 500));
      delivery = { delivered: new Set(stub.delivered.map((e) => e.idempotencyKey)).size, requests: stub.requests, afterLoadSeconds: (last - loadEnded) / 1000, unsent: 0 };
      // The floor under every answer: the same server and load, each body refused by validation (400)
      // before anything else runs, so nothing is computed or stored.
      const floorTicks = groupTicks(server.pgid);
      floor = await closedLoop(server.url, { ...options, path: '/api/submissions', body: () => '{}' });
      floorServerCores = (groupTicks(server.pgid) - floorTicks) / TICKS_PER_SECOND / floor.durationSeconds;
    } finally {
      await server.stop({ keepDataDir: true });
    }
    try {
      const stored = await readStored(fresh ? { url: fresh.url } : { dataDir: join(server.dataDir, 'pglite') });
      delivery.unsent = stored.unsent;
      return { database: fresh ? 'postgres' : 'pglite', warmup, result, floor, floorServerCores, stored, cpu, delivery };
    } finally {
      rmSync(server.dataDir, { recursive: true, force: true });
    }
  } finally {
    await stub.stop();
    await fresh?.drop();
  }
}
