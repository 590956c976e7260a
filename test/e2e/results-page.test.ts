import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { axeViolations, launchChromium, screenshot, url } from './browser.ts';
import { patternAnswers, resultsWith } from './flows.ts';
import { realQuestionnaire } from '../helpers/content.ts';
import { extremeAnswers } from '../helpers/report-input.ts';
import { LOCALES } from '../../src/domain/locale.ts';
import { pagePath } from '../../src/domain/routes.ts';
import { fill } from '../../src/domain/format.ts';

const q = realQuestionnaire();
let browser: Browser;

beforeAll(async () => {
  browser = await launchChromium();
});
afterAll(async () => {
  await browser?.close();
});

async function phone(): Promise<Page> {
  const context = await browser.newContext({ viewport: { width: 360, height: 740 } });
  return context.newPage();
}

const heading = (page: Page) => page.textContent('h2.step-heading');

describe('the results page', () => {
  for (const locale of LOCALES) {
    it(`shows the score, the band and the short plan on a phone's first screen, with nothing scrolling sideways (${locale})`, async () => {
      const page = await phone();
      try {
        await resultsWith(page, locale, patternAnswers(1));
        const inView = await page.evaluate(() => {
          const bottom = (selector: string) => document.querySelector(selector)?.getBoundingClientRect().bottom ?? Infinity;
          return { score: bottom('[data-testid=overall-score]'), band: bottom('.score-card .band-label'), plan: bottom('[data-testid=plan]'), height: window.innerHeight };
        });
        expect(inView.score).toBeLessThanOrEqual(inView.height);
        expect(inView.band).toBeLessThanOrEqual(inView.height);
        expect(inView.plan, 'the whole plan is on the first screen').toBeLessThanOrEqual(inView.height);
        expect(await page.$$eval('[data-testid=plan] li', (items) => items.map((i) => i.getAttribute('data-horizon')))).toEqual(['month', 'quarter', 'quarter']);
        await page.waitForSelector('.metric-card');
        expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(360);
        expect(await axeViolations(page)).toEqual([]);
        await screenshot(page, `results-first-screen-${locale}-360`);
      } finally {
        await page.context().close();
      }
    });
  }

  it('leads with a call for a low score and with the masterclass for a high one', async () => {
    const page = await phone();
    try {
      await resultsWith(page, 'es', extremeAnswers(q, 'worst'));
      expect(await page.getAttribute('.next-step', 'data-next-step')).toBe('call');
      expect(await page.textContent('.next-step h2')).toBe(q.ui.call.title.es);
      await page.click('.next-step a.button');
      expect(new URL(page.url()).hash, 'the call button leads to the form that sends the report and offers the call').toBe('#email-report');

      await resultsWith(page, 'en', extremeAnswers(q, 'best'));
      expect(await page.getAttribute('.next-step', 'data-next-step')).toBe('masterclass');
      expect(await page.textContent('.next-step h2')).toBe(q.offer.title.en);
      expect(await page.getAttribute('.next-step a.button', 'href')).toBe('/en/masterclass/');
    } finally {
      await page.context().close();
    }
  });
});

describe('moving between steps', () => {
  it("goes back and forward between steps with the browser's buttons, and each area opens from the results to revise it", async () => {
    const page = await phone();
    try {
      const answers = patternAnswers(2);
      await resultsWith(page, 'pt', answers);
      const third = q.dimensions[2]!;
      await page.click(`[data-revise="${third.id}"]`);
      await page.waitForFunction((name) => document.querySelector('h2.step-heading')?.textContent === name, third.name.pt);
      // The step is drawn by the server (it opens so without JavaScript too); the island then takes over and keeps the step in the address.
      expect(new URL(page.url()).pathname).toBe('/pt/step/');
      expect(new URL(page.url()).searchParams.get('n')).toBe('3');
      await page.waitForSelector('astro-island:not([ssr])', { state: 'attached' });
      await page.waitForFunction(() => new URL(location.href).searchParams.get('step') === '3');
      expect(await page.$$eval('input:checked', (inputs) => inputs.length), 'the answers are still there').toBeGreaterThan(0);
      await page.click('button[type=submit]');
      await page.waitForFunction((name) => document.querySelector('h2.step-heading')?.textContent === name, q.dimensions[3]!.name.pt);
      await page.goBack();
      await page.waitForFunction((name) => document.querySelector('h2.step-heading')?.textContent === name, third.name.pt);
      await page.goForward();
      await page.waitForFunction((name) => document.querySelector('h2.step-heading')?.textContent === name, q.dimensions[3]!.name.pt);
      expect(await heading(page)).toBe(q.dimensions[3]!.name.pt);
      // Back from the area the results opened returns to the results.
      await page.goBack();
      await page.goBack();
      await page.waitForSelector('[data-testid=overall-score]');
      expect(await page.textContent(`[data-revise="${third.id}"]`)).toBe(fill(q.ui.results.revise.pt, { area: third.name.pt }));
    } finally {
      await page.context().close();
    }
  });

  it('opens a step past the first unanswered one at that one instead', async () => {
    const page = await phone();
    try {
      await page.goto(url(pagePath('home', 'en')));
      await page.evaluate(() => localStorage.clear());
      const entries = await page.evaluate(() => history.length);
      await page.goto(url(`${pagePath('diagnostic', 'en')}?step=5`));
      await page.waitForFunction((name) => document.querySelector('h2.step-heading')?.textContent === name, q.dimensions[0]!.name.en);
      // The address is corrected in place once the island has started.
      await page.waitForFunction(() => new URLSearchParams(location.search).get('step') === '1');
      expect(await page.evaluate(() => history.length), 'no entry added for the correction').toBe(entries + 1);
    } finally {
      await page.context().close();
    }
  });
});
