// `npm run db:migrate`: applies the pending migrations to DATABASE_URL (or the embedded database)
// and exits, for a deploy that migrates before it serves; the server otherwise applies them itself
// on its first use of the database. Either way, under the same advisory lock (src/server/db/migrate.ts).
import { sql } from 'drizzle-orm';
import { parseEnv } from '../env.ts';
import { openDatabase } from '../db/client.ts';

// Only the database's variables: a build step need not have the site's other secrets.
const config = parseEnv({ DATABASE_URL: process.env.DATABASE_URL, DATA_DIR: process.env.DATA_DIR });
const database = await openDatabase({ url: config.DATABASE_URL, dataDir: `${config.DATA_DIR}/pglite` });
try {
  const { rows } = (await database.db.execute(sql`select count(*)::int as n from drizzle.__drizzle_migrations`)) as unknown as { rows: { n: number }[] };
  console.log(`db:migrate (${database.kind}): up to date, ${rows[0]!.n} migrations applied in all`);
} finally {
  await database.close();
}
