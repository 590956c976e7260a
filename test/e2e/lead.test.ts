import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { axeViolations, launchChromium, screenshot, url } from './browser.ts';
import { realQuestionnaire } from '../helpers/content.ts';
import { validPayload, TEST_CONTACT } from '../helpers/submission.ts';
import type { SubmissionPayload } from '../../src/domain/schemas/submission.ts';
import type { StubEmail } from '../helpers/resend-stub.ts';
import { deliveredEmails as delivered, fillLeadForm, requestReport, resultsOf } from './flows.ts';
import { upcomingSessions } from '../../src/domain/masterclass.ts';

const q = realQuestionnaire();
let browser: Browser;


/** The first email delivered to `to` (with this subject, if given), once it arrives. */
async function emailTo(to: string, subject?: string): Promise<StubEmail> {
  let found: StubEmail | undefined;
  await expect.poll(async () => (found = (await delivered()).find((m) => m.to.includes(to) && (subject === undefined || m.subject === subject))), { timeout: 10_000 }).toBeDefined();
  return found!;
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

    await fillLeadForm(page, { name: '<script>alert(1)</script>', email: 'prospect@example.com', contactConsent: true });
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
    expect(await page.$('[data-metric=monthlyChurnRate]')).not.toBeNull();
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
    const contact = { ...TEST_CONTACT, name: 'Bot', email: 'bot-or-not@example.com' };
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

  it('unsubscribes by the RFC 8058 one-click POST a mail provider sends, and by the footer link, without signing in', async () => {
    const page = await browser.newPage({ viewport: { width: 360, height: 800 } });
    await resultsOf(page, 'pt');
    await requestReport(page, { name: 'Una Baja', email: 'una.baja@example.com' }, 'pt');
    const report = await emailTo('una.baja@example.com');
    expect(report.headers?.['List-Unsubscribe-Post']).toBe('List-Unsubscribe=One-Click');
    const oneClick = /^<(http[^>]+)>$/.exec(report.headers?.['List-Unsubscribe'] ?? '')?.[1];
    expect(oneClick, 'an https address in angle brackets').toMatch(/\/api\/unsubscribe\?t=/);
    // As a mail provider sends it: from its own servers, no Origin, a form body.
    const posted = await fetch(oneClick!, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: 'List-Unsubscribe=One-Click' });
    expect(posted.status).toBe(200);
    expect((await fetch(oneClick!.replace(/t=[^&]+/, 't=forged.token'), { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: 'List-Unsubscribe=One-Click' })).status).toBe(400);
    // Other forms stay protected from other sites.
    expect((await fetch(url('/es/masterclass/'), { method: 'POST', headers: { origin: 'https://evil.example', 'content-type': 'application/x-www-form-urlencoded' }, body: 'name=a' })).status).toBe(403);

    const footerLink = /href="([^"]+\/pt\/unsubscribe\/\?t=[^"]+)"/.exec(report.html)![1]!.replaceAll('&amp;', '&');
    await page.goto(footerLink);
    expect(await axeViolations(page), 'axe on the unsubscribe page').toEqual([]);
    await screenshot(page, 'unsubscribe-pt-360');
    await page.click('main button[type=submit]');
    await page.waitForSelector('[data-testid=unsubscribed]');
    expect(await page.textContent('h2')).toBe(q.ui.unsubscribe['done-title'].pt);
    await page.close();
  });

  it('erases the data when the prospect asks on the permalink and confirms by the emailed link', async () => {
    const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    await resultsOf(page, 'en');
    const permalink = await requestReport(page, { name: 'Erin Erase', email: 'erin.erase@example.com', company: 'Gone Ltd' }, 'en');
    await page.goto(url(permalink));
    await page.click('[data-testid=erase-form] button[type=submit]');
    await page.waitForSelector('[data-testid=erasure-sent]');
    expect(await axeViolations(page), 'axe on the permalink after asking').toEqual([]);
    await screenshot(page, 'permalink-erasure-sent-en');
    const confirmation = await emailTo('erin.erase@example.com', q.emails.erasure.subject.en);
    const link = /(http\S+\/en\/erase\/\?t=\S+)/.exec(confirmation.text)![1]!;
    // Opening the link (as a mail scanner would) erases nothing: the button does.
    await page.goto(link);
    expect((await fetch(url(permalink))).status).toBe(200);
    expect(await axeViolations(page), 'axe on the confirmation page').toEqual([]);
    await screenshot(page, 'erase-confirm-en');
    await page.click('main button[type=submit]');
    await page.waitForSelector('[data-testid=erased]');
    expect((await fetch(url(permalink))).status, 'the old permalink is gone').toBe(404);
    await page.close();
  });

  it('answers 404 for an unknown permalink', async () => {
    const response = await fetch(url('/es/r/AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA'));
    expect(response.status).toBe(404);
  });

  it('signs up for the masterclass without JavaScript, for an upcoming session, harmlessly twice', async () => {
    const context = await browser.newContext({ javaScriptEnabled: false });
    const page = await context.newPage();
    // The sessions of content/offer.yaml that have not started: the page reads them on each request.
    const upcoming = upcomingSessions(q.offer.sessions, new Date(), 'pt');
    await page.goto(url('/pt/masterclass/'));
    expect(await page.$$eval('input[name=session]', (inputs) => inputs.map((i) => (i as HTMLInputElement).value))).toEqual(upcoming.map((s) => s.id));
    if (upcoming.length === 0) expect(await page.textContent('[data-testid=no-sessions]')).toBe(q.ui.masterclass['no-sessions'].pt);
    for (const session of upcoming) expect(await page.content(), 'a joining link never reaches the page').not.toContain(session.joinUrl);
    if (upcoming.length > 0) {
      // Without a session chosen, the picker says so.
      await page.fill('#mc-name', 'João');
      await page.fill('#mc-email', 'joao@example.com');
      await page.check('input[name=consent]');
      await page.click('button[type=submit]');
      expect(await page.textContent('#mc-session-error')).toBe(q.ui.masterclass['choose-session'].pt);
    }
    for (const expected of [q.ui.masterclass['done-title'].pt, q.ui.masterclass.already.pt]) {
      await page.goto(url('/pt/masterclass/'));
      await page.fill('#mc-name', 'João');
      await page.fill('#mc-email', 'joao@example.com');
      await page.check('input[name=consent]');
      if (upcoming.length > 0) await page.check(`input[name=session][value="${upcoming[0]!.id}"]`);
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
