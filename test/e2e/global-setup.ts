import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TestProject } from 'vitest/node';
import { chromium } from 'playwright-core';
import { ResendStub } from '../helpers/resend-stub.ts';
import { CHROMIUM_ARGS, findChromium } from './chromium.ts';
import { TEST_IP_HASH_SALT } from '../helpers/submission.ts';

declare module 'vitest' {
  export interface ProvidedContext {
    baseUrl: string;
    /** The one Chromium the browser files connect to (`launchChromium` in browser.ts): starting one per file cost about a second each. */
    chromiumEndpoint: string;
    /** The Resend stub the server sends through; GET /__delivered lists what it took. */
    resendStubUrl: string;
    /** The pid of the `npm start` server process (its memory is read from /proc/<pid>/status). */
    serverPid: number;
  }
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => (typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port'))));
    });
  });
}

async function waitFor(url: string, child: ChildProcess, log: () => string): Promise<void> {
  const deadline = Date.now() + 30_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`npm start exited with ${child.exitCode}:\n${log()}`);
    try {
      const response = await fetch(url);
      if (response.ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`The server did not answer ${url} within 30 s:\n${log()}`);
}

/** The arguments `npm start` gives node, so the tests serve the build exactly as production does. */
function startArgs(root: string): string[] {
  const { scripts } = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { scripts: { start: string } };
  const [command, ...args] = scripts.start.trim().split(/\s+/);
  if (command !== 'node') throw new Error(`The e2e tests run \`npm start\` as \`node …\`; it is now: ${scripts.start}`);
  return args;
}

export default async function setup(project: TestProject) {
  const root = project.config.root;
  if (!existsSync(join(root, 'dist/server/entry.mjs'))) throw new Error('No production build: run `npm run build` before the e2e tests (npm test does).');
  // Everything started is stopped again: by the teardown, or right here if a later step fails.
  const stops: (() => unknown)[] = [];
  const teardown = async () => {
    for (const stop of stops.reverse()) await stop();
  };
  try {
    const chromiumServer = await chromium.launchServer({ executablePath: findChromium(), args: CHROMIUM_ARGS });
    stops.push(() => chromiumServer.close());
    project.provide('chromiumEndpoint', chromiumServer.wsEndpoint());
    const stub = new ResendStub();
    await stub.start();
    stops.push(() => stub.stop());
    project.provide('resendStubUrl', stub.url);
    const port = await freePort();
    let output = '';
    const child = spawn(process.execPath, startArgs(root), {
      cwd: root,
      env: {
        ...process.env,
        HOST: '127.0.0.1',
        PORT: String(port),
        DATA_DIR: mkdtempSync(join(tmpdir(), 'revops-e2e-')),
        DATABASE_URL: '',
        RESEND_API_KEY: 're_e2e_test_key',
        RESEND_BASE_URL: stub.url,
        CONSULTANT_EMAILS: 'consultora@example.com',
        // No SITE_URL, as in a local run: links (emails, sign-in) use the address each request came to.
        SITE_URL: '',
        // The browser fills the diagnostic in seconds; the start token is still required (and real: from POST /api/events).
        MIN_FILL_SECONDS: '0',
        RATE_LIMIT_PER_HOUR: '1000',
        // Every browser test runs from 127.0.0.1: their funnel events together would pass the default per-IP limit.
        EVENTS_PER_IP_PER_HOUR: '100000',
        // Several browser tests sign a consultant in, all from 127.0.0.1.
        SIGN_IN_PER_IP_PER_15_MIN: '1000',
        // … and the same consultant signs in several times.
        SIGN_IN_LINKS_PER_ADDRESS_PER_15_MIN: '100',
        // Signs the start tokens, so those of validPayload() hold for submissions posted directly.
        IP_HASH_SALT: TEST_IP_HASH_SALT,
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    stops.push(() => child.kill('SIGTERM'));
    child.stdout?.on('data', (d) => (output += d));
    child.stderr?.on('data', (d) => (output += d));
    const baseUrl = `http://127.0.0.1:${port}`;
    await waitFor(`${baseUrl}/`, child, () => output);
    project.provide('baseUrl', baseUrl);
    project.provide('serverPid', child.pid!);
  } catch (error) {
    await teardown();
    throw error;
  }
  return teardown;
}
