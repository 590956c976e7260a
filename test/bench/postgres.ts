import { randomBytes } from 'node:crypto';
import postgres from 'postgres';

export interface FreshDatabase {
  /** postgres://… of the new database. */
  url: string;
  /** A small client on it, for counting rows. */
  sql: postgres.Sql;
  /** Closes the client and drops the database (also when a server still holds connections). */
  drop(): Promise<void>;
}

/**
 * Creates an empty database on the server of `serverUrl` (e.g. TEST_DATABASE_URL);
 * the server under test applies the migrations on its first request.
 */
export async function freshPostgresDatabase(serverUrl: string): Promise<FreshDatabase> {
  const admin = postgres(serverUrl, { max: 1, onnotice: () => {} });
  const name = `revops_bench_${randomBytes(6).toString('hex')}`;
  await admin.unsafe(`create database ${name}`);
  const target = new URL(serverUrl);
  target.pathname = `/${name}`;
  const sql = postgres(target.href, { max: 2, onnotice: () => {} });
  return {
    url: target.href,
    sql,
    async drop() {
      await sql.end({ timeout: 5 });
      await admin.unsafe(`drop database if exists ${name} with (force)`);
      await admin.end({ timeout: 5 });
    },
  };
}
