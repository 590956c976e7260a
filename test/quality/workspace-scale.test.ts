import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { openDatabase, type Database } from '../../src/server/db/client.ts';
import { getSubmission, listSubmissions, SubmissionFiltersSchema, submissionsForExport } from '../../src/server/workspace/workspace.ts';
import { funnelReport, storeFunnelEvent } from '../../src/server/funnel/funnel.ts';
import { describePlan, explain, planNodes, type CapturedQuery, type PlanNode } from '../helpers/query-plans.ts';
import { LIST_CASES, measureWorkspace, scaleThresholdMisses, seedScaleDatabase, type ScaleDatabase } from '../bench/scale.ts';
import { rowsOf } from '../helpers/scale-fixture.ts';

/**
 * The workspace at a size where the planner's choices are the ones it makes at 100,000
 * submissions (`npm run bench` measures that size): every query of the list, its filters and
 * searches, a submission's page, the CSV export's batches and the funnel uses an index and reads
 * no table whole; and over HTTP, the list, a page, the funnel and the export hold
 * `SCALE_THRESHOLDS`. Postgres only: the plans are Postgres's, and `.ci/run` sets
 * TEST_DATABASE_URL whenever a server answers.
 */
const SERVER = process.env.TEST_DATABASE_URL;
const VOLUME = { submissions: 20_000, events: 400_000 };

const DAY_MS = 86_400_000;
const isoDay = (offset: number) => new Date(Date.now() + offset * DAY_MS).toISOString().slice(0, 10);
/** A list case's filters, its `{monthAgo}` and `{today}` filled in. */
const filtersOf = (search: string) => SubmissionFiltersSchema.parse(new URLSearchParams(search.replace('{monthAgo}', isoDay(-30)).replace('{today}', isoDay(0))));

/** Nodes reading a whole table. */
const seqScans = (plan: PlanNode, tables: readonly string[]) => planNodes(plan).filter((node) => node['Node Type'] === 'Seq Scan' && tables.includes(node['Relation Name'] ?? ''));
/** Nodes reading an index of `table`. */
const indexScans = (plan: PlanNode, table: string) =>
  planNodes(plan).filter((node) => ['Index Scan', 'Index Only Scan', 'Bitmap Index Scan'].includes(node['Node Type']) && (node['Relation Name'] === undefined || node['Relation Name'] === table) && node['Index Name']);

describe(`the workspace at ${VOLUME.submissions.toLocaleString('en')} submissions and ${VOLUME.events.toLocaleString('en')} funnel events, on Postgres`, () => {
  let seeded: ScaleDatabase | undefined;
  let database: Database;
  let recording: CapturedQuery[] | null = null;

  beforeAll(async () => {
    if (!SERVER) throw new Error('TEST_DATABASE_URL is unset: this check needs a Postgres server (its query plans are what it holds); `.ci/run` sets it when one answers on 127.0.0.1:5432.');
    seeded = await seedScaleDatabase(SERVER, VOLUME);
    database = await openDatabase({ url: seeded.url, logQuery: (query, params) => recording?.push({ sql: query, params }) });
  });
  afterAll(async () => {
    await database?.close();
    await seeded?.drop();
  });

  /** The plans of what `run` sends, each checked: no Seq Scan on submissions or funnel_events, and an index of `table` read. */
  /** The statements `work` sends. */
  async function record(work: (db: Database['db']) => Promise<unknown>): Promise<CapturedQuery[]> {
    recording = [];
    try {
      await work(database.db);
      return recording;
    } finally {
      recording = null;
    }
  }

  async function expectIndexed(run: (db: Database['db']) => Promise<unknown>, table: 'submissions' | 'funnel_visits' | 'funnel_events', pick: (queries: CapturedQuery[]) => CapturedQuery[] = (q) => q) {
    const checked = pick(await record(run));
    expect(checked.length).toBeGreaterThan(0);
    for (const query of checked) {
      const { plan } = await explain(database, query);
      const shown = `${query.sql}\n${describePlan(plan)}`;
      expect(seqScans(plan, ['submissions', 'funnel_events']), shown).toEqual([]);
      expect(indexScans(plan, table).length, shown).toBeGreaterThan(0);
    }
  }

  describe('query plans', () => {
    it.each(LIST_CASES)('lists %s (its page and its total) from an index', async (_, search) => {
      await expectIndexed((db) => listSubmissions(db, filtersOf(search)), 'submissions');
    });

    it('reads a submission and its history by their keys', async () => {
      const [row] = rowsOf<{ id: string }>(await database.db.execute(sql`select id from submissions where erased_at is null order by md5(id::text) limit 1`));
      await expectIndexed((db) => getSubmission(db, row!.id), 'submissions', (queries) => queries.filter((q) => q.sql.includes('"submissions"')));
    });

    it.each([
      ['every submission', ''],
      ['a status', 'status=won'],
      ['a search', 'q=gmail'],
    ])('exports %s batch after batch along an index, the first batch and the next ones', async (_, search) => {
      await expectIndexed(
        async (db) => {
          let batches = 0;
          for await (const _batch of submissionsForExport(db, filtersOf(search), { batchSize: 1000 })) if (++batches === 3) break;
        },
        'submissions',
        (queries) => queries.slice(0, 2),
      );
    });

    it('draws the funnel of a year from its rollup, never from the events', async () => {
      const queries = await record((db) => funnelReport(db, { from: new Date(Date.now() - 365 * DAY_MS), to: new Date(), steps: 7 }));
      expect(queries.some((q) => q.sql.includes('funnel_events'))).toBe(false);
      await expectIndexed((db) => funnelReport(db, { from: new Date(Date.now() - 365 * DAY_MS), to: new Date(), steps: 7 }), 'funnel_visits', (all) => all.filter((q) => q.sql.includes('"funnel_visits"')));
    });

    it('stores an event reading only its visit’s events', async () => {
      const [visit] = rowsOf<{ visit_id: string }>(await database.db.execute(sql`select visit_id from funnel_events order by created_at desc limit 1`));
      await expectIndexed(
        async (db) => {
          await db.transaction(async (tx) => {
            await storeFunnelEvent(tx, { name: 'step', locale: 'es', step: 3, visitId: visit!.visit_id, createdAt: new Date() });
            tx.rollback();
          }).catch(() => {});
        },
        'funnel_events',
        (queries) => queries.filter((q) => q.sql.startsWith('select') && q.sql.includes('"funnel_events"')),
      );
    });
  });

  it('answers the list, a submission, the funnel and the export over HTTP within SCALE_THRESHOLDS', { timeout: 180_000 }, async () => {
    const measures = await measureWorkspace(seeded!, { runs: 10 });
    expect(scaleThresholdMisses(measures)).toEqual([]);
    expect(measures.csv.rows).toBe(Number(rowsOf<{ n: string }>(await database.db.execute(sql`select count(*) as n from submissions where erased_at is null`))[0]!.n));
  });
});
