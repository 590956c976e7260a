import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page, Response } from 'playwright-core';
import { axeViolations, launchChromium, screenshot, url } from './browser.ts';
import { deliveredEmails as delivered, fillLeadForm } from './flows.ts';
import { realQuestionnaire } from '../helpers/content.ts';
import type { StubEmail } from '../helpers/resend-stub.ts';
import { buildReport } from '../../src/domain/report.ts';
import { pagePath } from '../../src/domain/routes.ts';
import { DONT_KNOW, NONE_OF_THESE, NOT_APPLICABLE } from '../../src/domain/question.ts';
import { LOCALES } from '../../src/domain/locale.ts';
import type { Answers } from '../../src/domain/scoring.ts';
import type { MetricInputs } from '../../src/domain/metrics.ts';
import type { Segment } from '../../src/domain/schemas/segment.ts';

// The diagnostic in a browser that runs no JavaScript: every step a plain form posted to
// `/<locale>/step/`, the answers kept in the visitor's cookie, the results and the report form
// drawn by the server. And, with JavaScript, the island taking over the step the server drew.

const q = realQuestionnaire();
const ui = q.ui;
const WIDTHS = [360, 1280] as const;
const escapeRegExp = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
/** What a page drawn only in the browser used to show first: no page says it now. */
const LOADING = /Cargando|Carregando|Loading…/;
/** The step answered with the keyboard only (0-based): its questions are all radio groups. */
const KEYBOARD_STEP = 1;
/** The step whose Back button is pressed once (0-based). */
const BACK_FROM_STEP = 2;

let browser: Browser;

beforeAll(async () => {
  browser = await launchChromium();
});
afterAll(async () => {
  await browser?.close();
});


/** A page without JavaScript in a context of its own (its own cookie jar), closed by the caller. */
async function noScriptPage(): Promise<Page> {
  const context = await browser.newContext({ javaScriptEnabled: false, viewport: { width: 1280, height: 900 } });
  return context.newPage();
}

/**
 * Does `action` (a click or a key that submits a form) and waits for the page it leads to: the
 * status the POST was answered with (303 or the page itself) and, after a 303, where it pointed.
 */
async function post(page: Page, action: () => Promise<void>): Promise<{ status: number; location: string | undefined; final: Response | null }> {
  const posted = page.waitForResponse((r) => r.request().isNavigationRequest() && r.request().method() === 'POST');
  // The page loaded already: the next load is the new page's (after the 303's GET, if any).
  const loaded = page.waitForEvent('load');
  await action();
  const answered = await posted;
  await loaded;
  const final = answered.status() === 303 ? ((await answered.request().redirectedTo()?.response()) ?? null) : answered;
  return { status: answered.status(), location: answered.headers().location, final };
}

/** The step the page shows: its heading and its hidden `n` (1-based). */
async function expectStep(page: Page, heading: string, n: number): Promise<void> {
  expect((await page.textContent('h2.step-heading'))?.trim()).toBe(heading);
  expect(await page.getAttribute('form input[type=hidden][name=n]', 'value')).toBe(String(n));
}

interface RenderedQuestion {
  id: string;
  type: string;
  values: string[];
}

/** The step's questions as the page draws them: each fieldset's input name, type and values, in order. */
function renderedQuestions(page: Page): Promise<RenderedQuestion[]> {
  return page.$$eval('fieldset.question', (fieldsets) =>
    fieldsets.map((fieldset) => {
      const inputs = [...fieldset.querySelectorAll('input')];
      return { id: inputs[0]!.name, type: inputs[0]!.type, values: inputs.map((i) => i.value) };
    }),
  );
}

const ALONE = new Set<string>([NONE_OF_THESE, NOT_APPLICABLE, DONT_KNOW]);

/**
 * The values ticked for a question, chosen from what the page draws, varied by the question's
 * place and `shift`: a radio group's option (k + shift) % count (the extras included); a
 * checklist's options at every third place from `shift`, or "None of these" alone when `shift` is 2.
 */
function choose(question: RenderedQuestion, k: number, shift: number): string[] {
  if (question.type === 'radio') return [question.values[(k + shift) % question.values.length]!];
  if (shift === 2) return [NONE_OF_THESE];
  return question.values.filter((value) => !ALONE.has(value)).filter((_, j) => (j + shift) % 3 === 0);
}

/** The answer the ticked values make, as the form sends it: a radio's value, a checklist's list ("None of these" is `[]`). */
function answerOf(question: RenderedQuestion, ticked: string[]): Answers[string] {
  if (question.type === 'radio') return ticked[0]!;
  if (ticked.length === 1 && ticked[0] === NONE_OF_THESE) return [];
  if (ticked.length === 1 && ALONE.has(ticked[0]!)) return ticked[0]!;
  return ticked;
}

/** What each question of the step has ticked on the page now. */
async function tickedOnPage(page: Page): Promise<Record<string, string[]>> {
  return page.$$eval('fieldset.question', (fieldsets) =>
    Object.fromEntries(
      fieldsets.map((fieldset) => {
        const inputs = [...fieldset.querySelectorAll('input')];
        return [inputs[0]!.name, inputs.filter((i) => i.checked).map((i) => i.value)];
      }),
    ),
  );
}

/**
 * Answers the current step with the mouse, or with the keyboard only: from the step heading, Tab
 * into each radio group, Space ticks its first option and the arrow keys move to the one chosen;
 * Enter on the last group submits the form (its first button, "next"). Returns what was ticked.
 */
async function answerStep(page: Page, start: number, shift: number, keyboard: boolean): Promise<Record<string, string[]>> {
  const questions = await renderedQuestions(page);
  const ticked: Record<string, string[]> = {};
  questions.forEach((question, i) => (ticked[question.id] = choose(question, start + i, shift)));
  if (!keyboard) {
    for (const question of questions) for (const value of ticked[question.id]!) await page.check(`input[name="${question.id}"][value="${value}"]`);
    return ticked;
  }
  expect(questions.every((question) => question.type === 'radio'), 'the keyboard step has radio groups only').toBe(true);
  await page.focus('h2.step-heading');
  for (const question of questions) {
    await page.keyboard.press('Tab');
    const focused = () => page.evaluate(() => {
      const el = document.activeElement as HTMLInputElement | null;
      return { name: el?.name, value: el?.value, checked: el?.checked };
    });
    expect(await focused(), `Tab reaches the first option of ${question.id}`).toEqual({ name: question.id, value: question.values[0], checked: false });
    await page.keyboard.press('Space');
    for (let moves = question.values.indexOf(ticked[question.id]![0]!); moves > 0; moves--) await page.keyboard.press('ArrowDown');
    expect(await focused(), `the arrow keys tick ${ticked[question.id]![0]}`).toEqual({ name: question.id, value: ticked[question.id]![0], checked: true });
  }
  return ticked;
}

/** Where a page's copy is opened for axe (answered by the test itself, never by the server). */
const SNAPSHOT_PATH = '/__no-javascript-copy__';

/**
 * axe on a page without JavaScript. axe.run waits on timers, which never fire in a page whose
 * scripts are off (switching them on through the DevTools protocol does not restart them): so axe
 * runs on a copy of the page as the browser holds it, its scripts left out (no island can take
 * over), opened at the same origin (its styles load) in a page whose own scripts are on.
 */
async function axeWithoutScripts(page: Page): Promise<string[]> {
  const html = (await page.content()).replace(/<script\b(?![^>]*type="application\/json")[^>]*>[\s\S]*?<\/script>/g, '');
  expect(html, 'the copy runs no script').not.toMatch(/<script\b(?![^>]*type="application\/json")/);
  const copy = await browser.newPage({ viewport: page.viewportSize() ?? { width: 1280, height: 900 } });
  try {
    await copy.route(url(SNAPSHOT_PATH), (route) => route.fulfill({ contentType: 'text/html; charset=utf-8', body: html }));
    await copy.goto(url(SNAPSHOT_PATH));
    expect(await copy.$$('astro-island:not([ssr])'), 'no island hydrated in the copy').toHaveLength(0);
    return await axeViolations(copy);
  } finally {
    await copy.context().close();
  }
}

/** The text a page shows: its HTML without scripts, styles and tags (attributes, such as an island's props, included). */
function shownText(html: string): string {
  return html
    .replace(/<(script|style)\b[^>]*>[\s\S]*?<\/\1>/g, ' ')
    .replace(/<[^>]*>/g, ' ');
}

/** Checks the page at each width: nothing wider than the viewport; a screenshot with SCREENSHOTS=1. */
async function atEachWidth(page: Page, name: string): Promise<void> {
  for (const width of WIDTHS) {
    await page.setViewportSize({ width, height: 900 });
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
    expect(overflow, `${name} at ${width}px: no horizontal scroll`).toBeLessThanOrEqual(0);
    await screenshot(page, `${name}-${width}`);
  }
}

/** The scores the results (or permalink) page shows: the overall card, and each area's text and its score line (`strong`). */
async function shownScores(page: Page): Promise<{ overall: string; dimensions: Record<string, string>; scoreLines: Record<string, string> }> {
  const overall = (await page.textContent('[data-testid=overall-score]')) ?? '';
  const items = await page.$$eval('[data-dimension]', (items) =>
    items.map((i) => [i.getAttribute('data-dimension') ?? '', i.textContent ?? '', i.querySelector('strong')?.textContent ?? ''] as const),
  );
  return {
    overall,
    dimensions: Object.fromEntries(items.map(([id, text]) => [id, text])),
    scoreLines: Object.fromEntries(items.map(([id, , line]) => [id, line])),
  };
}

describe('the diagnostic without JavaScript', () => {
  for (const [shift, locale] of LOCALES.entries()) {
    const typesFigures = locale === 'es';

    it(`is answered, with errors, keyboard and Back, to results and the emailed report (${locale})`, async () => {
      const page = await noScriptPage();
      try {
        // 1. The static page holds step 1 as a plain form.
        const opened = await page.goto(url(pagePath('diagnostic', locale)));
        expect(opened?.status()).toBe(200);
        const firstDimension = q.dimensions[0]!;
        const firstQuestions = q.questions.filter((question) => question.dimension === firstDimension.id);
        await expectStep(page, firstDimension.name[locale], 1);
        const form = page.locator('form:has(fieldset.question)');
        expect(await form.getAttribute('method')).toBe('post');
        expect(await form.getAttribute('action')).toBe(`/${locale}/step/`);
        const legend = page.locator('fieldset.question > legend').first();
        expect(await legend.textContent()).toBe(firstQuestions[0]!.text[locale]);
        expect(await legend.isVisible()).toBe(true);
        expect(await page.$$eval('fieldset.question > legend', (legends) => legends.map((l) => l.textContent))).toEqual(firstQuestions.map((x) => x.text[locale]));
        const text = await page.innerText('body');
        expect(text).not.toMatch(LOADING);
        expect(await page.$$eval('form button[name=go]', (buttons) => buttons.map((b) => (b as HTMLButtonElement).value))).toEqual(['next', 'restart']);

        // 2. Next with nothing answered: the same step again, 400, every question marked.
        const refused = await post(page, () => page.click('button[name=go][value=next]'));
        expect(refused.status).toBe(400);
        expect(new URL(page.url()).pathname).toBe(`/${locale}/step/`);
        await expectStep(page, firstDimension.name[locale], 1);
        expect(await page.textContent('p.error[role=alert]')).toBe(ui.diagnostic.unanswered[locale]);
        expect(await page.$$eval('fieldset.question', (fieldsets) => fieldsets.map((f) => f.getAttribute('data-missing')))).toEqual(firstQuestions.map(() => 'true'));
        // Announced without a script: the title says it first, and the first unanswered question has the focus.
        expect(await page.title()).toMatch(new RegExp(`^${escapeRegExp(ui.diagnostic.unanswered[locale])} · `));
        expect(await page.evaluate(() => (document.activeElement as HTMLInputElement | null)?.name)).toBe(firstQuestions[0]!.id);
        for (const question of firstQuestions) {
          expect(await page.textContent(`[id="${question.id}--error"]`)).toBe(ui.diagnostic.unanswered[locale]);
          expect(await page.getAttribute(`fieldset.question:has(input[name="${question.id}"])`, 'aria-describedby')).toContain(`${question.id}--error`);
        }
        expect(await axeWithoutScripts(page), `axe on the refused step (${locale})`).toEqual([]);
        await atEachWidth(page, `no-js-step-error-${locale}`);
        await page.setViewportSize({ width: 1280, height: 900 });

        // 3. Every step answered, the second with the keyboard only, Back pressed once.
        const answers: Answers = {};
        const tickedByStep: Record<string, string[]>[] = [];
        let k = 0;
        for (const [index, dimension] of q.dimensions.entries()) {
          await expectStep(page, dimension.name[locale], index + 1);
          const questions = await renderedQuestions(page);
          expect(questions.map((x) => x.id)).toEqual(q.questions.filter((x) => x.dimension === dimension.id).map((x) => x.id));
          const keyboard = index === KEYBOARD_STEP;
          const ticked = await answerStep(page, k, shift, keyboard);
          expect(await tickedOnPage(page), `step ${index + 1} as ticked`).toEqual(ticked);
          tickedByStep.push(ticked);
          for (const question of questions) answers[question.id] = answerOf(question, ticked[question.id]!);
          k += questions.length;

          if (index === BACK_FROM_STEP) {
            const back = await post(page, () => page.click('button[name=go][value=back]'));
            expect(back.status).toBe(303);
            expect(back.location).toBe(`/${locale}/step/?n=${index}`);
            await expectStep(page, q.dimensions[index - 1]!.name[locale], index);
            expect(await tickedOnPage(page), 'the previous step keeps its answers').toEqual(tickedByStep[index - 1]);
            const forward = await post(page, () => page.click('button[name=go][value=next]'));
            expect(forward.status).toBe(303);
            await expectStep(page, dimension.name[locale], index + 1);
            expect(await tickedOnPage(page), 'the step left by Back keeps its answers').toEqual(ticked);
          }

          // Enter in a radio group submits the form with its first button: "next".
          const moved = await post(page, keyboard ? () => page.keyboard.press('Enter') : () => page.click('button[name=go][value=next]'));
          expect(moved.status, `step ${index + 1} (${locale})`).toBe(303);
          expect(moved.location).toBe(`/${locale}/step/?n=${index + 2}`);
        }

        // 4. The numbers step: figures typed (one wrong first) and "see results", or skipped.
        await expectStep(page, ui.metrics.title[locale], q.dimensions.length + 1);
        let segment: Segment = {};
        let metricInputs: MetricInputs | null = null;
        if (typesFigures) {
          segment = { businessModel: 'saas', dealSize: 'acv-under-12k' };
          await page.selectOption('#segment-businessModel', segment.businessModel!);
          await page.selectOption('#segment-dealSize', segment.dealSize!);
          // Behind "I also know…" unless the checklist ticked churn (a <details>: it opens without JavaScript).
          if (!(await page.isVisible('#metric-customersAtStart'))) await page.click('.more-figures summary');
          await page.fill('#metric-customersAtStart', '500');
          await page.fill('#metric-customersLost', 'twenty');
          const blocked = await post(page, () => page.click('button[name=go][value=results]'));
          expect(blocked.status, 'an unreadable figure stops the results').toBe(400);
          await expectStep(page, ui.metrics.title[locale], q.dimensions.length + 1);
          expect(await page.textContent('p.error[role=alert]')).toBe(ui.metrics['fix-first'][locale]);
          expect(await page.getAttribute('#metric-customersLost', 'aria-invalid')).toBe('true');
          expect(await page.evaluate(() => document.activeElement?.id), 'the figure to fix has the focus').toBe('metric-customersLost');
          expect(await page.isVisible('#metric-customersLost-error')).toBe(true);
          expect(await page.inputValue('#metric-customersAtStart'), 'the figures come back as typed').toBe('500');
          expect(await page.inputValue('#segment-businessModel')).toBe('saas');
          await page.fill('#metric-customersLost', '25');
          const shown = await post(page, () => page.click('button[name=go][value=results]'));
          expect(shown.status).toBe(303);
          expect(shown.location).toBe(pagePath('results', locale));
          metricInputs = { period: 'month', customersAtStart: 500, customersLost: 25 };
        } else {
          const skipped = await post(page, () => page.click('button[name=go][value=skip]'));
          expect(skipped.status).toBe(303);
          expect(skipped.location).toBe(pagePath('results', locale));
        }

        // 5. The results, drawn by the server with the domain's scores.
        expect(page.url()).toBe(url(pagePath('results', locale)));
        const expected = buildReport(q, { answers, segment, metricInputs }, locale);
        expect(expected.overall.score, 'the chosen answers are assessed').not.toBeNull();
        const scores = await shownScores(page);
        expect(scores.overall).toContain(String(expected.overall.score));
        expect(Object.keys(scores.dimensions)).toEqual(expected.dimensions.map((d) => d.id));
        for (const dimension of expected.dimensions) {
          // An area answered mostly "I don't know" is not assessed: the page says so instead of a score.
          expect(scores.dimensions[dimension.id]).toContain(`${dimension.name}: ${dimension.notAssessed ? dimension.notAssessed.label : dimension.score}`);
        }
        if (typesFigures) expect(await page.textContent('[data-metric=monthlyChurnRate]')).toContain('5');
        else expect(await page.$('[data-metric=monthlyChurnRate]'), 'skipped: no metrics').toBeNull();
        expect(await page.innerText('body')).not.toContain(ui.results['no-results'][locale]);
        expect(await axeWithoutScripts(page), `axe on the results (${locale})`).toEqual([]);
        await atEachWidth(page, `no-js-results-${locale}`);
        await page.setViewportSize({ width: 1280, height: 900 });

        // 6. The report form: refused empty with each error by its field, then sent.
        expect(await page.$('#lead-businessModel') !== null, 'the form asks the business model only when the numbers step did not').toBe(!typesFigures);
        const empty = await post(page, () => page.click('#email-report button[type=submit]'));
        expect(empty.status).toBe(400);
        expect(new URL(page.url()).pathname).toBe(pagePath('results', locale));
        const fieldErrors: [string, string][] = [
          ['name', ui.lead.required[locale]],
          ['email', ui.lead.required[locale]],
          ['company', ui.lead.required[locale]],
          ['role', ui.lead.required[locale]],
          ['companySize', ui.lead.required[locale]],
          ['consent', ui.lead['must-consent'][locale]],
          ...(typesFigures ? [] : [['businessModel', ui.lead.required[locale]] as [string, string]]),
        ];
        expect(await page.title()).toMatch(new RegExp(`^${escapeRegExp(ui.lead.invalid[locale])} · `));
        expect(await page.evaluate(() => document.activeElement?.id), 'the first refused field has the focus').toBe('lead-name');
        for (const [field, message] of fieldErrors) {
          expect(await page.textContent(`#lead-${field}-error`), `${field}'s error`).toBe(message);
          expect(await page.getAttribute(`#lead-${field}`, 'aria-invalid'), field).toBe('true');
          expect(await page.getAttribute(`#lead-${field}`, 'aria-describedby'), field).toBe(`lead-${field}-error`);
        }
        expect((await shownScores(page)).overall, 'the refused form keeps the results').toBe(scores.overall);
        expect(await axeWithoutScripts(page), `axe on the refused report form (${locale})`).toEqual([]);

        const email = `no-js-${locale}-${Date.now()}@example.com`;
        await fillLeadForm(page, { name: `Sin Script ${locale}`, email, contactConsent: shift === 0 });
        const sent = await post(page, () => page.click('#email-report button[type=submit]'));
        expect(sent.status).toBe(303);
        expect(sent.location).toMatch(new RegExp(`^/${locale}/r/[A-Za-z0-9_-]{32}$`));
        expect(page.url()).toBe(url(sent.location!));
        expect(sent.final?.status()).toBe(200);
        const permalink = await shownScores(page);
        expect(permalink.overall, 'the permalink shows the same score').toBe(scores.overall);
        expect(permalink.scoreLines, "and each area's").toEqual(scores.scoreLines);
        const token = sent.location!.replace(/#.*$/, '').split('/').at(-1)!;
        let report: StubEmail | undefined;
        await expect.poll(async () => (report = (await delivered()).find((m) => m.to.includes(email))), { timeout: 10_000, message: 'the report is emailed' }).toBeDefined();
        expect(report!.subject).toContain(`${expected.overall.score}/100`);
        expect(report!.text).toContain(token);
      } finally {
        await page.context().close();
      }
    });
  }
});

describe('the diagnostic with JavaScript', () => {
  it('is sent with step 1 in its first HTML, and the island carries a resumed visitor on from their own step', async () => {
    const first = q.dimensions[0]!;
    const firstQuestions = q.questions.filter((question) => question.dimension === first.id);
    const html = await (await fetch(url(pagePath('diagnostic', 'es')))).text();
    const escape = (s: string) => s.replaceAll('&', '&amp;').replaceAll('<', '&lt;').replaceAll('>', '&gt;').replaceAll('"', '&quot;');
    expect(html).toContain(`<legend>${escape(firstQuestions[0]!.text.es)}</legend>`);
    expect(html).toContain(escape(first.name.es));
    expect(shownText(html)).toContain(firstQuestions[0]!.text.es);
    expect(html, 'no loading text').not.toMatch(LOADING);

    // Step 1 answered and step 2 open, as the island keeps them (src/stores/diagnostic.ts).
    const saved: Answers = Object.fromEntries(
      firstQuestions.map((question) => [question.id, question.kind === 'checklist' ? ['cac', 'nps'] : question.kind === 'yes-no' ? 'yes' : question.options![1]!.id]),
    );
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    try {
      const page = await context.newPage();
      const errors: Error[] = [];
      page.on('pageerror', (error) => errors.push(error));
      await page.goto(url('/favicon.svg'));
      await page.evaluate((saved) => {
        localStorage.setItem('revops:answers', saved);
        localStorage.setItem('revops:step', '1');
      }, JSON.stringify(saved));
      await page.goto(url(pagePath('diagnostic', 'es')));
      await page.waitForSelector('astro-island:not([ssr])');
      const second = q.dimensions[1]!.name.es;
      await page.waitForFunction((name) => document.querySelector('h2.step-heading')?.textContent === name, second, { timeout: 5000 }).catch(() => undefined);
      expect(await page.textContent('h2.step-heading'), "the island shows the visitor's step over the server's first").toBe(second);
      expect(await page.getAttribute('input[type=hidden][name=n]', 'value')).toBe('2');
      await page.click('button[name=go][value=back]');
      await page.waitForFunction((name) => document.querySelector('h2.step-heading')?.textContent === name, first.name.es, { timeout: 5000 }).catch(() => undefined);
      expect(await page.textContent('h2.step-heading')).toBe(first.name.es);
      expect(new URL(page.url()).pathname, 'Back stays in the page').toBe(pagePath('diagnostic', 'es'));
      const ticked = await page.$$eval('fieldset.question input:checked', (inputs) => inputs.map((i) => `${(i as HTMLInputElement).name}=${(i as HTMLInputElement).value}`));
      expect(ticked).toEqual(Object.entries(saved).flatMap(([id, answer]) => (Array.isArray(answer) ? answer : [answer]).map((value) => `${id}=${value}`)));
      expect(errors).toEqual([]);
    } finally {
      await context.close();
    }
  });

  it('keeps what was ticked before the island was ready: the page is usable from its first paint', async () => {
    const context = await browser.newContext({ viewport: { width: 360, height: 740 } });
    try {
      const page = await context.newPage();
      // The island's code is held back until the visitor has answered step 1 on the page the server drew.
      let release: () => void = () => {};
      const held = new Promise<void>((resolve) => (release = resolve));
      await page.route(/\/_astro\/Diagnostic\.[^/]*\.js$/, async (route) => {
        await held;
        await route.continue();
      });
      await page.goto(url(pagePath('diagnostic', 'es')));
      const firstQuestions = q.questions.filter((question) => question.dimension === q.dimensions[0]!.id);
      for (const fieldset of await page.$$('fieldset.question')) await (await fieldset.$('input'))!.check();
      expect(await page.$('astro-island:not([ssr])'), 'not hydrated yet').toBeNull();
      release();
      await page.waitForSelector('astro-island:not([ssr])', { state: 'attached' });
      await page.click('button[name=go][value=next]');
      await page.waitForFunction((name) => document.querySelector('h2.step-heading')?.textContent === name, q.dimensions[1]!.name.es, { timeout: 5000 });
      expect(new URL(page.url()).pathname, 'answered in the page, not posted').toBe(pagePath('diagnostic', 'es'));
      const stored = JSON.parse((await page.evaluate(() => localStorage.getItem('revops:answers'))) ?? '{}') as Answers;
      expect(Object.keys(stored).sort()).toEqual(firstQuestions.map((question) => question.id).sort());
    } finally {
      await context.close();
    }
  });
});
