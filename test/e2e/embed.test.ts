import { createServer, type Server } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Frame, Page } from 'playwright-core';
import { launchChromium } from './browser.ts';
import { patternAnswers } from './flows.ts';
import { realQuestionnaire } from '../helpers/content.ts';
import { LOAD_SERVER_ENV } from '../bench/load.ts';
import { startBuiltServer, type BuiltServer } from '../bench/server.ts';

const q = realQuestionnaire();

/** A consultancy's page on another loopback origin, embedding the diagnostic with the snippet. */
function hostSite(address: string, diagnostic: () => string): Promise<{ server: Server; origin: string }> {
  const server = createServer((_, res) => {
    res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
    res.end(`<!doctype html><html lang="es"><head><title>Consultora</title></head><body style="margin:0">
      <h1 style="height:120px;margin:0">Nuestra consultora</h1>
      <script src="${diagnostic()}/embed.js" data-locale="es" async></script>
      <footer>Pie</footer></body></html>`);
  });
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, address, () => {
      const { port } = server.address() as { port: number };
      resolve({ server, origin: `http://${address}:${port}` });
    });
  });
}

const close = (server: Server | undefined) => new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()));

/** The frame the snippet inserted, once it has navigated (to the diagnostic, or to Chromium's error page when refused). */
async function embeddedFrame(page: Page): Promise<Frame> {
  const handle = await page.waitForSelector('iframe');
  let frame: Frame | null = null;
  await expect.poll(async () => (frame = await handle.contentFrame()) && frame.url() !== 'about:blank' && frame.url() !== '', { timeout: 15_000 }).toBeTruthy();
  return frame!;
}

describe('embedding the diagnostic in another site', () => {
  let browser: Browser;
  let site: BuiltServer | undefined;
  let allowed: { server: Server; origin: string } | undefined;
  let other: { server: Server; origin: string } | undefined;

  beforeAll(async () => {
    // The host sites first, so the diagnostic's server can be told which one may frame it.
    allowed = await hostSite('127.0.0.2', () => site!.url);
    other = await hostSite('127.0.0.3', () => site!.url);
    site = await startBuiltServer({ env: { ...LOAD_SERVER_ENV, EMBED_ORIGINS: `https://consultora.example,${allowed.origin}` } });
    browser = await launchChromium();
  });
  afterAll(async () => {
    await browser?.close();
    await site?.stop();
    await close(allowed?.server);
    await close(other?.server);
  });

  it('lets the listed sites frame the embed pages only, at run time; every other page keeps frame-ancestors none', async () => {
    for (const path of ['/es/embed/', '/en/embed/results/']) {
      const response = await fetch(`${site!.url}${path}`);
      expect(response.status, path).toBe(200);
      expect(response.headers.get('content-security-policy'), path).toMatch(new RegExp(`(^|;\\s*)frame-ancestors https://consultora\\.example ${allowed!.origin.replaceAll('.', '\\.')}\\s*(;|$)`));
      expect(response.headers.get('x-frame-options'), path).toBeNull();
      expect(response.headers.get('x-robots-tag'), path).toBe('noindex');
    }
    for (const path of ['/diagnostico/', '/resultados/', '/', '/es/embedded/']) {
      const response = await fetch(`${site!.url}${path}`);
      expect(response.headers.get('content-security-policy'), path).toMatch(/(^|;\s*)frame-ancestors 'none'\s*(;|$)/);
      expect(response.headers.get('x-frame-options'), path).toBe('DENY');
    }
  });

  it('loads in an allowed site’s page and resizes the frame to its content as the steps change', async () => {
    const page = await browser.newPage({ viewport: { width: 1024, height: 700 } });
    try {
      await page.goto(allowed!.origin);
      const frame = await embeddedFrame(page);
      expect(new URL(frame.url()).pathname).toBe('/es/embed/');
      await frame.waitForSelector('h2.step-heading');
      const iframe = await page.$('iframe');
      const frameHeight = () => iframe!.evaluate((el: HTMLIFrameElement) => el.getBoundingClientRect().height);
      const contentHeight = () => frame.evaluate(() => Math.ceil(document.body.getBoundingClientRect().height));
      // The frame follows its content (within a pixel), whatever the content's height.
      await expect.poll(async () => Math.abs((await frameHeight()) - (await contentHeight())), { timeout: 10_000 }).toBeLessThanOrEqual(1);
      const first = await frameHeight();
      expect(await frame.evaluate(() => document.documentElement.scrollHeight <= window.innerHeight + 1), 'no scrollbar inside the frame').toBe(true);

      // The next step has other questions: another height, followed by the frame.
      const answers = patternAnswers(1);
      const [dimension, next] = q.dimensions;
      for (const question of q.questions.filter((x) => x.dimension === dimension!.id)) {
        const answer = answers[question.id]!;
        for (const value of Array.isArray(answer) ? answer : [answer]) await frame.check(`input[name="${question.id}"][value="${value}"]`);
      }
      await frame.click('button[type=submit]');
      await frame.waitForFunction((name) => document.querySelector('h2.step-heading')?.textContent === name, next!.name.es);
      await expect.poll(async () => Math.abs((await frameHeight()) - (await contentHeight())), { timeout: 10_000 }).toBeLessThanOrEqual(1);
      expect(await frameHeight()).not.toBe(first);
    } finally {
      await page.close();
    }
  });

  it('is refused in the page of a site not in the list', async () => {
    const page = await browser.newPage();
    const refusals: string[] = [];
    page.on('console', (message) => {
      if (/frame-ancestors/.test(message.text())) refusals.push(message.text());
    });
    try {
      await page.goto(other!.origin);
      const frame = await embeddedFrame(page);
      await expect.poll(() => refusals.length, { timeout: 10_000 }).toBeGreaterThan(0);
      expect(refusals[0]).toContain(`Framing '${site!.url}/'`);
      expect(refusals[0]).not.toContain(other!.origin);
      // Chromium shows its error page in the frame: the diagnostic never renders there.
      expect(frame.url()).not.toContain('/es/embed/');
      expect(await frame.$('h2.step-heading')).toBeNull();
    } finally {
      await page.close();
    }
  });
});
