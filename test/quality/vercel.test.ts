import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { execFile, spawn } from 'node:child_process';
import { cpSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { readMigrationFiles } from 'drizzle-orm/migrator';
import { MIGRATIONS_FOLDER, APPLICATION_NAME } from '../../src/server/db/client.ts';
import { realQuestionnaire } from '../helpers/content.ts';
import { REQUIRED_IN_PRODUCTION, bareProduction } from '../helpers/production-env.ts';
import { freshPostgresDatabase, type FreshDatabase } from '../helpers/postgres.ts';
import { ResendStub } from '../helpers/resend-stub.ts';
import { TEST_IP_HASH_SALT, validPayload } from '../helpers/submission.ts';
import { functionFiles, inFolders, largest, megabytes, packageFolders, weighParts, type FunctionPart } from '../helpers/function-weight.ts';

const run = promisify(execFile);
const root = new URL('../../', import.meta.url).pathname;
const postgresServer = process.env.TEST_DATABASE_URL;
const MB = 1_000_000;

/** What the one Vercel function may weigh, in all and per part (measured on 2026-11-26: 13.21 MB in all; with the content editor, 15.55 MB). */
const FUNCTION_BUDGET_BYTES = 15 * MB;
const EDITOR_FUNCTION_BUDGET_BYTES = 18 * MB;
const PARTS: FunctionPart[] = [
  // Never in a Vercel build: production's database is DATABASE_URL (astro.config.mjs), and the site has no astro:assets images.
  { name: 'embedded database (PGlite)', budgetBytes: 0, holds: (path) => /pglite/i.test(path) },
  { name: 'sharp and libvips', budgetBytes: 0, holds: (path) => /sharp|libvips/i.test(path) },
  // 4.38 MB: the native addon of one platform.
  { name: 'share preview images (resvg)', budgetBytes: 4.6 * MB, holds: inFolders(packageFolders(root, ['@resvg/resvg-js'])) },
  // 2.75 MB: pdfkit with its standard fonts' metrics (AFM) and fontkit, brotli, linebreak…
  { name: 'PDF (pdfkit, its font metrics and dependencies)', budgetBytes: 3 * MB, holds: inFolders(packageFolders(root, ['pdfkit'])) },
  // 0.20 MB.
  { name: 'Postgres driver (node-postgres)', budgetBytes: 0.3 * MB, holds: inFolders(packageFolders(root, ['pg'])) },
  // 5.20 MB: the site and every package bundled with it (the share image's fonts inlined, 0.9 MB).
  { name: 'server code (the site and the packages bundled with it)', budgetBytes: 6 * MB, holds: inFolders(['.vercel/output/server']) },
  // 0.56 MB: read at run time (drizzle-kit's snapshots left out: astro.config.mjs).
  { name: 'content and migrations', budgetBytes: 1 * MB, holds: inFolders(['content', 'src/server/db/migrations']) },
];
const REST_BUDGET_BYTES = 0.2 * MB;
/** With the content editor (PUBLIC_KEYSTATIC_GITHUB_REPO): Keystatic and React bundled with the server code (7.53 MB). */
const EDITOR_SERVER_CODE_BUDGET_BYTES = 9 * MB;

/**
 * The Vercel build (VERCEL=1) of a copy of the project, in test-results/ (git-ignored), with
 * `extraEnv`. The copy's node_modules is hard-linked to the project's (same disk, no copy): the
 * build traces and copies real files into the function, as on Vercel, where a symbolic link would
 * be copied as a link.
 */
async function vercelBuild(name: string, extraEnv: Record<string, string> = {}): Promise<string> {
  const dir = join(root, 'test-results', `${name}-${process.pid}`);
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  for (const entry of ['src', 'content', 'public', 'astro.config.mjs', 'package.json', 'tsconfig.json', 'vercel.json']) cpSync(join(root, entry), join(dir, entry), { recursive: true });
  await run('cp', ['-al', join(root, 'node_modules'), join(dir, 'node_modules')]);
  await run('npx', ['astro', 'build'], { cwd: dir, env: { ...process.env, VERCEL: '1', ASTRO_TELEMETRY_DISABLED: '1', ...extraEnv }, timeout: 300_000 });
  return dir;
}

/** The function's folder, and its entry as `.vc-config.json` names it. */
function renderFunction(dir: string): { folder: string; entry: string } {
  const folder = join(dir, '.vercel/output/functions/_render.func');
  const { handler } = JSON.parse(readFileSync(join(folder, '.vc-config.json'), 'utf8')) as { handler: string };
  return { folder, entry: join(folder, handler) };
}

/**
 * A script for `node -e` that is one function instance as Vercel runs it: from the function's
 * folder, `waitUntil` collected from a request context, the requests of REQUESTS (JSON
 * `[method, path, body?][]`) answered one after the other, printed as one JSON line; then it waits
 * for what ran after the responses (emails, and the pool's idle connections closing), prints
 * `settled` and stays alive, as a suspended instance, until its stdin closes.
 */
const INSTANCE = `
  const waiting = [];
  globalThis[Symbol.for('@vercel/request-context')] = { get: () => ({ waitUntil: (promise) => waiting.push(promise) }) };
  const { default: fn } = await import(process.env.ENTRY);
  const answers = [];
  for (const [method, path, body] of JSON.parse(process.env.REQUESTS)) {
    const response = await fn.fetch(new Request('https://diagnostico.example' + path, {
      method,
      headers: { 'content-type': 'application/json', origin: 'https://diagnostico.example', 'x-forwarded-for': '203.0.113.' + process.pid % 250 },
      body: method === 'POST' ? (body ?? '{}') : undefined,
    }));
    answers.push({ path, status: response.status, type: response.headers.get('content-type'), body: await response.text() });
  }
  console.log(JSON.stringify(answers));
  while (waiting.length > 0) await Promise.allSettled(waiting.splice(0));
  console.log('settled');
  process.stdin.on('data', () => {});
  process.stdin.on('end', () => process.exit(0));`;

interface Answer {
  path: string;
  status: number;
  type: string | null;
  body: string;
}

/** One function instance in a process of its own (see INSTANCE); `settled` once its work after the responses is done. */
function startInstance(entry: string, cwd: string, env: Record<string, string>, requests: [string, string, string?][]) {
  const child = spawn('node', ['--input-type=module', '-e', INSTANCE], { cwd, env: { ...env, ENTRY: entry, REQUESTS: JSON.stringify(requests) }, stdio: ['pipe', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk));
  const settled = new Promise<Answer[]>((resolve, reject) => {
    child.stdout.on('data', (chunk: Buffer) => {
      stdout += chunk;
      if (/^settled$/m.test(stdout)) resolve(JSON.parse(stdout.split('\n').find((line) => line.startsWith('['))!) as Answer[]);
    });
    child.on('exit', (code) => reject(new Error(`instance exited (${code}) before settling:\n${stdout}\n${stderr}`)));
  });
  const exited = new Promise<void>((resolve) => child.on('exit', () => resolve()));
  return {
    settled,
    stderr: () => stderr,
    async stop() {
      child.stdin.end();
      await exited;
    },
  };
}

// The Vercel build of the project takes a core for about 25 s: it belongs with the deploy checks of
// the quality suite (`npm run test:quality`, run by CI), not with `npm test`.
describe('the Vercel build', () => {
  let dir = '';
  let fn: { folder: string; entry: string };
  beforeAll(async () => {
    dir = await vercelBuild('vercel-build');
    fn = renderFunction(dir);
  }, 300_000);
  afterAll(() => {
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('keeps its one function within its budgets, in all and per part, without PGlite or sharp', () => {
    const files = functionFiles(fn.folder);
    const total = files.reduce((sum, file) => sum + file.bytes, 0);
    const parts = weighParts(files, PARTS, REST_BUDGET_BYTES);
    const report = parts.map((part) => `${megabytes(part.bytes).padStart(9)} of ${megabytes(part.budgetBytes)}  ${part.name}`).join('\n');
    console.log(`The Vercel function: ${megabytes(total)} in ${files.length} files\n${report}`);
    for (const part of parts) expect(part.bytes, `${part.name}: ${megabytes(part.bytes)}, over ${megabytes(part.budgetBytes)}; its largest files:\n${largest(part.files)}`).toBeLessThanOrEqual(part.budgetBytes);
    expect(total, `the function: ${megabytes(total)}, over ${megabytes(FUNCTION_BUDGET_BYTES)}; its largest files:\n${largest(files)}`).toBeLessThanOrEqual(FUNCTION_BUDGET_BYTES);
  });

  it("schedules its crons at most once a day (Vercel's Hobby plan refuses more), each on a route the function serves", () => {
    const vercelJson = JSON.parse(readFileSync(join(root, 'vercel.json'), 'utf8')) as { crons?: { path: string; schedule: string }[] };
    const output = JSON.parse(readFileSync(join(dir, '.vercel/output/config.json'), 'utf8')) as { crons?: unknown; routes: { src?: string; dest?: string }[] };
    expect(vercelJson.crons?.length).toBeGreaterThan(0);
    // vercel.json's crons reach the deployment through Vercel's build (`vercel build`, as on a Git
    // push), which merges them into the output's configuration; the adapter writes none of its own.
    expect(output.crons ?? vercelJson.crons).toEqual(vercelJson.crons);
    for (const cron of vercelJson.crons ?? []) {
      const [minute, hour, ...rest] = cron.schedule.split(' ');
      // One minute of one hour: whatever the other fields say, it fires at most once a day.
      expect(rest, cron.schedule).toHaveLength(3);
      expect(minute, cron.schedule).toMatch(/^([0-9]|[1-5][0-9])$/);
      expect(hour, cron.schedule).toMatch(/^([0-9]|1[0-9]|2[0-3])$/);
      for (const field of rest) expect(field, cron.schedule).toMatch(/^(\*|\d+(-\d+)?)(\/\d+)?(,(\*|\d+(-\d+)?)(\/\d+)?)*$/);
      const route = output.routes.find((candidate) => candidate.src !== undefined && candidate.dest !== undefined && new RegExp(candidate.src).test(cron.path));
      expect(route?.dest, cron.path).toBe('_render');
    }
  });

  it('answers every on-demand route 503 "Server not configured" as JSON, never a 500, and names no variable', async () => {
    const instance = startInstance(fn.entry, fn.folder, bareProduction, [
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
    ]);
    const answers = await instance.settled;
    await instance.stop();
    expect(answers).toHaveLength(10);
    for (const answer of answers) {
      expect(answer.status, answer.path).toBe(503);
      expect(answer.type, answer.path).toMatch(/^application\/json/);
      expect(JSON.parse(answer.body), answer.path).toEqual({ error: 'Server not configured' });
      for (const name of REQUIRED_IN_PRODUCTION) expect(answer.body).not.toContain(name);
    }
    // The operator learns which, from the log.
    for (const name of REQUIRED_IN_PRODUCTION) expect(instance.stderr()).toContain(name);
  }, 60_000);

  it('answers 503 without DATABASE_URL outside production, and logs that it needs one (it has no embedded database)', async () => {
    const instance = startInstance(fn.entry, fn.folder, { ...bareProduction, VERCEL_ENV: 'preview', VERCEL: '1' }, [['POST', '/api/submissions', JSON.stringify(validPayload(realQuestionnaire()))]]);
    const [answer] = await instance.settled;
    await instance.stop();
    expect(answer!.status).toBe(503);
    expect(instance.stderr()).toMatch(/DATABASE_URL is not set, and this build has no embedded database/);
  }, 60_000);

  describe.skipIf(!postgresServer)('in production, on a new Postgres database', () => {
    let database: FreshDatabase;
    const resend = new ResendStub();
    beforeAll(async () => {
      database = await freshPostgresDatabase(postgresServer!);
      await resend.start();
    });
    afterAll(async () => {
      await resend.stop();
      await database?.drop();
    });

    it('stores a submission from each of three instances started at once: migrations applied once, at most 3 × 2 connections, none left open', async () => {
      const production = {
        ...bareProduction,
        VERCEL: '1',
        // With these, @vercel/functions keeps an instance awake until its pool's idle connections are closed.
        VERCEL_URL: 'diagnostico.example',
        VERCEL_REGION: 'dev1',
        DATABASE_URL: database.url,
        RESEND_API_KEY: 're_test_key',
        RESEND_BASE_URL: resend.url,
        SITE_URL: 'https://diagnostico.example',
        EMAIL_FROM: 'Diagnóstico RevOps <diagnostico@diagnostico.example>',
        CONSULTANT_EMAILS: 'consultora@diagnostico.example',
        CRON_SECRET: 'cron-secret-0123456789abcdef',
        IP_HASH_SALT: TEST_IP_HASH_SALT,
        BETTER_AUTH_SECRET: 'auth-secret-0123456789abcdef0123456789abcdef',
      };
      const connections = async () => (await database.query<{ n: number }>(`select count(*)::int as n from pg_stat_activity where application_name = '${APPLICATION_NAME}'`))[0]!.n;
      const payloads = [0, 1, 2].map(() => validPayload(realQuestionnaire()));
      const instances = payloads.map((payload) => startInstance(fn.entry, fn.folder, production, [['POST', '/api/submissions', JSON.stringify(payload)]]));
      let most = 0;
      let running = true;
      const watch = (async () => {
        while (running) {
          most = Math.max(most, await connections());
          await new Promise((resolve) => setTimeout(resolve, 25));
        }
      })();
      try {
        const answers = (await Promise.all(instances.map((instance) => instance.settled))).map(([answer]) => answer!);
        running = false;
        await watch;
        for (const answer of answers) expect(answer.status, answer.body).toBe(201);
        // Three instances alive with their work done, as Vercel suspends them: no connection left open.
        expect(await connections()).toBe(0);
      } finally {
        running = false;
        await Promise.all(instances.map((instance) => instance.stop()));
      }
      expect(most).toBeGreaterThan(0);
      expect(most).toBeLessThanOrEqual(3 * 2);
      const stored = await database.query<{ key: string }>('select idempotency_key as key from submissions order by idempotency_key');
      expect(stored.map((row) => row.key)).toEqual(payloads.map((payload) => payload.idempotencyKey).sort());
      const migrations = await database.query<{ created_at: string }>('select created_at from drizzle.__drizzle_migrations order by id');
      expect(migrations.map((row) => Number(row.created_at))).toEqual(readMigrationFiles({ migrationsFolder: MIGRATIONS_FOLDER }).map((migration) => migration.folderMillis));
      // The report emails went out after the answers, before the instances settled.
      expect(resend.delivered.filter((email) => email.to.includes(payloads[0]!.contact.email)).length).toBeGreaterThanOrEqual(3);
    }, 120_000);
  });
});

describe('the Vercel build with the content editor (PUBLIC_KEYSTATIC_GITHUB_REPO)', () => {
  let dir = '';
  beforeAll(async () => {
    dir = await vercelBuild('vercel-editor-build', { PUBLIC_KEYSTATIC_GITHUB_REPO: 'consultora/diagnostico' });
  }, 300_000);
  afterAll(() => {
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('keeps its function within the budget of an editor build', () => {
    const files = functionFiles(renderFunction(dir).folder);
    const total = files.reduce((sum, file) => sum + file.bytes, 0);
    const server = files.filter((file) => file.path.startsWith('.vercel/output/server/'));
    const serverBytes = server.reduce((sum, file) => sum + file.bytes, 0);
    console.log(`The Vercel function with the content editor: ${megabytes(total)} in ${files.length} files, ${megabytes(serverBytes)} of it server code`);
    expect(serverBytes, `server code: ${megabytes(serverBytes)}, over ${megabytes(EDITOR_SERVER_CODE_BUDGET_BYTES)}:\n${largest(server)}`).toBeLessThanOrEqual(EDITOR_SERVER_CODE_BUDGET_BYTES);
    expect(total, `the function: ${megabytes(total)}, over ${megabytes(EDITOR_FUNCTION_BUDGET_BYTES)}:\n${largest(files)}`).toBeLessThanOrEqual(EDITOR_FUNCTION_BUDGET_BYTES);
  });
});
