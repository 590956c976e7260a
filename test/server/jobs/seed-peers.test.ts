import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { openDatabase } from '../../../src/server/db/client.ts';
import { peerDistributions, submissions } from '../../../src/server/db/schema.ts';

const run = promisify(execFile);
const job = (env: Record<string, string>, ...args: string[]) =>
  run(process.execPath, ['src/server/jobs/seed-peers.ts', ...args], { env: { PATH: process.env.PATH ?? '', ...env }, timeout: 120_000 }).then(
    ({ stdout, stderr }) => ({ code: 0, stdout, stderr }),
    (error: { code: number; stdout: string; stderr: string }) => ({ code: error.code, stdout: error.stdout, stderr: error.stderr }),
  );

describe('npm run seed:peers', () => {
  it('refuses to run on the live site\'s environment, before opening any database', async () => {
    const result = await job({ VERCEL_ENV: 'production', DATABASE_URL: 'postgres://nobody@127.0.0.1:1/none' }, '10');
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('seed:peers refuses to run with VERCEL_ENV=production');
  });

  it('refuses a count that is not a whole number', async () => {
    const result = await job({ DATA_DIR: '/nonexistent' }, 'lots');
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('count: must be a whole number from 1 to 100000');
  });

  it('stores the fixture submissions through the real schema and recomputes the distributions', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'seed-peers-'));
    try {
      const result = await job({ DATA_DIR: dir }, '35', '4');
      expect(result.stdout).toContain('35 fixture submissions (seed 4)');
      const database = await openDatabase({ dataDir: join(dir, 'pglite') });
      try {
        expect(await database.db.$count(submissions)).toBe(35);
        const [all] = (await database.db.select().from(peerDistributions)).filter((row) => row.scope.endsWith(':all'));
        expect(all?.sample).toBe(35);
      } finally {
        await database.close();
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 120_000);
});
