import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { axeViolations, launchChromium, reusableTab, screenshot, url } from './browser.ts';
import { openMetricsStep } from './flows.ts';
import { realQuestionnaire } from '../helpers/content.ts';
import { buildReport } from '../../src/domain/report.ts';
import { pagePath } from '../../src/domain/routes.ts';
import { DONT_KNOW, NONE_OF_THESE, NOT_APPLICABLE, scoredOptions } from '../../src/domain/question.ts';
import { LOCALES, type Locale } from '../../src/domain/locale.ts';
import type { Answers } from '../../src/domain/scoring.ts';

const questionnaire = realQuestionnaire();
let browser: Browser;

beforeAll(async () => {
  browser = await launchChromium();
});
afterAll(async () => {
  await browser?.close();
});

const tab = reusableTab(() => browser);

/**
 * A fixed answer set that exercises every kind of answer: options of varied scores, "not applicable", "I don't know";
 * a checklist ticks every option, so the numbers step asks for every figure first.
 */
function knownAnswers(): Answers {
  const answers: Answers = {};
  questionnaire.questions.forEach((question, index) => {
    const options = [...scoredOptions(question)].sort((a, b) => a.score - b.score);
    if (question.kind === 'checklist') answers[question.id] = options.map((o) => o.id);
    else if (question.notApplicable && index % 7 === 3) answers[question.id] = NOT_APPLICABLE;
    else if (question.dontKnow && index % 9 === 4) answers[question.id] = DONT_KNOW;
    else answers[question.id] = options[(index * 3) % options.length]!.id;
  });
  return answers;
}

/** Answers the current step's questions in the browser and moves on, as a visitor would. */
async function answerStep(page: Page, answers: Answers): Promise<void> {
  const names = await page.$$eval('fieldset.question input', (inputs) => [...new Set(inputs.map((i) => (i as HTMLInputElement).name))]);
  for (const name of names) {
    const answer = answers[name]!;
    // A checklist's ticks one by one; none of them is its "None of these" box.
    const values = Array.isArray(answer) ? (answer.length > 0 ? answer : [NONE_OF_THESE]) : [answer];
    for (const value of values) await page.check(`input[name="${name}"][value="${value}"]`);
  }
}

async function stepHeading(page: Page): Promise<string> {
  return (await page.textContent('h2.step-heading'))?.trim() ?? '';
}

/** Waits for the step heading to read `text` (Preact renders after the click resolves). */
async function expectHeading(page: Page, text: string): Promise<void> {
  await page
    .waitForFunction((expected) => document.querySelector('h2.step-heading')?.textContent?.trim() === expected, text, { timeout: 5000 })
    .catch(() => undefined);
  expect(await stepHeading(page)).toBe(text);
}

/** Clicks through every step as a visitor would; `axe` checks each step (done once per language). */
async function runDiagnostic(page: Page, locale: Locale, answers: Answers, options: { axe?: boolean } = {}): Promise<void> {
  const { axe = false } = options;
  await page.goto(url(pagePath('diagnostic', locale)));
  await page.waitForSelector('astro-island:not([ssr])');
  for (const [index, dimension] of questionnaire.dimensions.entries()) {
    await expectHeading(page, dimension.name[locale]);
    if (axe) expect(await axeViolations(page), `axe on step ${index + 1} (${locale})`).toEqual([]);
    await answerStep(page, answers);
    await page.click('button[type=submit]');
  }
  await expectHeading(page, questionnaire.ui.metrics.title[locale]);
}

describe('landing', () => {
  for (const locale of LOCALES) {
    it(`has a start button, language links and no axe violations (${locale})`, async () => {
      const page = await tab();
      const response = await page.goto(url(pagePath('home', locale)));
      expect(response?.status()).toBe(200);
      expect(await page.getAttribute('html', 'lang')).toBe(locale);
      expect(await page.title()).toBe(questionnaire.ui.landing.title[locale]);
      const hreflangs = await page.$$eval('link[rel=alternate][hreflang]', (links) => links.map((l) => l.getAttribute('hreflang')));
      expect(hreflangs).toEqual(['es', 'pt', 'en', 'x-default']);
      expect(await page.getAttribute('a.button', 'href')).toBe(pagePath('diagnostic', locale));
      expect(await axeViolations(page)).toEqual([]);
    });
  }

  it('answers 404 with a page for unknown addresses', async () => {
    const page = await tab();
    const response = await page.goto(url('/no-such-page'));
    expect(response?.status()).toBe(404);
    expect(await page.textContent('h1')).toBe(questionnaire.ui['not-found'].title.es);
  });
});

describe('the diagnostic', () => {
  it('runs in Spanish to results with the score the domain computes', async () => {
    const answers = knownAnswers();
    const page = await tab();
    await runDiagnostic(page, 'es', answers, { axe: true });
    await page.click('text=' + questionnaire.ui.metrics.skip.es);
    await page.waitForURL(url(pagePath('results', 'es')));
    await page.waitForSelector('[data-testid=overall-score]');
    const expected = buildReport(questionnaire, { answers }, 'es');
    expect(await page.textContent('[data-testid=overall-score]')).toContain(String(expected.overall.score));
    for (const dimension of expected.dimensions) {
      expect(await page.textContent(`[data-dimension="${dimension.id}"]`)).toContain(`${dimension.name}: ${dimension.score}`);
    }
    const recommendations = await page.$$eval('[data-recommendation]', (items) => items.map((i) => i.getAttribute('data-recommendation')));
    expect(recommendations).toEqual(expected.recommendations.map((r) => r.dimension));
    expect(await axeViolations(page)).toEqual([]);
  });

  it('ticks the checklist with mouse and keyboard, keeps the ticks after a reload, and asks first for the figures of the metrics ticked', async () => {
    const checklist = questionnaire.questions.find((q) => q.kind === 'checklist')!;
    const box = (value: string) => `input[type=checkbox][name="${checklist.id}"][value="${value}"]`;
    const page = await tab();
    await page.goto(url(pagePath('diagnostic', 'es')));
    await page.waitForSelector('astro-island:not([ssr])');
    expect(await page.textContent(`fieldset:has(${box('cac')}) legend`)).toBe(checklist.text.es);
    await page.check(box('churn'));
    await page.focus(box('cac'));
    await page.keyboard.press('Space');
    await page.check(box('nps'));
    await page.uncheck(box('churn'));
    expect(await axeViolations(page), 'axe with the checklist ticked').toEqual([]);
    await page.reload();
    await page.waitForSelector('astro-island:not([ssr])');
    const ticked = () => page.$$eval(`input[name="${checklist.id}"]:checked`, (inputs) => inputs.map((i) => (i as HTMLInputElement).value));
    expect(await ticked()).toEqual(['cac', 'nps']);
    // The island re-renders after the store changes: poll rather than read once.
    await page.check(box(NONE_OF_THESE));
    await expect.poll(ticked, { message: '"None of these" clears the ticks' }).toEqual([NONE_OF_THESE]);
    await page.check(box(DONT_KNOW));
    await expect.poll(ticked).toEqual([DONT_KNOW]);
    await page.check(box('cac'));
    await expect.poll(ticked, { message: 'a tick replaces "I don\'t know"' }).toEqual(['cac']);

    const answers = { ...knownAnswers(), [checklist.id]: ['cac'] };
    await openMetricsStep(page, 'es', answers);
    expect(await page.isVisible('#metric-salesAndMarketingSpend')).toBe(true);
    expect(await page.isVisible('#metric-newCustomers')).toBe(true);
    expect(await page.isVisible('#metric-customersAtStart'), 'a metric not tracked waits behind "I also know…"').toBe(false);
    expect(await page.textContent('.more-figures summary')).toBe(questionnaire.ui.metrics.more.es);
    expect(await axeViolations(page), 'axe on the metrics step with "I also know…" closed').toEqual([]);
    await page.click('.more-figures summary');
    await page.fill('#metric-customersAtStart', '200');
    await page.fill('#metric-customersLost', '6');
    await page.fill('#metric-salesAndMarketingSpend', '5.000');
    await page.fill('#metric-newCustomers', '10');
    expect(await axeViolations(page), 'axe with "I also know…" open').toEqual([]);
    await page.click('text=' + questionnaire.ui.diagnostic['see-results'].es);
    await page.waitForURL(url(pagePath('results', 'es')));
    await page.waitForSelector('[data-testid=overall-score]');
    const expected = buildReport(questionnaire, { answers, metricInputs: { period: 'month', customersAtStart: 200, customersLost: 6, salesAndMarketingSpend: 5000, newCustomers: 10 } }, 'es');
    expect(await page.textContent('[data-testid=overall-score]')).toContain(String(expected.overall.score));
    expect(await page.textContent(`[data-dimension="${checklist.dimension}"]`)).toContain(String(expected.dimensions.find((d) => d.id === checklist.dimension)!.score));
    expect(await page.$('[data-metric=cac]')).not.toBeNull();
  });

  it('says on the results page that it could not assess a visitor who knows nothing', async () => {
    const answers: Answers = Object.fromEntries(
      questionnaire.questions.map((question) => [question.id, question.dontKnow ? DONT_KNOW : scoredOptions(question)[0]!.id]),
    );
    const page = await tab();
    await openMetricsStep(page, 'en', answers);
    await page.click('text=' + questionnaire.ui.metrics.skip.en);
    await page.waitForURL(url(pagePath('results', 'en')));
    await page.waitForSelector('[data-testid=overall-not-assessed]');
    const expected = buildReport(questionnaire, { answers }, 'en');
    expect(await page.textContent('[data-testid=overall-not-assessed]')).toBe(expected.overall.notAssessed!.label);
    expect(await page.textContent('.score-card .band-summary')).toContain(expected.overall.notAssessed!.summary);
    expect(await page.textContent('[data-recommendation=start-measuring]')).toContain(questionnaire.bands.notAssessed.overall.recommendation.title.en);
    const notAssessed = await page.$$eval('[data-not-assessed]', (items) => items.map((i) => i.getAttribute('data-dimension')));
    expect(notAssessed).toEqual(expected.dimensions.filter((d) => d.notAssessed).map((d) => d.id));
    await screenshot(page, 'results-not-assessed');
    expect(await axeViolations(page)).toEqual([]);
  });

  it('runs in Portuguese with metrics to benchmarked results', async () => {
    const answers = knownAnswers();
    const page = await tab();
    // The steps' markup is the same in every language: axe checks each of them in Spanish, the numbers step and results here.
    await runDiagnostic(page, 'pt', answers);
    expect(await axeViolations(page), 'axe on the metrics step').toEqual([]);
    await page.selectOption('#segment-businessModel', 'saas');
    await page.selectOption('#segment-dealSize', 'acv-under-12k');
    await page.fill('#metric-customersAtStart', '200');
    await page.fill('#metric-customersLost', '6');
    await page.fill('#metric-mrrAtStart', '100.000');
    await page.fill('#metric-churnedMrr', '2.000');
    await page.fill('#metric-contractionMrr', '0');
    await page.fill('#metric-expansionMrr', '1.000');
    await page.fill('#metric-salesAndMarketingSpend', '5.000');
    await page.fill('#metric-newCustomers', '0');
    expect(await page.textContent('[data-metric=monthlyChurnRate]')).toContain('6 ÷ 200 = 3%');
    await page.click('text=' + questionnaire.ui.diagnostic['see-results'].pt);
    await page.waitForURL(url(pagePath('results', 'pt')));
    await page.waitForSelector('[data-testid=overall-score]');
    const expected = buildReport(
      questionnaire,
      { answers, segment: { businessModel: 'saas', dealSize: 'acv-under-12k' }, metricInputs: { period: 'month', customersAtStart: 200, customersLost: 6, mrrAtStart: 100_000, churnedMrr: 2000, contractionMrr: 0, expansionMrr: 1000, salesAndMarketingSpend: 5000, newCustomers: 0 } },
      'pt',
    );
    expect(await page.textContent('[data-testid=overall-score]')).toContain(String(expected.overall.score));
    const nrr = await page.textContent('[data-metric=nrr]');
    expect(nrr).toContain('SaaS Capital');
    expect(nrr).toContain('2023');
    expect(await page.textContent('[data-metric=cac]'), 'a division by zero says so').toContain(questionnaire.ui.results['not-computable'].pt);
    expect(await page.$('[data-metric=pipelineVelocityPerDay]'), 'metrics without numbers are left out').toBeNull();
    expect(await axeViolations(page)).toEqual([]);
  });

  it('runs in English to results, with no layout shift, no other host contacted and no axe violations on the results', async () => {
    const answers = knownAnswers();
    // Its own context: the layout-shift observer and the request listener stay out of the shared tab.
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    const page = await context.newPage();
    page.on('pageerror', (error) => {
      throw error;
    });
    const hosts = new Set<string>();
    page.on('request', (request) => hosts.add(new URL(request.url()).host));
    await page.addInitScript(() => {
      const w = window as unknown as { shifts: number; shifted: string[] };
      w.shifts = 0;
      w.shifted = [];
      new PerformanceObserver((list) => {
        for (const entry of list.getEntries() as (PerformanceEntry & { value: number; hadRecentInput: boolean; sources?: { node?: Node }[] })[]) {
          if (entry.hadRecentInput) continue;
          w.shifts += entry.value;
          for (const source of entry.sources ?? []) w.shifted.push(`${(source.node as Element | undefined)?.tagName}.${(source.node as Element | undefined)?.className} ${entry.value.toFixed(3)}`);
        }
      }).observe({ type: 'layout-shift', buffered: true });
    });
    await runDiagnostic(page, 'en', answers);
    const { shifts, shifted } = await page.evaluate(() => { const w = window as unknown as { shifts: number; shifted: string[] }; return { shifts: w.shifts, shifted: w.shifted }; });
    expect(shifts, `cumulative layout shift from: ${shifted.join(', ')}`).toBeLessThan(0.02);
    await page.click('text=' + questionnaire.ui.metrics.skip.en);
    await page.waitForSelector('[data-testid=overall-score]');
    expect(await axeViolations(page)).toEqual([]);
    expect([...hosts]).toEqual([new URL(url('/')).host]);
    await context.close();
  });

  it('prints the results without the page chrome and buttons', async () => {
    const page = await tab();
    await openMetricsStep(page, 'es', knownAnswers());
    await page.click('text=' + questionnaire.ui.metrics.skip.es);
    await page.waitForSelector('[data-testid=overall-score]');
    await page.emulateMedia({ media: 'print' });
    expect(await page.isVisible('header.site-header')).toBe(false);
    expect(await page.isVisible('text=' + questionnaire.ui.results.print.es)).toBe(false);
    expect(await page.isVisible('[data-testid=overall-score]')).toBe(true);
    await screenshot(page, 'results-print');
  });

  it('keeps the content preview out of the production build', async () => {
    const response = await fetch(url('/dev/content'));
    expect(response.status).toBe(404);
  });

  it('resumes at the same step with answers kept after a reload', async () => {
    const answers = knownAnswers();
    const page = await tab();
    await page.goto(url(pagePath('diagnostic', 'en')));
    await page.waitForSelector('astro-island:not([ssr])');
    await answerStep(page, answers);
    await page.click('button[type=submit]');
    await expectHeading(page, questionnaire.dimensions[1]!.name.en);
    await answerStep(page, answers);
    await page.click('button[type=submit]');
    await expectHeading(page, questionnaire.dimensions[2]!.name.en);
    const third = questionnaire.dimensions[2]!;
    const firstOfThird = questionnaire.questions.find((q) => q.dimension === third.id)!;
    await page.check(`input[name="${firstOfThird.id}"][value="${answers[firstOfThird.id]}"]`);
    await page.reload();
    await page.waitForSelector('astro-island:not([ssr])');
    await expectHeading(page, third.name.en);
    expect(await page.isChecked(`input[name="${firstOfThird.id}"][value="${answers[firstOfThird.id]}"]`)).toBe(true);
    await page.click('text=' + questionnaire.ui.diagnostic.back.en);
    await expectHeading(page, questionnaire.dimensions[1]!.name.en);
    const firstOfSecond = questionnaire.questions.find((q) => q.dimension === questionnaire.dimensions[1]!.id)!;
    expect(await page.isChecked(`input[name="${firstOfSecond.id}"][value="${answers[firstOfSecond.id]}"]`)).toBe(true);
  });

  it('refuses to move on with an unanswered question and says so', async () => {
    const page = await tab();
    await page.goto(url(pagePath('diagnostic', 'es')));
    await page.waitForSelector('astro-island:not([ssr])');
    const heading = await stepHeading(page);
    await page.click('button[type=submit]');
    await page.waitForSelector('[role=alert]');
    expect(await stepHeading(page)).toBe(heading);
    expect(await page.textContent('[role=alert]')).toBe(questionnaire.ui.diagnostic.unanswered.es);
  });

  it('can be completed with the keyboard only, focus moving to the new step heading', async () => {
    const page = await tab();
    await page.goto(url(pagePath('diagnostic', 'es')));
    await page.waitForSelector('astro-island:not([ssr])');
    const first = questionnaire.dimensions[0]!;
    const count = questionnaire.questions.filter((q) => q.dimension === first.id).length;
    // Tab into each radio group and pick its first option with Space, then submit with Enter.
    await page.focus('h2.step-heading');
    for (let i = 0; i < count; i++) {
      await page.keyboard.press('Tab');
      await page.keyboard.press('Space');
    }
    await page.keyboard.press('Enter');
    await page.waitForFunction((name) => document.activeElement?.textContent === name, questionnaire.dimensions[1]!.name.es);
    expect(await page.evaluate(() => document.activeElement?.tagName)).toBe('H2');
  });

  it('shows the schema message next to an impossible metric value', async () => {
    const page = await tab();
    await openMetricsStep(page, 'es', knownAnswers());
    await page.fill('#metric-customersAtStart', '10');
    await page.fill('#metric-customersLost', '12');
    expect(await page.getAttribute('#metric-customersLost', 'aria-invalid')).toBe('true');
    expect(await page.textContent('#metric-customersLost-error')).toBe(questionnaire.ui.errors['lost-exceeds-start'].es);
    await page.fill('#metric-grossMarginPct', '120');
    expect(await page.textContent('#metric-grossMarginPct-error')).toBe(questionnaire.ui.errors['over-100'].es);
    await page.fill('#metric-customersLost', '1');
    expect(await page.$('#metric-customersLost-error')).toBeNull();
  });

  it('starts over, clearing every answer', async () => {
    const answers = knownAnswers();
    const page = await tab();
    await page.goto(url(pagePath('diagnostic', 'es')));
    await page.waitForSelector('astro-island:not([ssr])');
    await answerStep(page, answers);
    await page.click('button[type=submit]');
    await expectHeading(page, questionnaire.dimensions[1]!.name.es);
    page.once('dialog', (dialog) => dialog.accept());
    await page.click('text=' + questionnaire.ui.diagnostic['start-over'].es);
    await expectHeading(page, questionnaire.dimensions[0]!.name.es);
    expect(await page.$$eval('input[type=radio]:checked', (i) => i.length)).toBe(0);
  });
});

describe('screenshots', () => {
  const WIDTHS = [360, 1280] as const;

  /** A screenshot of the page at each width, and nothing scrolling sideways at any of them. */
  async function atEachWidth(page: Page, name: string): Promise<void> {
    for (const width of WIDTHS) {
      await page.setViewportSize({ width, height: 900 });
      await screenshot(page, `${name}-${width}`);
      expect(await page.evaluate(() => document.documentElement.scrollWidth), `${name} at ${width}px: no horizontal scroll`).toBeLessThanOrEqual(width);
      // Nothing in a table hides past its own edge either (its wrapper would scroll sideways).
      const hidden = await page.evaluate(() => [...document.querySelectorAll('.table-scroll')].map((el) => el.scrollWidth - el.clientWidth));
      for (const overflow of hidden) expect(overflow, `${name} at ${width}px: table fits its box`).toBeLessThanOrEqual(0);
    }
  }

  it(`captures landing, a step, the metrics step and results at ${WIDTHS.join(' and ')} px`, async () => {
    const answers = knownAnswers();
    const page = await tab(WIDTHS[0]);
    await page.goto(url(pagePath('home', 'es')));
    await atEachWidth(page, 'landing');
    await page.goto(url(pagePath('diagnostic', 'es')));
    await page.waitForSelector('astro-island:not([ssr])');
    await expectHeading(page, questionnaire.dimensions[0]!.name.es);
    await answerStep(page, answers);
    await atEachWidth(page, 'diagnostic-step');
    await openMetricsStep(page, 'es', answers);
    await page.fill('#metric-customersAtStart', '200');
    await page.fill('#metric-customersLost', '6');
    await page.fill('#metric-arpa', '500');
    await page.fill('#metric-grossMarginPct', '80');
    // A segment, so the results carry worded verdicts (the longest texts of the table).
    await page.selectOption('#segment-businessModel', 'saas');
    await page.selectOption('#segment-dealSize', 'acv-under-12k');
    // A forecast far off: its working is the longest line of the table.
    await page.fill('#metric-forecastRevenue', '300000');
    await page.fill('#metric-actualRevenue', '100000');
    await atEachWidth(page, 'metrics');
    await page.click('text=' + questionnaire.ui.diagnostic['see-results'].es);
    await page.waitForSelector('[data-testid=overall-score]');
    expect(await page.$$('.metric-card'), 'the metrics are shown').not.toHaveLength(0);
    await atEachWidth(page, 'results');
  });
});
