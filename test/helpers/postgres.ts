import { randomBytes } from 'node:crypto';
import pg from 'pg';

export interface FreshDatabase {
  /** postgres://… of the new database. */
  url: string;
  /** Runs a query on the new database (a small pool), for counting rows. */
  query<Row extends Record<string, unknown>>(text: string): Promise<Row[]>;
  /** Closes the pool and drops the database (also when a server still holds connections). */
  drop(): Promise<void>;
}

/** Creates a database named `<prefix>_<random>` on the server of `serverUrl`, with the runtime's driver (node-postgres). */
export async function createDatabase(serverUrl: string, prefix: string): Promise<{ url: string; dropDatabase(): Promise<void> }> {
  const admin = new pg.Client({ connectionString: serverUrl });
  await admin.connect();
  const name = `${prefix}_${randomBytes(6).toString('hex')}`;
  await admin.query(`create database ${name}`);
  const target = new URL(serverUrl);
  target.pathname = `/${name}`;
  return {
    url: target.href,
    async dropDatabase() {
      try {
        await admin.query(`drop database if exists ${name} with (force)`);
      } finally {
        await admin.end();
      }
    },
  };
}

/**
 * Creates an empty database on the server of `serverUrl` (e.g. TEST_DATABASE_URL);
 * the server under test applies the migrations on its first request.
 */
export async function freshPostgresDatabase(serverUrl: string): Promise<FreshDatabase> {
  const { url, dropDatabase } = await createDatabase(serverUrl, 'revops_bench');
  const pool = new pg.Pool({ connectionString: url, max: 2 });
  // A pool emits 'error' when the server goes away under an idle client (the faults test cuts it on purpose).
  pool.on('error', () => {});
  return {
    url,
    query: async <Row extends Record<string, unknown>>(text: string) => (await pool.query<Row>(text)).rows,
    async drop() {
      await pool.end();
      await dropDatabase();
    },
  };
}
