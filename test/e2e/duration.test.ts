import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { launchChromium, reusableTab, url } from './browser.ts';
import { realQuestionnaire } from '../helpers/content.ts';
import { displayMinutes, estimateDuration } from '../../src/domain/duration.ts';
import { pagePath } from '../../src/domain/routes.ts';
import { DONT_KNOW, scoredOptions } from '../../src/domain/question.ts';
import { LOCALES } from '../../src/domain/locale.ts';

const questionnaire = realQuestionnaire();
let browser: Browser;

beforeAll(async () => {
  browser = await launchChromium();
});
afterAll(async () => {
  await browser?.close();
});
const tab = reusableTab(() => browser);

const minutesIn = (text: string | null) => Number(/\d+/.exec(text ?? '')?.[0]);

describe('the time the pages announce', () => {
  for (const locale of LOCALES) {
    it(`is the same on the landing and on the counter at step 1, as computed (${locale})`, async () => {
      const page = await tab();
      await page.goto(url(pagePath('home', locale)));
      const landing = minutesIn(await page.textContent('[data-testid=duration]'));
      await page.goto(url(pagePath('diagnostic', locale)));
      await page.waitForSelector('.progress-row span:last-child');
      const counter = minutesIn(await page.textContent('.progress-row span:last-child'));
      expect(landing).toBe(displayMinutes(estimateDuration(questionnaire, locale).totalSeconds));
      expect(counter).toBe(landing);
    });
  }

  it('goes down step by step and claims no minutes on the optional numbers step', async () => {
    const page = await tab();
    await page.goto(url(pagePath('diagnostic', 'en')));
    const seen: number[] = [];
    for (const dimension of questionnaire.dimensions) {
      await page.waitForFunction((name) => document.querySelector('h2.step-heading')?.textContent === name, dimension.name.en);
      seen.push(minutesIn(await page.textContent('.progress-row span:last-child')));
      for (const question of questionnaire.questions.filter((q) => q.dimension === dimension.id)) {
        const value = question.dontKnow ? DONT_KNOW : scoredOptions(question)[0]!.id;
        await page.check(`input[name="${question.id}"][value="${value}"]`);
      }
      await page.click('button[type=submit]');
    }
    await page.waitForFunction((title) => document.querySelector('h2.step-heading')?.textContent === title, questionnaire.ui.metrics.title.en);
    expect(await page.textContent('.progress-row span:last-child')).toBe(questionnaire.ui.diagnostic['remaining-optional'].en);
    expect([...seen].sort((a, b) => b - a)).toEqual(seen);
    expect(seen.at(-1)).toBeGreaterThan(0);
  });
});
