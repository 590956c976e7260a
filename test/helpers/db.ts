import type { PGlite } from '@electric-sql/pglite';
import { afterAll, beforeAll } from 'vitest';
import { openDatabase, type Database } from '../../src/server/db/client.ts';
import { createDatabase } from './postgres.ts';

export interface TestDatabase {
  name: 'pglite' | 'postgres';
  open(): Promise<Database>;
}

/** A fresh Postgres database on the TEST_DATABASE_URL server, dropped on close. */
async function isolatedPostgres(url: string): Promise<Database> {
  const { url: target, dropDatabase } = await createDatabase(url, 'revops_test');
  const database = await openDatabase({ url: target });
  return {
    ...database,
    async close() {
      await database.close();
      await dropDatabase();
    },
  };
}

let migrated: Promise<Blob> | undefined;

/**
 * A fresh in-memory PGlite database with every migration applied, copied from one made the first
 * time (creating a PGlite database takes seconds; copying a dump of one, about one).
 */
async function memoryPglite(): Promise<Database> {
  migrated ??= openDatabase({ dataDir: 'memory://' }).then(async (first) => {
    const dump = await (first.db as unknown as { $client: PGlite }).$client.dumpDataDir('none');
    await first.close();
    return dump;
  });
  return openDatabase({ dataDir: 'memory://', loadDataDir: await migrated });
}

/** In-memory PGlite always; the real Postgres server too when TEST_DATABASE_URL is set. */
export const TEST_DATABASES: TestDatabase[] = [
  { name: 'pglite', open: memoryPglite },
  ...(process.env.TEST_DATABASE_URL
    ? [{ name: 'postgres' as const, open: () => isolatedPostgres(process.env.TEST_DATABASE_URL as string) }]
    : []),
];

/**
 * `testDb` opened for the suite it is called in (before its first test, closed after its last):
 * `database.db` reads the open database.
 */
export function openForSuite(testDb: TestDatabase): Database {
  let opened: Database | undefined;
  beforeAll(async () => {
    opened = await testDb.open();
  });
  afterAll(async () => {
    await opened?.close();
  });
  const current = (): Database => {
    if (!opened) throw new Error(`the ${testDb.name} database is opened before the suite's first test, not before`);
    return opened;
  };
  return {
    get db() {
      return current().db;
    },
    get kind() {
      return current().kind;
    },
    close: () => current().close(),
  };
}
