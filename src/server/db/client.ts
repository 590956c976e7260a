import { join } from 'node:path';
import type { PgDatabase, PgQueryResultHKT } from 'drizzle-orm/pg-core';
import * as schema from './schema.ts';
import { applyMigrations } from './migrate.ts';

/** Drizzle over Postgres or PGlite: the same queries run on both. */
export type Db = PgDatabase<PgQueryResultHKT, typeof schema>;

/** The database or an open transaction: what a helper needs that can run in either. */
export type Queryable = Pick<Db, 'select' | 'insert' | 'update' | 'delete'>;

export interface Database {
  db: Db;
  /** `postgres` or `pglite`, for logs and tests. */
  kind: 'postgres' | 'pglite';
  close(): Promise<void>;
}

export interface DatabaseOptions {
  /** postgres://… ; without it, embedded PGlite. */
  url?: string | undefined;
  /** Postgres only: the most connections this process opens at once (DATABASE_POOL_MAX); 5 unless told. */
  poolMax?: number | undefined;
  /** Postgres only: how long an unused connection stays open, in ms; 20,000 unless told. */
  idleTimeoutMs?: number | undefined;
  /** Postgres only: the connections' `application_name`, as `pg_stat_activity` shows them. */
  applicationName?: string | undefined;
  /** PGlite's folder; `memory://` keeps everything in memory (tests). */
  dataDir?: string | undefined;
  /** PGlite only: start from this dump of a data directory (`dumpDataDir`): tests copy one migrated database instead of creating each anew. */
  loadDataDir?: Blob | undefined;
  /** Told every statement run, with its parameters (the tests that check each query's plan). */
  logQuery?: ((query: string, params: unknown[]) => void) | undefined;
}

/** Migrations live beside this file; deployments ship the folder (see astro.config.mjs). */
export const MIGRATIONS_FOLDER = join(process.cwd(), 'src/server/db/migrations');

function logger(options: DatabaseOptions) {
  const log = options.logQuery;
  return log ? { logQuery: (query: string, params: unknown[]) => log(query, params) } : false;
}

/** What `pg_stat_activity` calls this site's connections unless told otherwise. */
export const APPLICATION_NAME = 'diagnostico-revops';

async function openPostgres(url: string, options: DatabaseOptions) {
  // node-postgres, not postgres.js: postgres.js 3.4.9 crashes the process (a write scheduled on a
  // closed socket) or leaves a pooled connection unable to send when the database drops connections
  // mid-transaction (porsager/postgres#1154, #1208); test/quality/faults.test.ts cuts the database.
  const { default: pg } = await import('pg');
  const { drizzle } = await import('drizzle-orm/node-postgres');
  const { attachDatabasePool } = await import('@vercel/functions');
  const pool = new pg.Pool({
    connectionString: url,
    max: options.poolMax ?? 5,
    application_name: options.applicationName ?? APPLICATION_NAME,
    // Also bounds the wait for a free connection, so a stalled database answers 503, not a hang.
    connectionTimeoutMillis: 10_000,
    idleTimeoutMillis: options.idleTimeoutMs ?? 20_000,
    keepAlive: true,
  });
  // A connection the database drops, idle or checked out between two queries, must not crash the
  // process: its query fails (503), the pool discards it and the next query reconnects.
  const lost = (error: Error) => console.error('[db] connection lost:', error.message);
  pool.on('error', lost);
  pool.on('connect', (client) => client.on('error', lost));
  // On Vercel, keeps a function instance awake until its idle connections are closed, so a suspended
  // instance holds none; elsewhere it does nothing.
  attachDatabasePool(pool);
  return { db: drizzle(pool, { schema, logger: logger(options) }), close: () => pool.end() };
}

/** Opens the database and applies pending migrations (`applyMigrations`: once, whoever starts at the same time). */
export async function openDatabase(options: DatabaseOptions): Promise<Database> {
  const opened = options.url
    ? await openPostgres(options.url, options)
    : await (await import('./embedded.ts')).openEmbedded(options.dataDir ?? '.data/pglite', options.loadDataDir, logger(options));
  try {
    await applyMigrations(opened.db, MIGRATIONS_FOLDER);
  } catch (error) {
    await opened.close().catch(() => {});
    throw error;
  }
  return { db: opened.db as unknown as Db, kind: options.url ? 'postgres' : 'pglite', close: opened.close };
}

let shared: Promise<Database> | undefined;

/** The process's database, opened on first use from the environment; a failed open is retried next time. */
export function database(options: () => DatabaseOptions): Promise<Database> {
  shared ??= openDatabase(options()).catch((error: unknown) => {
    shared = undefined;
    throw error;
  });
  return shared;
}
