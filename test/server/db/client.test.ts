import { randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { sql } from 'drizzle-orm';
import { readMigrationFiles } from 'drizzle-orm/migrator';
import pg from 'pg';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { MIGRATIONS_FOLDER, openDatabase, type Database } from '../../../src/server/db/client.ts';
import { applyMigrations } from '../../../src/server/db/migrate.ts';
import { databasePool, parseEnv } from '../../../src/server/env.ts';
import { openForSuite, TEST_DATABASES } from '../../helpers/db.ts';
import { createDatabase } from '../../helpers/postgres.ts';

const postgresServer = process.env.TEST_DATABASE_URL;
const migrations = readMigrationFiles({ migrationsFolder: MIGRATIONS_FOLDER });

describe.each(TEST_DATABASES)('migrations on $name', (testDb) => {
  const database = openForSuite(testDb);

  it('records each migration once, and applies nothing to a database that has them all', async () => {
    const { rows } = (await database.db.execute(sql`select created_at from drizzle.__drizzle_migrations order by id`)) as unknown as { rows: { created_at: string }[] };
    expect(rows.map((row) => Number(row.created_at))).toEqual(migrations.map((migration) => migration.folderMillis));
    expect(await applyMigrations(database.db, MIGRATIONS_FOLDER)).toBe(0);
  });

  it('compresses the large columns with lz4 on Postgres, and keeps the default where the server has no lz4 (PGlite)', async () => {
    const { rows } = (await database.db.execute(sql`
      select c.relname || '.' || a.attname as "column", a.attcompression as compression
      from pg_attribute a join pg_class c on c.oid = a.attrelid
      where (c.relname, a.attname) in (('submissions', 'report'), ('submissions', 'answer_sheet'), ('submissions', 'answers'), ('suspected_submissions', 'report'),
        ('outbox', 'html'), ('outbox', 'text'), ('outbox', 'attachments'), ('crm_deliveries', 'event'))
      order by 1`)) as unknown as { rows: { column: string; compression: string }[] };
    expect(rows).toHaveLength(8);
    // 'l' is lz4; '' is the server's default (pglz).
    expect(new Set(rows.map((row) => row.compression))).toEqual(new Set([testDb.name === 'postgres' ? 'l' : '']));
  });
});

describe.skipIf(!postgresServer)('a new Postgres database opened by many instances at once', () => {
  let target: Awaited<ReturnType<typeof createDatabase>>;
  let admin: pg.Client;
  const opened: Database[] = [];
  beforeEach(async () => {
    target = await createDatabase(postgresServer!, 'revops_db');
    admin = new pg.Client({ connectionString: target.url });
    await admin.connect();
  });
  afterEach(async () => {
    await Promise.all(opened.splice(0).map((database) => database.close()));
    await admin.end();
    await target.dropDatabase();
  });

  it('opens at most DATABASE_POOL_MAX connections per instance, however many queries wait', async () => {
    const applicationName = `revops-pool-${randomUUID().slice(0, 8)}`;
    const config = parseEnv({ DATABASE_URL: target.url, DATABASE_POOL_MAX: '2' });
    const database = await openDatabase({ url: target.url, applicationName, ...databasePool(config) });
    opened.push(database);
    const connections = async () =>
      (await admin.query<{ n: number }>('select count(*)::int as n from pg_stat_activity where application_name = $1', [applicationName])).rows[0]!.n;
    let most = 0;
    let querying = true;
    const watch = (async () => {
      while (querying) {
        most = Math.max(most, await connections());
        await sleep(10);
      }
    })();
    const answers = await Promise.all(Array.from({ length: 10 }, (_, i) => database.db.execute(sql`select ${i}::int as i, pg_sleep(0.1)`)));
    querying = false;
    await watch;
    expect(answers.map((answer) => (answer as unknown as { rows: { i: number }[] }).rows[0]!.i)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
    expect(most).toBe(2);
    await opened.pop()!.close();
    // A closed connection leaves pg_stat_activity once its server process has ended, a moment after.
    await expect.poll(connections, { timeout: 5_000, interval: 50 }).toBe(0);
  });

  it('applies each migration exactly once when eight instances open it at the same moment', async () => {
    const results = await Promise.allSettled(Array.from({ length: 8 }, () => openDatabase({ url: target.url, poolMax: 1 })));
    for (const result of results) if (result.status === 'fulfilled') opened.push(result.value);
    expect(results.filter((result) => result.status === 'rejected').map((result) => String((result as PromiseRejectedResult).reason))).toEqual([]);
    const { rows } = await admin.query<{ hash: string; created_at: string }>('select hash, created_at from drizzle.__drizzle_migrations order by id');
    expect(rows.map((row) => Number(row.created_at))).toEqual(migrations.map((migration) => migration.folderMillis));
    expect(rows.map((row) => row.hash)).toEqual(migrations.map((migration) => migration.hash));
    // Every instance can use what the first one made.
    for (const database of opened) expect(((await database.db.execute(sql`select count(*)::int as n from submissions`)) as unknown as { rows: unknown[] }).rows).toEqual([{ n: 0 }]);
  });
});
