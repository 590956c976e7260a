import { sql, type SQL } from 'drizzle-orm';
import { readMigrationFiles } from 'drizzle-orm/migrator';

/** What applying migrations needs of a Drizzle database (node-postgres or PGlite) or of its transaction. */
interface Executor {
  execute(query: SQL): PromiseLike<unknown>;
}
interface Migratable extends Executor {
  transaction<T>(work: (tx: Executor) => Promise<T>): Promise<T>;
}

/** The first row of a raw query's answer (node-postgres and PGlite both answer `{ rows }`). */
async function firstRow<Row>(db: Executor, query: SQL): Promise<Row> {
  return ((await db.execute(query)) as { rows: Row[] }).rows[0]!;
}

/** The key of the transaction-scoped advisory lock that migrations run under: "migr". */
export const MIGRATION_LOCK_KEY = 0x6d696772;

// Drizzle's own bookkeeping (drizzle-orm's migrator and drizzle-kit read the same table).
const TABLE = sql`drizzle.__drizzle_migrations`;

/** The `created_at` (the migration folder's timestamp, ms) of the last applied migration, or null. */
async function lastApplied(db: Executor): Promise<number | null> {
  const { present } = await firstRow<{ present: boolean }>(db, sql`select to_regclass('drizzle.__drizzle_migrations') is not null as present`);
  if (!present) return null;
  const { created } = await firstRow<{ created: string | number | null }>(db, sql`select max(created_at) as created from ${TABLE}`);
  return created === null ? null : Number(created);
}

/**
 * Applies the migrations of `folder` that the database does not have yet, as drizzle-orm's
 * migrator does (same table, same order: those newer than the last applied), but all in one
 * transaction that first takes a transaction-scoped advisory lock (`pg_advisory_xact_lock`):
 * many instances starting at once apply each migration once, the others wait for it and find
 * nothing left to do. The lock lives and dies with the transaction, so it also holds through a
 * transaction-mode pooler (PgBouncer, Supavisor), where a session lock could be taken on one
 * server connection and released on another. When nothing is pending (every start after the
 * first), two reads and no transaction. Returns how many migrations it applied.
 */
export async function applyMigrations(db: Migratable, folder: string): Promise<number> {
  const migrations = readMigrationFiles({ migrationsFolder: folder });
  const newest = Math.max(...migrations.map((migration) => migration.folderMillis));
  const before = await lastApplied(db);
  if (before !== null && before >= newest) return 0;
  return db.transaction(async (tx) => {
    await tx.execute(sql`select pg_advisory_xact_lock(${sql.raw(String(MIGRATION_LOCK_KEY))})`);
    await tx.execute(sql`create schema if not exists drizzle`);
    await tx.execute(sql`create table if not exists ${TABLE} (id serial primary key, hash text not null, created_at bigint)`);
    // Read again under the lock: another instance may have applied them while this one waited.
    const last = await lastApplied(tx);
    let applied = 0;
    for (const migration of migrations) {
      if (last !== null && last >= migration.folderMillis) continue;
      for (const statement of migration.sql) await tx.execute(sql.raw(statement));
      await tx.execute(sql`insert into ${TABLE} (hash, created_at) values (${migration.hash}, ${migration.folderMillis})`);
      applied += 1;
    }
    return applied;
  });
}
