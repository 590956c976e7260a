import { describe, expect, it } from 'vitest';
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { REQUIRED_IN_PRODUCTION, bareProduction } from '../helpers/production-env.ts';

const run = promisify(execFile);
const root = new URL('../../', import.meta.url).pathname;

describe('production without its configuration', () => {
  it('npm start exits non-zero at start, naming every missing variable', async () => {
    const failure = await run('node', ['src/server/serve.ts'], { cwd: root, env: bareProduction, timeout: 30_000 }).then(
      () => null,
      (error: { code: number; stderr: string }) => error,
    );
    expect(failure).not.toBeNull();
    expect(failure!.code).not.toBe(0);
    for (const name of REQUIRED_IN_PRODUCTION) expect(failure!.stderr).toContain(`${name}: required in production`);
  });
});
