import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { PgDatabase, PgQueryResultHKT } from 'drizzle-orm/pg-core';
import * as schema from './schema.ts';

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

/** Opens the database and applies pending migrations. */
export async function openDatabase(options: DatabaseOptions): Promise<Database> {
  if (options.url) {
    // node-postgres, not postgres.js: postgres.js 3.4.9 crashes the process (a write scheduled on a
    // closed socket) or leaves a pooled connection unable to send when the database drops connections
    // mid-transaction (porsager/postgres#1154, #1208); test/quality/faults.test.ts cuts the database.
    const { default: pg } = await import('pg');
    const { drizzle } = await import('drizzle-orm/node-postgres');
    const { migrate } = await import('drizzle-orm/node-postgres/migrator');
    const pool = new pg.Pool({
      connectionString: options.url,
      max: 5,
      // Also bounds the wait for a free connection, so a stalled database answers 503, not a hang.
      connectionTimeoutMillis: 10_000,
      idleTimeoutMillis: 20_000,
      keepAlive: true,
    });
    // A connection the database drops, idle or checked out between two queries, must not crash the
    // process: its query fails (503), the pool discards it and the next query reconnects.
    const lost = (error: Error) => console.error('[db] connection lost:', error.message);
    pool.on('error', lost);
    pool.on('connect', (client) => client.on('error', lost));
    const db = drizzle(pool, { schema, logger: logger(options) });
    await migrate(db, { migrationsFolder: MIGRATIONS_FOLDER });
    return { db: db as unknown as Db, kind: 'postgres', close: () => pool.end() };
  }
  const { PGlite } = await import('@electric-sql/pglite');
  // The workspace's search indexes need pg_trgm, which PGlite ships as an extension to load.
  const { pg_trgm } = await import('@electric-sql/pglite/contrib/pg_trgm');
  const { drizzle } = await import('drizzle-orm/pglite');
  const { migrate } = await import('drizzle-orm/pglite/migrator');
  const dataDir = options.dataDir ?? '.data/pglite';
  if (!dataDir.startsWith('memory://')) mkdirSync(dataDir, { recursive: true });
  const client = new PGlite(dataDir, { extensions: { pg_trgm }, ...(options.loadDataDir ? { loadDataDir: options.loadDataDir } : {}) });
  const db = drizzle(client, { schema, logger: logger(options) });
  await migrate(db, { migrationsFolder: MIGRATIONS_FOLDER });
  return { db: db as unknown as Db, kind: 'pglite', close: () => client.close() };
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
