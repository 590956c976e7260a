import type { Page } from 'playwright-core';
import { scoredOptions } from '../../src/domain/question.ts';
import { pagePath } from '../../src/domain/routes.ts';
import type { Locale } from '../../src/domain/locale.ts';
import type { Answers } from '../../src/domain/scoring.ts';
import { realQuestionnaire } from '../helpers/content.ts';
import { url } from './browser.ts';

const q = realQuestionnaire();

/** Takes the whole diagnostic in the browser (a fixed answer pattern), with two metric inputs, and opens the results. */
export async function takeDiagnostic(page: Page, locale: Locale = 'es', shift = 1): Promise<void> {
  await page.goto(url(pagePath('diagnostic', locale)));
  await page.waitForSelector('h2.step-heading');
  for (const [index, dimension] of q.dimensions.entries()) {
    await page.waitForFunction((name) => document.querySelector('h2.step-heading')?.textContent === name, dimension.name[locale]);
    for (const question of q.questions.filter((x) => x.dimension === dimension.id)) {
      const options = [...scoredOptions(question)];
      // A checklist ticks every option: the numbers step then asks for every figure at once.
      const values = question.kind === 'checklist' ? options.map((o) => o.id) : [options[(index + shift) % options.length]!.id];
      for (const value of values) await page.check(`input[name="${question.id}"][value="${value}"]`);
    }
    await page.click('button[type=submit]');
  }
  await page.waitForFunction((title) => document.querySelector('h2.step-heading')?.textContent === title, q.ui.metrics.title[locale]);
  await page.fill('#metric-customersAtStart', '200');
  await page.fill('#metric-customersLost', '6');
  await page.click('text=' + q.ui.diagnostic['see-results'][locale]);
  await page.waitForSelector('[data-testid=overall-score]');
}

/**
 * Opens the numbers step with `answers` already given, as a visitor who answered every question
 * and reloaded would find it (the keys of `src/stores/diagnostic.ts`): for tests about the numbers
 * step or the results, which need not click through every question again.
 */
export async function openMetricsStep(page: Page, locale: Locale, answers: Answers): Promise<void> {
  await page.goto(url(pagePath('home', locale)));
  await page.evaluate(
    ([saved, step]) => {
      localStorage.setItem('revops:answers', saved);
      localStorage.setItem('revops:step', step);
    },
    [JSON.stringify(answers), String(q.dimensions.length)] as const,
  );
  await page.goto(url(pagePath('diagnostic', locale)));
  await page.waitForFunction((title) => document.querySelector('h2.step-heading')?.textContent === title, q.ui.metrics.title[locale]);
}

/** Fills and sends "email me the full report"; returns the permalink. */
export async function requestReport(page: Page, contact: { name: string; email: string; company?: string }, locale: Locale = 'es'): Promise<string> {
  await page.fill('#lead-name', contact.name);
  await page.fill('#lead-email', contact.email);
  if (contact.company) await page.fill('#lead-company', contact.company);
  await page.check('#lead-consent');
  await page.click('#email-report button[type=submit]');
  await page.waitForSelector(`text=${q.ui.lead['sent-title'][locale]}`);
  return (await page.getAttribute('#email-report a', 'href')) ?? '';
}
