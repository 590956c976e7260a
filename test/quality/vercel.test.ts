import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { execFile } from 'node:child_process';
import { cpSync, mkdtempSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { REQUIRED_IN_PRODUCTION, bareProduction } from '../helpers/production-env.ts';

const run = promisify(execFile);
const root = new URL('../../', import.meta.url).pathname;

// The Vercel build of the project takes a core for about 20 s: it belongs with the deploy checks of
// the quality suite (`npm run test:quality`, run by CI), not with `npm test`.
describe('the Vercel function of a production without its configuration', () => {
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
      for (const name of REQUIRED_IN_PRODUCTION) expect(answer.body).not.toContain(name);
    }
    // The operator learns which, from the log.
    for (const name of REQUIRED_IN_PRODUCTION) expect(stderr).toContain(name);
  }, 60_000);
});
