import { createRequire } from 'node:module';
import { mkdirSync, readFileSync } from 'node:fs';
import { chromium, type Browser, type Page } from 'playwright-core';
import { inject } from 'vitest';

const require = createRequire(import.meta.url);
export const SCREENSHOTS = 'test-results/screenshots';

/** Headless Debian Chromium, with the flags this machine needs (no sandbox as root, no background network). */
export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: inject('chromiumPath'),
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--no-first-run', '--disable-sync'],
  });
}

export function url(path: string): string {
  return new URL(path, inject('baseUrl')).href;
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

/** Saves a full-page screenshot under test-results/screenshots (git-ignored). */
export async function screenshot(page: Page, name: string): Promise<void> {
  mkdirSync(SCREENSHOTS, { recursive: true });
  await page.screenshot({ path: `${SCREENSHOTS}/${name}.png`, fullPage: true });
}
