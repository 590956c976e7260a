import { createRequire } from 'node:module';
import { mkdirSync, readFileSync } from 'node:fs';
import { chromium, type Browser, type Page } from 'playwright-core';
import { inject } from 'vitest';
import { CHROMIUM_ARGS, findChromium } from './chromium.ts';

const require = createRequire(import.meta.url);
export const SCREENSHOTS = 'test-results/screenshots';

/**
 * Headless Debian Chromium. Under the e2e project, a connection to the one Chromium its global setup
 * started (closing it closes only this file's contexts); elsewhere (the quality suite) a Chromium of its own.
 */
export function launchChromium(): Promise<Browser> {
  const shared = inject('chromiumEndpoint');
  if (shared) return chromium.connect(shared);
  return chromium.launch({ executablePath: findChromium(), args: CHROMIUM_ARGS });
}

/**
 * One tab for a whole test file, handed to each test as a fresh visitor's: no cookies, no local or
 * session storage, the given width, screen media. Opening a tab starts a renderer process (about half
 * a second here); reusing one does not. A test that adds init scripts or listeners of its own opens
 * its own context instead. Errors thrown by the page fail the test that is running.
 */
export function reusableTab(getBrowser: () => Browser): (width?: number) => Promise<Page> {
  let page: Page | undefined;
  return async (width = 1280) => {
    if (!page || page.isClosed()) {
      page = await getBrowser().newPage({ viewport: { width, height: 900 } });
      page.on('pageerror', (error) => {
        throw error;
      });
    }
    await page.context().clearCookies();
    // Storage belongs to the origin: clear it from a small file of the site.
    await page.goto(url('/favicon.svg'));
    await page.evaluate(() => {
      localStorage.clear();
      sessionStorage.clear();
    });
    await page.setViewportSize({ width, height: 900 });
    await page.emulateMedia({ media: 'screen' });
    return page;
  };
}

let baseOverride: string | undefined;

/** Points `url()` (and the flows) at another server than the e2e one: a file that starts its own build. */
export function useBaseUrl(base: string): void {
  baseOverride = base;
}

export function url(path: string): string {
  return new URL(path, baseOverride ?? inject('baseUrl')).href;
}

/** axe-core's source, evaluated in the page by the test itself. */
const axeSource = readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');

/**
 * axe-core's WCAG 2.x A/AA violations on the current page, as "rule: selector" lines.
 * axe is evaluated through the DevTools protocol, which the page's Content-Security-Policy
 * does not govern (a `<script>` tag would be blocked), so the page keeps its real policy.
 */
export async function axeViolations(page: Page): Promise<string[]> {
  // Once per document: the diagnostic's steps change without a navigation.
  if (!(await page.evaluate(() => 'axe' in window))) await page.evaluate(axeSource);
  return page.evaluate(async () => {
    const result = await (window as unknown as { axe: { run: (ctx: Document, options: object) => Promise<{ violations: { id: string; nodes: { target: string[] }[] }[] }> } }).axe.run(document, {
      runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'] },
    });
    return result.violations.flatMap((v) => v.nodes.map((n) => `${v.id}: ${n.target.join(' ')}`));
  });
}

/**
 * With SCREENSHOTS=1, saves a full-page screenshot under test-results/screenshots (git-ignored),
 * to look at; the tests' own checks read the layout and need none. Painting and encoding a long
 * page is the slowest thing a browser test does, so a plain run skips it.
 */
export async function screenshot(page: Page, name: string): Promise<void> {
  if (!process.env.SCREENSHOTS) return;
  mkdirSync(SCREENSHOTS, { recursive: true });
  await page.screenshot({ path: `${SCREENSHOTS}/${name}.png`, fullPage: true });
}
