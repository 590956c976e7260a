import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { execFile } from 'node:child_process';
import { cpSync, mkdtempSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);
const root = new URL('../../', import.meta.url).pathname;
const REQUIRED = ['DATABASE_URL', 'RESEND_API_KEY', 'CRON_SECRET', 'IP_HASH_SALT', 'BETTER_AUTH_SECRET', 'EMAIL_FROM', 'CONSULTANT_EMAILS'];
/** A production environment with nothing set: only what a process needs to run. */
const bareProduction = { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', VERCEL_ENV: 'production' };

describe('production without its configuration', () => {
  it('npm start exits non-zero at start, naming every missing variable', async () => {
    const failure = await run('node', ['src/server/serve.ts'], { cwd: root, env: bareProduction, timeout: 30_000 }).then(
      () => null,
      (error: { code: number; stderr: string }) => error,
    );
    expect(failure).not.toBeNull();
    expect(failure!.code).not.toBe(0);
    for (const name of REQUIRED) expect(failure!.stderr).toContain(`${name}: required in production`);
  });

  describe('the Vercel function', () => {
    let dir = '';
    beforeAll(async () => {
      // The Vercel build of a copy of the project (it writes .vercel/ and dist/ beside the sources).
      dir = mkdtempSync(join(tmpdir(), 'revops-vercel-'));
      for (const entry of ['src', 'content', 'public', 'astro.config.mjs', 'package.json', 'tsconfig.json']) cpSync(join(root, entry), join(dir, entry), { recursive: true });
      symlinkSync(join(root, 'node_modules'), join(dir, 'node_modules'));
      await run('npx', ['astro', 'build'], { cwd: dir, env: { ...process.env, VERCEL: '1', ASTRO_TELEMETRY_DISABLED: '1' }, timeout: 180_000 });
    }, 200_000);
    afterAll(() => {
      if (dir) rmSync(dir, { recursive: true, force: true });
    });

    it('answers every on-demand route 503 "Server not configured" as JSON, never a 500, and names no variable', async () => {
      const entry = join(dir, '.vercel/output/functions/_render.func/.vercel/output/server/entry.mjs');
      const script = `
        const { default: fn } = await import(${JSON.stringify(entry)});
        const answers = [];
        for (const [method, path] of ${JSON.stringify([
          ['POST', '/api/submissions'],
          ['POST', '/api/masterclass'],
          ['POST', '/api/events'],
          ['GET', '/api/cron/outbox'],
          ['POST', '/api/auth/sign-in/magic-link'],
          ['GET', '/api/auth/magic-link/verify?token=x'],
          ['GET', '/es/r/abcdefghijklmnopqrstuvwxyz012345'],
          ['POST', '/es/masterclass/'],
          ['GET', '/consultants/'],
          ['POST', '/consultants/sign-in'],
        ])}) {
          const response = await fn.fetch(new Request('https://diagnostico.example' + path, { method, headers: { 'content-type': 'application/json', origin: 'https://diagnostico.example' }, body: method === 'POST' ? '{}' : undefined }));
          answers.push({ path, status: response.status, type: response.headers.get('content-type'), body: await response.text() });
        }
        console.log(JSON.stringify(answers));`;
      const { stdout, stderr } = await run('node', ['--input-type=module', '-e', script], { cwd: dir, env: bareProduction, timeout: 60_000 });
      const answers = JSON.parse(stdout.trim().split('\n').at(-1)!) as { path: string; status: number; type: string; body: string }[];
      expect(answers).toHaveLength(10);
      for (const answer of answers) {
        expect(answer.status, answer.path).toBe(503);
        expect(answer.type, answer.path).toMatch(/^application\/json/);
        expect(JSON.parse(answer.body), answer.path).toEqual({ error: 'Server not configured' });
        for (const name of REQUIRED) expect(answer.body).not.toContain(name);
      }
      // The operator learns which, from the log.
      for (const name of REQUIRED) expect(stderr).toContain(name);
    }, 60_000);
  });
});
