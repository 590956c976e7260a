import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { launchChromium, url } from './browser.ts';
import { deliveredEmails as delivered, patternAnswers, requestReport, resultsOf } from './flows.ts';
import { realQuestionnaire } from '../helpers/content.ts';
import { buildReport } from '../../src/domain/report.ts';
import { scoredOptions } from '../../src/domain/question.ts';
import type { Answers } from '../../src/domain/scoring.ts';
import type { StubEmail } from '../helpers/resend-stub.ts';

const q = realQuestionnaire();
let browser: Browser;

beforeAll(async () => {
  browser = await launchChromium();
});
afterAll(async () => {
  await browser?.close();
});


/** The emails delivered to `to`, once there are `count` of them with this subject start. */
async function reportEmailsTo(to: string, count: number): Promise<StubEmail[]> {
  let found: StubEmail[] = [];
  await expect.poll(async () => (found = (await delivered()).filter((m) => m.to.includes(to) && m.text.includes('/diagnostico/?retake='))).length, { timeout: 10_000 }).toBe(count);
  return found;
}

describe('take it again', () => {
  it('starts from the permalink with the previous answers, and the results show the change', async () => {
    const email = `retake-${Date.now()}@example.com`;
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    const page = await context.newPage();
    page.on('pageerror', (error) => {
      throw error;
    });

    // The first diagnostic (the flows' answers, 200 customers at the start and 6 lost), emailed.
    await resultsOf(page, 'es', 1);
    const permalink = await requestReport(page, { name: 'Rita', email }, 'es');
    expect(permalink).toMatch(/\/es\/r\/[A-Za-z0-9_-]+$/);
    const [firstEmail] = await reportEmailsTo(email, 1);
    expect(firstEmail!.text).not.toContain(q.ui.change.title.es);

    // A later visit: the permalink offers "take it again", whose address carries the token only.
    await context.clearCookies();
    await page.evaluate(() => localStorage.clear());
    await page.goto(url(permalink));
    const retake = page.locator('[data-testid=retake] a');
    const href = (await retake.getAttribute('href'))!;
    expect(href).toBe(`/diagnostico/?retake=${permalink.split('/').pop()}`);
    await retake.click();

    // The diagnostic starts at the first step with every previous answer given, the token gone from the address.
    const previous = patternAnswers(1);
    const first = q.dimensions[0]!;
    await page.waitForFunction((name) => document.querySelector('h2.step-heading')?.textContent === name, first.name.es);
    await page.waitForFunction((id) => document.querySelector<HTMLInputElement>(`input[name="${id}"]:checked`) !== null, q.questions.find((x) => x.dimension === first.id)!.id);
    expect(new URL(page.url()).searchParams.has('retake')).toBe(false);
    for (const question of q.questions.filter((x) => x.dimension === first.id)) {
      const given = previous[question.id]!;
      for (const value of Array.isArray(given) ? given : [given]) expect(await page.isChecked(`input[name="${question.id}"][value="${value}"]`), question.id).toBe(true);
    }

    // Better answers in the first area, the rest as they were; then 2 customers lost instead of 6.
    const changed: Answers = { ...previous };
    for (const question of q.questions.filter((x) => x.dimension === first.id)) {
      const best = [...scoredOptions(question)].sort((a, b) => b.score - a.score);
      changed[question.id] = question.kind === 'checklist' ? best.map((o) => o.id) : best[0]!.id;
      for (const value of Array.isArray(changed[question.id]) ? (changed[question.id] as string[]) : [changed[question.id] as string]) {
        await page.check(`input[name="${question.id}"][value="${value}"]`);
      }
    }
    for (const dimension of q.dimensions) {
      await page.waitForFunction((name) => document.querySelector('h2.step-heading')?.textContent === name, dimension.name.es);
      await page.click('button[type=submit]');
    }
    await page.waitForFunction((title) => document.querySelector('h2.step-heading')?.textContent === title, q.ui.metrics.title.es);
    // The numbers are there too.
    expect(await page.inputValue('#metric-customersAtStart')).toBe('200');
    expect(await page.inputValue('#metric-customersLost')).toBe('6');
    await page.fill('#metric-customersLost', '2');
    await page.click(`text=${q.ui.diagnostic['see-results'].es}`);
    await page.waitForSelector('[data-testid=overall-score]');

    // The results say what changed since the first one, with the points the server's scoring gives.
    const before = buildReport(q, { answers: previous, segment: {}, metricInputs: { period: 'month', customersAtStart: 200, customersLost: 6 } }, 'es');
    const after = buildReport(q, { answers: changed, segment: {}, metricInputs: { period: 'month', customersAtStart: 200, customersLost: 2 } }, 'es');
    const delta = after.overall.score! - before.overall.score!;
    expect(delta).toBeGreaterThan(0);
    const date = new Intl.DateTimeFormat('es-ES', { day: 'numeric', month: 'short', year: 'numeric', timeZone: 'UTC' }).format(new Date());
    await page.waitForSelector('[data-testid=change-summary]');
    expect(await page.textContent('[data-testid=change-summary]')).toBe(`Desde el ${date}: +${delta} ${delta === 1 ? 'punto' : 'puntos'} en la puntuación total`);

    // Emailed again from the same address: the report email says what changed.
    const secondPermalink = await requestReport(page, { name: 'Rita', email }, 'es');
    const [, secondEmail] = await reportEmailsTo(email, 2);
    expect(secondEmail!.text).toContain(`Desde el ${date}: +${delta}`);
    expect(secondEmail!.text).toContain('▼ −2 p. p. (bajó 2 p. p.: mejor)');
    // Taken again from the first permalink (its token went with the submission): the new permalink shows the change too.
    await page.goto(url(secondPermalink));
    expect(await page.textContent('[data-testid=change-summary]')).toBe(`Desde el ${date}: +${delta} ${delta === 1 ? 'punto' : 'puntos'} en la puntuación total`);
    await context.close();
  });

  it('leaves the diagnostic empty for an unknown token, and takes the token out of the address', async () => {
    const context = await browser.newContext();
    const page = await context.newPage();
    await page.goto(url('/diagnostico/?retake=unknown-token-0123456789abcdef'));
    await page.waitForSelector('h2.step-heading');
    await page.waitForFunction(() => !location.search.includes('retake'));
    expect(await page.$$('input:checked')).toEqual([]);
    const response = await fetch(url('/api/retake/unknown-token-0123456789abcdef'));
    expect(response.status).toBe(404);
    expect(response.headers.get('cache-control')).toContain('no-store');
    await context.close();
  });
});
