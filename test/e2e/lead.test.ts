import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { axeViolations, launchChromium, screenshot, url } from './browser.ts';
import { realQuestionnaire } from '../helpers/content.ts';
import { validPayload } from '../helpers/submission.ts';
import type { SubmissionPayload } from '../../src/domain/schemas/submission.ts';
import { resultsOf } from './flows.ts';

const q = realQuestionnaire();
let browser: Browser;

async function delivered(): Promise<{ to: string[]; subject: string }[]> {
  return (await (await fetch(`${inject('resendStubUrl')}/__delivered`)).json()) as { to: string[]; subject: string }[];
}

async function submit(payload: SubmissionPayload): Promise<{ status: number; headers: Headers; body: { id: string; resultUrl: string } }> {
  const response = await fetch(url('/api/submissions'), { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(payload) });
  return { status: response.status, headers: response.headers, body: (await response.json()) as { id: string; resultUrl: string } };
}

/** Headers that differ between any two responses. */
const VARYING = new Set(['date']);
const stableHeaders = (headers: Headers) => [...headers.entries()].filter(([name]) => !VARYING.has(name));

beforeAll(async () => {
  browser = await launchChromium();
});
afterAll(async () => {
  await browser?.close();
});

describe('the emailed report', () => {
  it('is requested from the results, confirmed, and its permalink shows the same scores', async () => {
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    const page = await context.newPage();
    await resultsOf(page);
    const scores = await page.$$eval('[data-dimension]', (items) => items.map((i) => i.querySelector('strong')?.textContent));
    const overall = await page.textContent('[data-testid=overall-score]');

    await page.fill('#lead-name', '<script>alert(1)</script>');
    await page.fill('#lead-email', 'prospect@example.com');
    await page.fill('#lead-company', 'Acme');
    await page.check('#lead-consent');
    expect(await axeViolations(page), 'axe on the form').toEqual([]);
    await page.click('#email-report button[type=submit]');
    await page.waitForSelector(`text=${q.ui.lead['sent-title'].es}`);
    await screenshot(page, 'results-lead-sent');
    expect(await axeViolations(page), 'axe after sending').toEqual([]);

    const permalink = await page.getAttribute('#email-report a', 'href');
    expect(permalink).toMatch(/^\/es\/r\/[A-Za-z0-9_-]{32}$/);
    // Emailed, so taken for a person: the browser got its start token from the started event and sent it.
    await expect.poll(async () => (await delivered()).some((m) => m.to.includes('prospect@example.com')), { timeout: 10_000 }).toBe(true);
    const response = await page.goto(url(permalink!));
    expect(response?.status()).toBe(200);
    expect(await page.getAttribute('meta[name=robots]', 'content')).toBe('noindex');
    expect(await page.textContent('[data-testid=overall-score]')).toBe(overall);
    expect(await page.$$eval('[data-dimension]', (items) => items.map((i) => i.querySelector('strong')?.textContent))).toEqual(scores);
    expect(await page.$('tr[data-metric=monthlyChurnRate]')).not.toBeNull();
    expect(await axeViolations(page), 'axe on the permalink').toEqual([]);
    await screenshot(page, 'permalink');
    await context.close();
  });

  it('runs the outbox only for the cron secret', async () => {
    expect((await fetch(url('/api/cron/outbox'))).status).toBe(401);
    expect((await fetch(url('/api/cron/outbox'), { headers: { authorization: 'Bearer wrong-secret-of-some-length' } })).status).toBe(401);
    const ok = await fetch(url('/api/cron/outbox'), { headers: { authorization: 'Bearer local-cron-secret-not-for-production' } });
    expect(ok.status).toBe(200);
    expect(await ok.json()).toMatchObject({ sent: 0, failed: 0 });
  });

  it("answers a bot's submission like a person's, with a permalink that looks the same, and emails nothing", async () => {
    const contact = { name: 'Bot', email: 'bot-or-not@example.com' };
    const base = validPayload(q, { locale: 'pt', contact });
    const person = await submit({ ...base, contact: { ...contact, email: 'person@example.com' } });
    const botPayloads: SubmissionPayload[] = [
      { ...base, idempotencyKey: crypto.randomUUID(), website: 'http://spam.example' },
      { ...base, idempotencyKey: crypto.randomUUID(), startToken: undefined },
      // An earlier issue time than the server signed: forged.
      { ...base, idempotencyKey: crypto.randomUUID(), startToken: base.startToken!.replace(/\.\d+\./, '.1000000000000.') },
    ];
    const bots = [];
    for (const payload of botPayloads) bots.push(await submit(payload));
    const pages = async (resultUrl: string) => {
      const response = await fetch(url(resultUrl));
      const token = resultUrl.split('/').at(-1)!;
      return { status: response.status, headers: stableHeaders(response.headers), html: (await response.text()).replaceAll(token, '<token>') };
    };
    const personPage = await pages(person.body.resultUrl);
    expect(personPage.status).toBe(200);
    expect(personPage.html).toContain('data-testid="overall-score"');
    for (const bot of bots) {
      expect(bot.status).toBe(person.status);
      expect(stableHeaders(bot.headers)).toEqual(stableHeaders(person.headers));
      expect(Object.keys(bot.body)).toEqual(Object.keys(person.body));
      expect(bot.body.resultUrl).toMatch(/^\/pt\/r\/[A-Za-z0-9_-]{32}$/);
      expect(await pages(bot.body.resultUrl), bot.body.resultUrl).toEqual(personPage);
    }
    const [personAgain, botAgain] = [await submit({ ...base, contact: { ...contact, email: 'person@example.com' } }), await submit(botPayloads[0]!)];
    expect([personAgain.status, botAgain.status], 'the same idempotency key again').toEqual([200, 200]);
    expect(personAgain.body).toEqual(person.body);
    expect(botAgain.body).toEqual(bots[0]!.body);
    expect(stableHeaders(botAgain.headers)).toEqual(stableHeaders(personAgain.headers));
    await expect.poll(async () => (await delivered()).some((m) => m.to.includes('person@example.com')), { timeout: 10_000 }).toBe(true);
    expect((await delivered()).some((m) => m.to.includes('bot-or-not@example.com'))).toBe(false);
  });

  it('answers 404 for an unknown permalink', async () => {
    const response = await fetch(url('/es/r/AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA'));
    expect(response.status).toBe(404);
  });

  it('signs up for the masterclass without JavaScript, harmlessly twice', async () => {
    const context = await browser.newContext({ javaScriptEnabled: false });
    const page = await context.newPage();
    for (const expected of [q.ui.masterclass['done-title'].pt, q.ui.masterclass.already.pt]) {
      await page.goto(url('/pt/masterclass/'));
      await page.fill('#mc-name', 'João');
      await page.fill('#mc-email', 'joao@example.com');
      await page.check('input[name=consent]');
      await page.click('button[type=submit]');
      expect(await page.textContent('[role=status] h2')).toBe(expected);
    }
    await page.goto(url('/pt/masterclass/'));
    await page.fill('#mc-name', 'João');
    await page.fill('#mc-email', 'not-an-email');
    await page.click('button[type=submit]');
    expect(await page.getAttribute('#mc-email', 'aria-invalid')).toBe('true');
    await context.close();
    // The same post without a browser: 400, and each bad field's error rendered beside it.
    const refused = await fetch(url('/pt/masterclass/'), { method: 'POST', headers: { origin: new URL(url('/')).origin, 'content-type': 'application/x-www-form-urlencoded' }, body: 'name=&email=not-an-email' });
    expect(refused.status).toBe(400);
    const html = await refused.text();
    expect(html).toContain(`id="mc-email-error">${q.ui.lead['invalid-email'].pt}<`);
    expect(html).toContain(`id="mc-name-error">${q.ui.lead.required.pt}<`);
    expect(html).toContain(`id="mc-consent-error">${q.ui.lead['must-consent'].pt}<`);
    const withScripts = await browser.newPage();
    await withScripts.goto(url('/en/masterclass/'));
    expect(await axeViolations(withScripts)).toEqual([]);
    await withScripts.close();
  });
});
