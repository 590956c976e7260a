import { existsSync } from 'node:fs';
import * as chromeLauncher from 'chrome-launcher';
import lighthouse from 'lighthouse';
import { chromium, type Browser } from 'playwright-core';

export const CATEGORIES = ['performance', 'accessibility', 'best-practices', 'seo'] as const;
export type Category = (typeof CATEGORIES)[number];

/** Runs per page; the median (by performance score) is kept, as Lighthouse's docs advise against single runs. */
export const LIGHTHOUSE_RUNS = 3;

/** The flags this machine's Chromium needs (root, no GPU, no background traffic). */
export const CHROMIUM_FLAGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--no-first-run'];

/** Debian's Chromium, or CHROMIUM_PATH. */
export function chromiumPath(): string {
  const found = [process.env.CHROMIUM_PATH, '/usr/bin/chromium', '/usr/bin/chromium-browser'].find((path) => path && existsSync(path));
  if (!found) throw new Error('No Chromium: install it (`apt-get install chromium`) or set CHROMIUM_PATH.');
  return found;
}

export interface LighthouseTarget {
  /** A short name for tables and messages, e.g. `landing`. */
  name: string;
  url: string;
  /** localStorage entries written before the page's own scripts run (e.g. a finished diagnostic's answers). */
  localStorage?: Record<string, string>;
  /** A cookie (`name=value`) set before the page is loaded, e.g. the finished diagnostic the results page is drawn from. */
  cookie?: string;
}

export interface LighthouseResult {
  name: string;
  url: string;
  /** Category scores, 0–1. */
  scores: Record<Category, number>;
  lcpMs: number;
  tbtMs: number;
  cls: number;
  /** Per category: the scored audits that did not get full marks, as "id (display value)". */
  misses: Record<Category, string[]>;
  /** The start of `<main>`'s text once Lighthouse was done: shows what state the page was measured in. */
  mainText: string;
}

/**
 * Lighthouse's default run (mobile form factor, simulated throttling) of each
 * target in turn, in one headless Chromium: each page `runs` times (default
 * LIGHTHOUSE_RUNS), keeping the run with the median performance score, and the median LCP and TBT of the runs.
 * chrome-launcher starts Chromium and Lighthouse drives it; Playwright, the project's one
 * browser driver, attaches to the same Chromium only to prepare storage and read the page back,
 * and is detached while Lighthouse measures (an attached driver instruments every page it sees).
 */
export async function runLighthouse(targets: LighthouseTarget[], options: { runs?: number } = {}): Promise<LighthouseResult[]> {
  const chrome = await chromeLauncher.launch({ chromePath: chromiumPath(), chromeFlags: CHROMIUM_FLAGS, logLevel: 'silent' });
  try {
    const results: LighthouseResult[] = [];
    for (const target of targets) {
      const runs: LighthouseResult[] = [];
      for (let i = 0; i < (options.runs ?? LIGHTHOUSE_RUNS); i++) runs.push(await runOnce(chrome.port, target));
      const median = (values: number[]) => values.sort((a, b) => a - b)[Math.floor(values.length / 2)]!;
      runs.sort((a, b) => a.scores.performance - b.scores.performance);
      // The run of median score, with the median of each timing: one run's timing says too little.
      results.push({ ...runs[Math.floor(runs.length / 2)]!, lcpMs: median(runs.map((r) => r.lcpMs)), tbtMs: median(runs.map((r) => r.tbtMs)) });
    }
    return results;
  } finally {
    chrome.kill();
  }
}

/** Runs `work` with Playwright attached to the Chromium on `port`, detached again afterwards. */
async function attached<T>(port: number, work: (browser: Browser) => Promise<T>): Promise<T> {
  const browser = await chromium.connectOverCDP(`http://127.0.0.1:${port}`);
  try {
    return await work(browser);
  } finally {
    await browser.close();
  }
}

/**
 * Lighthouse resets the origin's storage and cache before it loads a page. A target that needs
 * localStorage (a finished diagnostic) gets the same clean start here instead, then its entries,
 * and Lighthouse is told to keep storage: the page is still measured with a cold cache.
 */
async function prepareStorage(browser: Browser, target: LighthouseTarget): Promise<void> {
  const context = browser.contexts()[0]!;
  const page = await context.newPage();
  try {
    const cdp = await context.newCDPSession(page);
    const origin = new URL(target.url).origin;
    await cdp.send('Network.clearBrowserCache');
    await cdp.send('Storage.clearDataForOrigin', { origin, storageTypes: 'all' });
    await page.goto(`${origin}/favicon.svg`);
    await page.evaluate((entries) => {
      for (const [key, value] of entries) localStorage.setItem(key, value);
    }, Object.entries(target.localStorage ?? {}));
    if (target.cookie) {
      const [name, ...value] = target.cookie.split('=');
      await context.addCookies([{ name: name!, value: value.join('='), url: origin }]);
    }
  } finally {
    await page.close();
  }
}

/** The start of `<main>`'s text of the target as the browser now shows it (storage as Lighthouse left it). */
async function readMainText(browser: Browser, url: string): Promise<string> {
  const page = await browser.contexts()[0]!.newPage();
  try {
    await page.goto(url, { waitUntil: 'networkidle' });
    return await page.evaluate(() => document.querySelector('main')?.innerText.slice(0, 500) ?? '');
  } finally {
    await page.close();
  }
}

async function runOnce(port: number, target: LighthouseTarget): Promise<LighthouseResult> {
  const keepStorage = Boolean(target.localStorage);
  if (keepStorage) await attached(port, (browser) => prepareStorage(browser, target));
  const result = await lighthouse(target.url, { port, logLevel: 'silent', onlyCategories: [...CATEGORIES], disableStorageReset: keepStorage });
  if (!result) throw new Error(`Lighthouse returned nothing for ${target.url}`);
  const { lhr } = result;
  if (lhr.runtimeError) throw new Error(`Lighthouse could not load ${target.url}: ${lhr.runtimeError.code} ${lhr.runtimeError.message}`);
  const scores = {} as Record<Category, number>;
  const misses = {} as Record<Category, string[]>;
  for (const id of CATEGORIES) {
    const category = lhr.categories[id];
    if (!category || category.score === null) throw new Error(`Lighthouse gave no ${id} score for ${target.url}`);
    scores[id] = category.score;
    misses[id] = category.auditRefs
      .filter((ref) => ref.weight > 0)
      .map((ref) => lhr.audits[ref.id]!)
      .filter((audit) => audit.score !== null && audit.score < 1)
      .map((audit) => `${audit.id} (${audit.displayValue ?? audit.score})`);
  }
  const metric = (id: string) => lhr.audits[id]?.numericValue ?? Number.NaN;
  return {
    name: target.name,
    url: target.url,
    scores,
    lcpMs: metric('largest-contentful-paint'),
    tbtMs: metric('total-blocking-time'),
    cls: metric('cumulative-layout-shift'),
    misses,
    mainText: await attached(port, (browser) => readMainText(browser, target.url)),
  };
}
