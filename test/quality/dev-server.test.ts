import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, openSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import { launchChromium } from '../e2e/browser.ts';
import { realQuestionnaire } from '../helpers/content.ts';

// The README's first command: `npm run dev` must serve the whole product, styled and interactive.
const q = realQuestionnaire();
let dev: ChildProcess;
let base = '';
let browser: Browser;

function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const server = createServer();
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => resolve(typeof address === 'object' && address ? address.port : 0));
    });
  });
}

beforeAll(async () => {
  const port = await freePort();
  base = `http://localhost:${port}`;
  // A newcomer's shell: none of vitest's variables (NODE_ENV=test changes how Vite serves pages).
  const shell = Object.fromEntries(Object.entries(process.env).filter(([key]) => !key.startsWith('VITEST') && key !== 'NODE_ENV' && key !== 'TEST'));
  dev = spawn('npm', ['run', 'dev', '--', '--port', String(port), '--host', 'localhost'], {
    env: { ...shell, ASTRO_DEV_BACKGROUND: '0', DATA_DIR: mkdtempSync(join(tmpdir(), 'revops-dev-')), SITE_URL: base, DATABASE_URL: '' },
    stdio: ['ignore', openSync(join(tmpdir(), 'revops-dev-test.log'), 'w'), 'pipe'],
    detached: true,
  });
  const deadline = Date.now() + 60_000;
  for (;;) {
    try {
      if ((await fetch(`${base}/`)).ok) break;
    } catch {
      // not up yet
    }
    if (Date.now() > deadline) throw new Error('npm run dev did not answer within 60 s');
    await new Promise((r) => setTimeout(r, 500));
  }
  browser = await launchChromium();
}, 90_000);

afterAll(async () => {
  await browser?.close();
  try {
    if (dev?.pid) process.kill(-dev.pid, 'SIGTERM');
  } catch {
    // already gone
  }
});

describe('npm run dev', () => {
  it('serves a styled, working diagnostic and the content preview', async () => {
    const page = await browser.newPage();
    const errors: string[] = [];
    page.on('pageerror', (error) => errors.push(error.message));
    await page.goto(`${base}/en/diagnostic/`);
    // The step is drawn by the server at once; on a first run Vite may then reload the page once, when it
    // prepares a dependency the island asks for: the island hydrated is the page as it stays.
    await page.waitForSelector('astro-island:not([ssr])', { state: 'attached', timeout: 30_000 });
    await page.waitForLoadState('networkidle');
    expect(await page.textContent('h2.step-heading')).toBe(q.dimensions[0]!.name.en);
    const font = await page.evaluate(() => getComputedStyle(document.body).fontFamily);
    expect(font, 'the global stylesheet is applied').toContain('system-ui');
    await page.goto(`${base}/dev/content?locale=pt`);
    expect(await page.textContent('h1')).toContain('PT');
    expect(errors).toEqual([]);
    await page.close();
  }, 90_000);
});
