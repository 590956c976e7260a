import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import { launchChromium } from '../e2e/browser.ts';
import { realQuestionnaire } from '../helpers/content.ts';
import { startDevServer, type DevServer } from '../helpers/dev-server.ts';

// The README's first command: `npm run dev` must serve the whole product, styled and interactive.
const q = realQuestionnaire();
let dev: DevServer | undefined;
let base = '';
let browser: Browser;

beforeAll(async () => {
  dev = await startDevServer({ env: { DATA_DIR: mkdtempSync(join(tmpdir(), 'revops-dev-')), DATABASE_URL: '' }, readyPath: '/', log: 'revops-dev-test.log', timeoutMs: 60_000 });
  base = dev.base;
  browser = await launchChromium();
}, 90_000);

afterAll(async () => {
  await browser?.close();
  dev?.stop();
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
