import { inject } from 'vitest';
import type { Page } from 'playwright-core';
import type { StubEmail } from '../helpers/resend-stub.ts';
import { scoredOptions } from '../../src/domain/question.ts';
import { pagePath } from '../../src/domain/routes.ts';
import type { Locale } from '../../src/domain/locale.ts';
import type { Answers } from '../../src/domain/scoring.ts';
import { realQuestionnaire } from '../helpers/content.ts';
import { url } from './browser.ts';

const q = realQuestionnaire();

/** A fixed answer pattern (`shift` varies it); a checklist ticks every option, so the numbers step asks for every figure at once. */
export function patternAnswers(shift = 1): Answers {
  const answers: Answers = {};
  for (const [index, dimension] of q.dimensions.entries()) {
    for (const question of q.questions.filter((x) => x.dimension === dimension.id)) {
      const options = [...scoredOptions(question)];
      answers[question.id] = question.kind === 'checklist' ? options.map((o) => o.id) : options[(index + shift) % options.length]!.id;
    }
  }
  return answers;
}

/** Gives two metric inputs on the numbers step and opens the results. */
async function toResults(page: Page, locale: Locale): Promise<void> {
  // Answers that track no metric keep every figure behind "I also know…".
  await page.evaluate(() => document.querySelectorAll('details').forEach((details) => { details.open = true; }));
  await page.fill('#metric-customersAtStart', '200');
  await page.fill('#metric-customersLost', '6');
  await page.click('text=' + q.ui.diagnostic['see-results'][locale]);
  await page.waitForSelector('[data-testid=overall-score]');
}

/** Takes the whole diagnostic in the browser, clicking through every step, with two metric inputs, and opens the results. */
export async function takeDiagnostic(page: Page, locale: Locale = 'es', shift = 1): Promise<void> {
  const answers = patternAnswers(shift);
  await page.goto(url(pagePath('diagnostic', locale)));
  await page.waitForSelector('h2.step-heading');
  for (const dimension of q.dimensions) {
    await page.waitForFunction((name) => document.querySelector('h2.step-heading')?.textContent === name, dimension.name[locale]);
    for (const question of q.questions.filter((x) => x.dimension === dimension.id)) {
      const answer = answers[question.id]!;
      for (const value of Array.isArray(answer) ? answer : [answer]) await page.check(`input[name="${question.id}"][value="${value}"]`);
    }
    await page.click('button[type=submit]');
  }
  await page.waitForFunction((title) => document.querySelector('h2.step-heading')?.textContent === title, q.ui.metrics.title[locale]);
  await toResults(page, locale);
}

/**
 * The same answers as `takeDiagnostic`, already given (see `openMetricsStep`), then the numbers
 * step and the results: for tests about what follows the results, which the diagnostic's own
 * tests click through.
 */
export async function resultsOf(page: Page, locale: Locale = 'es', shift = 1): Promise<void> {
  await resultsWith(page, locale, patternAnswers(shift));
}

/** The results of these answers (given as in `openMetricsStep`), with two metric inputs. */
export async function resultsWith(page: Page, locale: Locale, answers: Answers): Promise<void> {
  await openMetricsStep(page, locale, answers);
  await toResults(page, locale);
}

/**
 * Opens the numbers step with `answers` already given, as a visitor who answered every question
 * and reloaded would find it (the keys of `src/stores/diagnostic.ts`): for tests about the numbers
 * step or the results, which need not click through every question again.
 */
export async function openMetricsStep(page: Page, locale: Locale, answers: Answers): Promise<void> {
  await page.goto(url(pagePath('home', locale)));
  await page.evaluate(
    async ([saved, step, locale]) => {
      localStorage.setItem('revops:answers', saved);
      localStorage.setItem('revops:step', step);
      // Started a moment ago in this tab's visit, with the start token the server answered to the "started" event.
      const visitId = crypto.randomUUID();
      sessionStorage.setItem('revops:visit', visitId);
      const started = await fetch('/api/events', { method: 'POST', body: JSON.stringify({ name: 'started', locale, visitId }) });
      const { startToken } = (await started.json()) as { startToken: string };
      localStorage.setItem('revops:started-at', new Date().toISOString());
      localStorage.setItem('revops:start-token', startToken);
    },
    [JSON.stringify(answers), String(q.dimensions.length), locale] as const,
  );
  await page.goto(url(pagePath('diagnostic', locale)));
  await page.waitForFunction((title) => document.querySelector('h2.step-heading')?.textContent === title, q.ui.metrics.title[locale]);
}

/** What the lead form is filled with: the name and email, the rest defaults to a plausible company. */
export interface LeadFormFill {
  name: string;
  email: string;
  company?: string;
  role?: string;
  companySize?: string;
  /** Chosen only when the form asks (the numbers step was skipped). */
  businessModel?: string;
  /** Ticks "a consultant may contact me". */
  contactConsent?: boolean;
}

/** Fills "email me the full report" and ticks the report's box, without sending it. */
export async function fillLeadForm(page: Page, contact: LeadFormFill): Promise<void> {
  await page.fill('#lead-name', contact.name);
  await page.fill('#lead-email', contact.email);
  await page.fill('#lead-company', contact.company ?? 'Acme');
  await page.fill('#lead-role', contact.role ?? 'CEO');
  await page.selectOption('#lead-companySize', contact.companySize ?? 'size-11-50');
  if (await page.$('#lead-businessModel')) await page.selectOption('#lead-businessModel', contact.businessModel ?? 'saas');
  await page.check('#lead-consent');
  if (contact.contactConsent) await page.check('#lead-contact-consent');
}

/** Fills and sends "email me the full report"; returns the permalink. */
export async function requestReport(page: Page, contact: LeadFormFill, locale: Locale = 'es'): Promise<string> {
  await fillLeadForm(page, contact);
  await page.click('#email-report button[type=submit]');
  await page.waitForSelector(`text=${q.ui.lead['sent-title'][locale]}`);
  return (await page.getAttribute('#email-report a', 'href')) ?? '';
}

/** Every email the Resend stub has taken from the server, in order (`GET /__delivered`). */
export async function deliveredEmails(): Promise<StubEmail[]> {
  return (await (await fetch(`${inject('resendStubUrl')}/__delivered`)).json()) as StubEmail[];
}
