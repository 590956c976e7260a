import { randomBytes } from 'node:crypto';
import { openDatabase, type Database } from '../../src/server/db/client.ts';

export interface TestDatabase {
  name: 'pglite' | 'postgres';
  open(): Promise<Database>;
}

/** A fresh Postgres database on the TEST_DATABASE_URL server, dropped on close. */
async function isolatedPostgres(url: string): Promise<Database> {
  const { default: postgres } = await import('postgres');
  const admin = postgres(url, { max: 1, onnotice: () => {} });
  const name = `revops_test_${randomBytes(6).toString('hex')}`;
  await admin.unsafe(`create database ${name}`);
  const target = new URL(url);
  target.pathname = `/${name}`;
  const database = await openDatabase({ url: target.href });
  return {
    ...database,
    async close() {
      await database.close();
      await admin.unsafe(`drop database if exists ${name} with (force)`);
      await admin.end();
    },
  };
}

/** In-memory PGlite always; the real Postgres server too when TEST_DATABASE_URL is set. */
export const TEST_DATABASES: TestDatabase[] = [
  { name: 'pglite', open: () => openDatabase({ dataDir: 'memory://' }) },
  ...(process.env.TEST_DATABASE_URL
    ? [{ name: 'postgres' as const, open: () => isolatedPostgres(process.env.TEST_DATABASE_URL as string) }]
    : []),
];
