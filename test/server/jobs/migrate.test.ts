import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { readMigrationFiles } from 'drizzle-orm/migrator';
import { describe, expect, it } from 'vitest';
import { MIGRATIONS_FOLDER } from '../../../src/server/db/client.ts';

const run = promisify(execFile);

describe('npm run db:migrate', () => {
  it('applies every migration to a new database with only the database variables set', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'db-migrate-'));
    const count = readMigrationFiles({ migrationsFolder: MIGRATIONS_FOLDER }).length;
    try {
      // Production's other secrets are missing: the job does not need them.
      const { stdout } = await run(process.execPath, ['src/server/jobs/migrate.ts'], { env: { PATH: process.env.PATH ?? '', VERCEL_ENV: 'production', DATA_DIR: dir }, timeout: 120_000 });
      expect(stdout).toContain(`db:migrate (pglite): up to date, ${count} migrations applied in all`);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
