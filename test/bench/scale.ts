import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'drizzle-orm';
import { openDatabase } from '../../src/server/db/client.ts';
import { realQuestionnaire } from '../helpers/content.ts';
import { freshPostgresDatabase, type FreshDatabase } from '../helpers/postgres.ts';
import { rowsOf, seedScale, type ScaleSeedResult } from '../helpers/scale-fixture.ts';
import { startBuiltServer } from './server.ts';
import { quantile } from './proc.ts';

/** The workspace at scale: what `npm run seed:scale` writes. */
export const SCALE = { submissions: 100_000, events: 2_000_000 } as const;
/** The same measures on a small database, beside the large one, so the growth shows. */
export const SCALE_SMALL = { submissions: 2_000, events: 40_000 } as const;

/**
 * What the workspace must hold at 100,000 submissions and 2,000,000 events, on Postgres, measured
 * over HTTP against the built server, one request at a time: the list with each filter, a
 * submission's page and the funnel over a year at p95, and how far the server's resident memory
 * rises over what it held before while it streams the CSV export of every row (the server holds
 * about 280 MB once started and signed in, before any export).
 */
export const SCALE_THRESHOLDS = { listP95Ms: 150, detailP95Ms: 100, funnelP95Ms: 300, csvRssGrowthMb: 150 } as const;

/** The consultant the measures sign in as (an owner the seed adds to the team). */
export const SCALE_CONSULTANT = 'consultora@example.com';
/** The measured server's environment: the team's owner, and sign-in links without their hourly ceiling (each measure signs in). */
const SERVER_ENV = { CONSULTANT_EMAILS: SCALE_CONSULTANT, SIGN_IN_LINKS_PER_ADDRESS_PER_15_MIN: '1000', SIGN_IN_PER_IP_PER_15_MIN: '1000' };

/** The workspace list's address for each filter measured: the list alone, a far page, then one filter at a time and the searches. */
export const LIST_CASES: readonly (readonly [name: string, search: string])[] = [
  ['list, newest first', ''],
  ['page 40', 'page=40'],
  ['a month (from, to)', 'from={monthAgo}&to={today}'],
  ['band', 'band=developing'],
  ['business model', 'businessModel=ecommerce'],
  ['deal size', 'dealSize=acv-over-250k'],
  ['language', 'locale=en'],
  ['masterclass', 'masterclass=yes'],
  ['call requested', 'call=yes'],
  ['status', 'status=won'],
  ['dimension below', 'dimension=data-quality&below=25'],
  ['source', 'source=linkedin'],
  ['search: a surname', 'q=garc%C3%ADa'],
  ['search: an email domain', 'q=gmail'],
  ['search: a company word', 'q=Horizonte'],
  ['several filters', 'businessModel=saas&locale=pt&status=won&call=yes'],
];

export interface Percentiles {
  p50Ms: number;
  p95Ms: number;
}

export interface WorkspaceMeasures {
  /** Submissions and events in the database measured, and how long seeding took. */
  seeded: ScaleSeedResult;
  /** Per list case: the total it found, and its latency. */
  list: ({ name: string; search: string; total: number } & Percentiles)[];
  detail: Percentiles;
  funnel: Percentiles;
  csv: {
    seconds: number;
    bytes: number;
    /** Data lines (the header left out). */
    rows: number;
    /** The server's resident memory before the export, signed in and nothing else asked of it yet. */
    baselineRssMb: number;
    /** The server's peak resident memory while it exported (its high-water mark, reset before). */
    peakRssMb: number;
  };
}

const percentiles = (times: number[]): Percentiles => {
  const sorted = [...times].sort((a, b) => a - b);
  return { p50Ms: quantile(sorted, 0.5), p95Ms: quantile(sorted, 0.95) };
};

/** A memory field of /proc/PID/status, in MB (`VmRSS`, `VmHWM`). */
function memoryMb(pid: number, field: 'VmRSS' | 'VmHWM'): number {
  const line = readFileSync(`/proc/${pid}/status`, 'utf8').split('\n').find((l) => l.startsWith(`${field}:`));
  if (!line) throw new Error(`no ${field} in /proc/${pid}/status`);
  return Number(line.split(/\s+/)[1]) / 1024;
}

/** Signs in over HTTP as `email` (the link the server prints without an email provider) and answers the session cookie. */
async function signIn(base: string, output: () => string, email: string): Promise<string> {
  const response = await fetch(`${base}/consultants/sign-in`, {
    method: 'POST',
    headers: { origin: base, 'content-type': 'application/x-www-form-urlencoded' },
    body: `email=${encodeURIComponent(email)}`,
  });
  await response.arrayBuffer();
  const deadline = Date.now() + 10_000;
  let link: string | undefined;
  while (!(link = output().match(/https?:\/\/\S+magic-link\/verify\S+/)?.[0])) {
    if (Date.now() > deadline) throw new Error(`no sign-in link printed for ${email}:\n${output()}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  const verified = await fetch(link, { redirect: 'manual' });
  const cookie = verified.headers.getSetCookie().find((c) => c.includes('session_token'))?.split(';')[0];
  if (!cookie) throw new Error(`signing in gave no session cookie (${verified.status})`);
  return cookie;
}

/** The database measured: a fresh one on the Postgres server (`url`), or embedded PGlite in a folder (`dataDir`, the server's DATA_DIR); seeded, removed by `drop`. */
export interface ScaleDatabase {
  url?: string;
  dataDir?: string;
  seeded: ScaleSeedResult;
  drop(): Promise<void>;
}

/** Opens the measured database in this process (PGlite: only while no server holds it). */
const openScale = (database: Pick<ScaleDatabase, 'url' | 'dataDir'>) => openDatabase(database.url ? { url: database.url } : { dataDir: `${database.dataDir}/pglite` });
/** What the measured server is started with to use it. */
const databaseEnv = (database: Pick<ScaleDatabase, 'url' | 'dataDir'>) => (database.url ? { DATABASE_URL: database.url } : { DATABASE_URL: '', DATA_DIR: database.dataDir });

/** Writes `volume` with the seed of `npm run seed:scale` into embedded PGlite in a new folder (the measured server's DATA_DIR). */
export async function seedScalePglite(volume: { submissions: number; events: number }, log?: (line: string) => void): Promise<ScaleDatabase> {
  const dataDir = mkdtempSync(join(tmpdir(), 'revops-scale-'));
  const drop = async () => rmSync(dataDir, { recursive: true, force: true });
  try {
    const database = await openScale({ dataDir });
    try {
      const seeded = await seedScale(database.db, realQuestionnaire(), { ...volume, owners: [SCALE_CONSULTANT], ...(log ? { log } : {}) });
      return { dataDir, seeded, drop };
    } finally {
      await database.close();
    }
  } catch (error) {
    await drop();
    throw error;
  }
}

/** Creates a database on the Postgres server of `serverUrl` and writes `volume` into it with the seed of `npm run seed:scale`. */
export async function seedScaleDatabase(serverUrl: string, volume: { submissions: number; events: number }, log?: (line: string) => void): Promise<ScaleDatabase> {
  const fresh: FreshDatabase = await freshPostgresDatabase(serverUrl);
  try {
    const database = await openDatabase({ url: fresh.url });
    try {
      const seeded = await seedScale(database.db, realQuestionnaire(), { ...volume, owners: [SCALE_CONSULTANT], ...(log ? { log } : {}) });
      return { url: fresh.url, seeded, drop: () => fresh.drop() };
    } finally {
      await database.close();
    }
  } catch (error) {
    await fresh.drop();
    throw error;
  }
}

/**
 * Measures the workspace of `database` over HTTP against the built server (`npm start`), signed in
 * as a consultant, one request at a time: each list case and random submissions' pages `runs`
 * times, the funnel over the last year, then the CSV export of every submission with the server's
 * peak memory meanwhile (`measureCsvExport`). `root` serves another build (a copy of the project).
 */
export async function measureWorkspace(database: ScaleDatabase, { runs = 20, root }: { runs?: number; root?: string } = {}): Promise<WorkspaceMeasures> {
  const opened = await openScale(database);
  let ids: string[];
  try {
    ids = rowsOf<{ id: string }>(await opened.db.execute(sql`select id from submissions where erased_at is null order by md5(id::text) limit ${runs}`)).map((r) => r.id);
  } finally {
    await opened.close();
  }
  const server = await startBuiltServer({ ...(root ? { root } : {}), env: { ...SERVER_ENV, ...databaseEnv(database) } });
  try {
    const cookie = await signIn(server.url, server.output, SCALE_CONSULTANT);
    const timed = async (path: string): Promise<{ ms: number; body: string }> => {
      const start = performance.now();
      const response = await fetch(`${server.url}${path}`, { headers: { cookie }, redirect: 'manual' });
      const body = await response.text();
      const ms = performance.now() - start;
      if (response.status !== 200) throw new Error(`GET ${path}: ${response.status}`);
      return { ms, body };
    };
    const day = (offset: number) => new Date(Date.now() + offset * 86_400_000).toISOString().slice(0, 10);
    const fill = (search: string) => search.replace('{monthAgo}', day(-30)).replace('{today}', day(0));

    const list: WorkspaceMeasures['list'] = [];
    for (const [name, search] of LIST_CASES) {
      const path = `/consultants/${search ? `?${fill(search)}` : ''}`;
      const first = await timed(path);
      const total = Number(first.body.match(/data-testid="total">[^<]*?([\d.,\s\u00a0]+)/)?.[1]?.replace(/\D/g, '') ?? Number.NaN);
      const times: number[] = [];
      for (let i = 0; i < runs; i++) times.push((await timed(path)).ms);
      list.push({ name, search: fill(search), total, ...percentiles(times) });
    }
    await timed(`/consultants/submissions/${ids[0]}`);
    const detailTimes: number[] = [];
    for (const id of ids) detailTimes.push((await timed(`/consultants/submissions/${id}`)).ms);
    const funnelPath = `/consultants/funnel?from=${day(-365)}&to=${day(0)}`;
    await timed(funnelPath);
    const funnelTimes: number[] = [];
    for (let i = 0; i < runs; i++) funnelTimes.push((await timed(funnelPath)).ms);

    return {
      seeded: database.seeded,
      list,
      detail: percentiles(detailTimes),
      funnel: percentiles(funnelTimes),
      csv: await measureCsvExport(database, { ...(root ? { root } : {}) }),
    };
  } finally {
    await server.stop();
  }
}

/**
 * The CSV export of every submission, from a server started for it alone (signed in, nothing else
 * asked of it): how long the download takes, its size, and the server's resident memory before it
 * and at its peak during it.
 */
export async function measureCsvExport(database: Pick<ScaleDatabase, 'url' | 'dataDir'>, { root }: { root?: string } = {}): Promise<WorkspaceMeasures['csv']> {
  const server = await startBuiltServer({ ...(root ? { root } : {}), env: { ...SERVER_ENV, ...databaseEnv(database) } });
  try {
    const cookie = await signIn(server.url, server.output, SCALE_CONSULTANT);
    const pid = server.serverPid();
    const baselineRssMb = memoryMb(pid, 'VmRSS');
    // Resets the high-water mark to the memory in use now, so VmHWM is the export's own peak.
    writeFileSync(`/proc/${pid}/clear_refs`, '5');
    const start = performance.now();
    const response = await fetch(`${server.url}/consultants/export.csv`, { headers: { cookie } });
    if (response.status !== 200 || !response.body) throw new Error(`GET /consultants/export.csv: ${response.status}`);
    let bytes = 0;
    let lines = 0;
    for await (const chunk of response.body) {
      bytes += chunk.byteLength;
      for (const byte of chunk) if (byte === 0x0a) lines++;
    }
    const seconds = (performance.now() - start) / 1000;
    return { seconds, bytes, rows: lines - 1, baselineRssMb, peakRssMb: memoryMb(pid, 'VmHWM') };
  } finally {
    await server.stop();
  }
}

/** Every figure held against `SCALE_THRESHOLDS`, with what it measured: empty when all hold. */
export function scaleThresholdMisses(measures: WorkspaceMeasures, thresholds: typeof SCALE_THRESHOLDS = SCALE_THRESHOLDS): string[] {
  const misses: string[] = [];
  for (const row of measures.list) if (row.p95Ms >= thresholds.listP95Ms) misses.push(`list, ${row.name}: p95 ${row.p95Ms.toFixed(0)} ms ≥ ${thresholds.listP95Ms} ms`);
  if (measures.detail.p95Ms >= thresholds.detailP95Ms) misses.push(`submission page: p95 ${measures.detail.p95Ms.toFixed(0)} ms ≥ ${thresholds.detailP95Ms} ms`);
  if (measures.funnel.p95Ms >= thresholds.funnelP95Ms) misses.push(`funnel: p95 ${measures.funnel.p95Ms.toFixed(0)} ms ≥ ${thresholds.funnelP95Ms} ms`);
  const growth = measures.csv.peakRssMb - measures.csv.baselineRssMb;
  if (growth >= thresholds.csvRssGrowthMb) misses.push(`CSV export: the server's RSS rose by ${growth.toFixed(0)} MB (${measures.csv.baselineRssMb.toFixed(0)} → ${measures.csv.peakRssMb.toFixed(0)} MB) ≥ ${thresholds.csvRssGrowthMb} MB`);
  return misses;
}

const ms = (value: number) => `${Math.round(value)} ms`;
const pair = (p: Percentiles) => `${ms(p.p50Ms)} / ${ms(p.p95Ms)}`;

/** The scale section's table, in markdown: each measure on the small database beside the large one. */
export function scaleTable(small: WorkspaceMeasures, large: WorkspaceMeasures, database = 'Postgres'): string {
  const n = (value: number) => value.toLocaleString('en');
  const header = [
    `workspace measure on ${database} (over HTTP, signed in, one request at a time; p50 / p95)`,
    `${n(small.seeded.submissions)} submissions, ${n(small.seeded.events)} events`,
    `${n(large.seeded.submissions)} submissions, ${n(large.seeded.events)} events`,
    'held at the large size',
  ];
  const rows: string[][] = [];
  for (const [i, row] of large.list.entries()) {
    const before = small.list[i]!;
    rows.push([`list: ${row.name}${row.search ? ` \`?${row.search}\`` : ''}`, `${pair(before)} (${n(before.total)} found)`, `${pair(row)} (${n(row.total)} found)`, `p95 < ${SCALE_THRESHOLDS.listP95Ms} ms`]);
  }
  rows.push(['a submission’s page', pair(small.detail), pair(large.detail), `p95 < ${SCALE_THRESHOLDS.detailP95Ms} ms`]);
  rows.push(['funnel, the last year', pair(small.funnel), pair(large.funnel), `p95 < ${SCALE_THRESHOLDS.funnelP95Ms} ms`]);
  const csv = (m: WorkspaceMeasures) =>
    `${m.csv.seconds.toFixed(2)} s, ${n(m.csv.rows)} rows, ${(m.csv.bytes / 1024 / 1024).toFixed(1)} MB; server RSS ${m.csv.baselineRssMb.toFixed(0)} MB before, peak ${m.csv.peakRssMb.toFixed(0)} MB`;
  rows.push(['CSV export of every submission (streamed)', csv(small), csv(large), `RSS rises < ${SCALE_THRESHOLDS.csvRssGrowthMb} MB`]);
  rows.push(['seeding (`npm run seed:scale`’s job)', `${small.seeded.seconds.toFixed(1)} s`, `${large.seeded.seconds.toFixed(1)} s`, '']);
  const line = (cells: string[]) => `| ${cells.join(' | ')} |`;
  return [line(header), line(header.map((_, i) => (i === 0 ? '---' : '---:'))), ...rows.map(line)].join('\n');
}

/** The embedded database's sizes measured: the small one, and ten times more (the 100,000 of Postgres would take long to seed into it). */
export const SCALE_PGLITE = [SCALE_SMALL, { submissions: 20_000, events: 400_000 }] as const;

/**
 * Seeds a small and a large database on the Postgres server of `serverUrl` in turn, measures each,
 * drops it; then the same on embedded PGlite at `SCALE_PGLITE`'s sizes (without a server, PGlite only).
 */
export async function runScaleBench(serverUrl: string | undefined, log: (line: string) => void = () => {}): Promise<{ postgres: WorkspaceMeasures[]; pglite: WorkspaceMeasures[] }> {
  const measure = async (seed: () => Promise<ScaleDatabase>) => {
    const database = await seed();
    try {
      return await measureWorkspace(database);
    } finally {
      await database.drop();
    }
  };
  const postgres: WorkspaceMeasures[] = [];
  if (serverUrl) for (const volume of [SCALE_SMALL, SCALE]) postgres.push(await measure(() => seedScaleDatabase(serverUrl, volume, (line) => log(`seed: ${line}`))));
  const pglite: WorkspaceMeasures[] = [];
  for (const volume of SCALE_PGLITE) pglite.push(await measure(() => seedScalePglite(volume, (line) => log(`seed (PGlite): ${line}`))));
  return { postgres, pglite };
}
