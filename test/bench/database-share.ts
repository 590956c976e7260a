// The database's share of a submission: the statements `POST /api/submissions` runs (the lookup of
// an earlier submission, then the one transaction), with no HTTP and everything else computed
// beforehand, at the load run's concurrency. What this reaches bounds what the endpoint can.
import { randomUUID } from 'node:crypto';
import { SubmissionSchema } from '../../src/domain/schemas/submission.ts';
import { buildReport } from '../../src/domain/report.ts';
import { openDatabase } from '../../src/server/db/client.ts';
import { leadConsents } from '../../src/server/leads/consent.ts';
import { previousSubmission } from '../../src/server/leads/retake.ts';
import { submissionLimit, submissionRow, writeSubmission, type SubmissionRow } from '../../src/server/leads/store.ts';
import { hashIp } from '../../src/server/lib/rate-limit.ts';
import { realQuestionnaire } from '../helpers/content.ts';
import { freshPostgresDatabase } from '../helpers/postgres.ts';
import { TEST_CONTACT, TEST_IP_HASH_SALT, validPayload } from '../helpers/submission.ts';
import { LOAD, sourceAddress } from './load.ts';
import { quantile, ticksOf, TICKS_PER_SECOND } from './proc.ts';

/** CPU ticks of every Postgres process this user can read. */
const postgresTicks = () => ticksOf((process) => process.name === 'postgres');

export interface DatabaseShare {
  transactions: number;
  perSecond: number;
  latencyP50Ms: number;
  latencyP99Ms: number;
  /** CPU of every Postgres process over the run, in cores. */
  postgresCores: number;
  /** CPU of this process (Drizzle and the driver) over the run, in cores. */
  clientCores: number;
}

/**
 * On a fresh database on `serverUrl`: `LOAD.warmup` submissions, then `amount` measured, each written
 * as the endpoint writes it (`previousSubmission`, then `writeSubmission`), `connections` at a time
 * through a pool of the server's default size, connection `i` counting its slots under the address
 * the load run gives it.
 */
export async function measureDatabaseShare(serverUrl: string, options: { amount?: number; connections?: number } = {}): Promise<DatabaseShare> {
  const amount = options.amount ?? LOAD.amount;
  const connections = options.connections ?? LOAD.connections;
  const q = realQuestionnaire();
  const now = new Date();
  const rows = (count: number): SubmissionRow[] =>
    Array.from({ length: count }, (_, n) => {
      const key = randomUUID();
      const submission = SubmissionSchema.parse(validPayload(q, { contact: { ...TEST_CONTACT, email: `lead-${key}@example.com` }, idempotencyKey: key }));
      const report = buildReport(q, { answers: submission.answers, segment: submission.segment, metricInputs: submission.metricInputs ?? null }, submission.locale);
      const consents = leadConsents(q, submission.locale, { contact: submission.contactConsent, masterclass: submission.masterclass }, now);
      return submissionRow(submission, q, { id: randomUUID(), token: randomUUID(), report, ipHash: hashIp(sourceAddress(n % connections), TEST_IP_HASH_SALT), previous: undefined, consents, now });
    });
  const fresh = await freshPostgresDatabase(serverUrl);
  const database = await openDatabase({ url: fresh.url });
  try {
    const write = async (row: SubmissionRow) => {
      const previous = await previousSubmission(database.db, row.contactEmail);
      await writeSubmission(database.db, {
        row,
        questionnaire: q,
        site: 'http://127.0.0.1',
        crmTargets: [],
        limit: submissionLimit({ RATE_LIMIT_PER_HOUR: 100_000_000 }),
        hasPrevious: previous !== undefined,
      });
    };
    const run = async (batch: SubmissionRow[]) => {
      const latencies: number[] = [];
      let next = 0;
      await Promise.all(
        Array.from({ length: connections }, async () => {
          while (next < batch.length) {
            const row = batch[next++]!;
            const started = performance.now();
            await write(row);
            latencies.push(performance.now() - started);
          }
        }),
      );
      return latencies.sort((a, b) => a - b);
    };
    await run(rows(LOAD.warmup));
    const measured = rows(amount);
    const cpu = process.cpuUsage();
    const ticks = postgresTicks();
    const started = performance.now();
    const latencies = await run(measured);
    const seconds = (performance.now() - started) / 1000;
    const used = process.cpuUsage(cpu);
    return {
      transactions: latencies.length,
      perSecond: latencies.length / seconds,
      latencyP50Ms: quantile(latencies, 0.5),
      latencyP99Ms: quantile(latencies, 0.99),
      postgresCores: (postgresTicks() - ticks) / TICKS_PER_SECOND / seconds,
      clientCores: (used.user + used.system) / 1e6 / seconds,
    };
  } finally {
    await database.close();
    await fresh.drop();
  }
}

if (import.meta.main) {
  const server = process.env.TEST_DATABASE_URL;
  if (!server) throw new Error('Set TEST_DATABASE_URL to a Postgres server');
  console.log(JSON.stringify(await measureDatabaseShare(server)));
}
