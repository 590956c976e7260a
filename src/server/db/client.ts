import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { PgDatabase, PgQueryResultHKT } from 'drizzle-orm/pg-core';
import * as schema from './schema.ts';

/** Drizzle over Postgres or PGlite: the same queries run on both. */
export type Db = PgDatabase<PgQueryResultHKT, typeof schema>;

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
}

/** Migrations live beside this file; deployments ship the folder (see astro.config.mjs). */
export const MIGRATIONS_FOLDER = join(process.cwd(), 'src/server/db/migrations');

/** Opens the database and applies pending migrations. */
export async function openDatabase(options: DatabaseOptions): Promise<Database> {
  if (options.url) {
    const { default: postgres } = await import('postgres');
    const { drizzle } = await import('drizzle-orm/postgres-js');
    const { migrate } = await import('drizzle-orm/postgres-js/migrator');
    const client = postgres(options.url, {
      max: 5,
      connect_timeout: 5,
      idle_timeout: 20,
      onnotice: () => {},
    });
    const db = drizzle(client, { schema });
    await migrate(db, { migrationsFolder: MIGRATIONS_FOLDER });
    return { db: db as unknown as Db, kind: 'postgres', close: () => client.end({ timeout: 5 }) };
  }
  const { PGlite } = await import('@electric-sql/pglite');
  const { drizzle } = await import('drizzle-orm/pglite');
  const { migrate } = await import('drizzle-orm/pglite/migrator');
  const dataDir = options.dataDir ?? '.data/pglite';
  if (!dataDir.startsWith('memory://')) mkdirSync(dataDir, { recursive: true });
  const client = new PGlite(dataDir);
  const db = drizzle(client, { schema });
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
