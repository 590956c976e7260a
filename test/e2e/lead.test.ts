import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { axeViolations, launchChromium, screenshot, url } from './browser.ts';
import { realQuestionnaire } from '../helpers/content.ts';
import { takeDiagnostic } from './flows.ts';

const q = realQuestionnaire();
let browser: Browser;

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
    await takeDiagnostic(page);
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
    const withScripts = await browser.newPage();
    await withScripts.goto(url('/en/masterclass/'));
    expect(await axeViolations(withScripts)).toEqual([]);
    await withScripts.close();
  });
});
