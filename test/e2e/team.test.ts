import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { Browser, BrowserContext } from 'playwright-core';
import { axeViolations, launchChromium, screenshot, url } from './browser.ts';
import { realQuestionnaire } from '../helpers/content.ts';

// The owner is the address global-setup.ts gives CONSULTANT_EMAILS: the team's first owner.
const OWNER = 'consultora@example.com';
// Its own address each run: the e2e database lives for the whole run, shared by every browser file.
const INVITED = `equipo-${Date.now().toString(36)}@example.com`;
const t = realQuestionnaire().workspace.team;

interface Delivered {
  to: string[];
  text: string;
}
async function delivered(): Promise<Delivered[]> {
  return (await (await fetch(`${inject('resendStubUrl')}/__delivered`)).json()) as Delivered[];
}

/** The sign-in link of the first email to `email` after the `since`-th delivered one (sent after the answer: waited for, 10 s at most). */
async function signInLink(email: string, since: number): Promise<string> {
  const deadline = Date.now() + 10_000;
  while (Date.now() < deadline) {
    const link = (await delivered()).slice(since).find((m) => m.to.includes(email))?.text.match(/https?:\/\/\S+magic-link\/verify\S+/)?.[0];
    if (link) return link;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`no sign-in link emailed to ${email} within 10 s`);
}

let browser: Browser;
let owner: BrowserContext;
let invited: BrowserContext;
const origin = () => new URL(url('/')).origin;
/** A form post as a browser sends it (same origin, urlencoded), with the context's cookies; redirects not followed. */
const post = (context: BrowserContext, form: Record<string, string>) =>
  context.request.post(url('/consultants/team'), { form, headers: { origin: origin() }, maxRedirects: 0 });

beforeAll(async () => {
  browser = await launchChromium();
  // Spanish browsers: the workspace follows Accept-Language.
  owner = await browser.newContext({ locale: 'es-ES' });
  invited = await browser.newContext({ locale: 'es-ES' });
  const since = (await delivered()).length;
  const page = await owner.newPage();
  await page.goto(url('/consultants/sign-in'));
  await page.fill('#email', OWNER);
  await page.click('button[type=submit]');
  await page.waitForSelector('[data-testid=sign-in-sent]');
  await page.goto(await signInLink(OWNER, since));
  await page.waitForURL(/\/consultants\/(\?lang=[a-z]{2})?$/);
  await page.close();
});
afterAll(async () => {
  await browser?.close();
});

describe('the team page', () => {
  it('lets the owner invite a consultant, who signs in through the emailed link', async () => {
    const page = await owner.newPage();
    await page.goto(url('/consultants/'));
    await page.click(`nav a:text("${t.nav.es}")`);
    await page.waitForURL(/\/consultants\/team$/);
    expect(await page.locator(`tr[data-consultant="${OWNER}"]`).getAttribute('data-role')).toBe('owner');
    expect(await axeViolations(page)).toEqual([]);

    const since = (await delivered()).length;
    await page.fill('#invite-email', INVITED.toUpperCase());
    await page.fill('#invite-name', 'Equipo Nuevo');
    await page.selectOption('#invite-role', 'consultant');
    await page.click('[data-testid=invite-consultant] button[type=submit]');
    await page.waitForSelector('[data-testid=team-done]');
    expect(await page.textContent('[data-testid=team-done]')).toContain(INVITED);
    expect(await page.locator(`tr[data-consultant="${INVITED}"]`).getAttribute('data-role')).toBe('consultant');
    await screenshot(page, 'team-owner');
    await page.close();

    // The invitation is a sign-in link, in the owner's language.
    const signedIn = await invited.newPage();
    await signedIn.goto(await signInLink(INVITED, since));
    await signedIn.waitForURL(/\/consultants\/\?lang=es$/);
    await signedIn.close();
  });

  it('shows a non-owner the team without the forms, and refuses their forged posts with 403', async () => {
    const page = await invited.newPage();
    await page.goto(url('/consultants/team'));
    expect(page.url()).toBe(url('/consultants/team'));
    expect(await page.locator('[data-testid=invite-consultant]').count()).toBe(0);
    expect(await page.locator('[data-testid=remove-consultant]').count()).toBe(0);
    expect(await page.textContent('[data-testid=owner-only]')).toBe(t['owner-only'].es);
    expect(await axeViolations(page)).toEqual([]);
    await page.close();

    const invite = await post(invited, { action: 'invite', email: 'intruso@example.com', name: 'Intruso', role: 'owner' });
    expect(invite.status()).toBe(403);
    expect(await invite.text()).toContain(t['error-forbidden'].es);
    const remove = await post(invited, { action: 'remove', email: OWNER });
    expect(remove.status()).toBe(403);
    const check = await owner.newPage();
    await check.goto(url('/consultants/team'));
    expect(await check.locator('tr[data-consultant="intruso@example.com"]').count()).toBe(0);
    expect(await check.locator(`tr[data-consultant="${OWNER}"]`).count()).toBe(1);
    await check.close();
  });

  it('shows a wrong invitation back with its errors beside the fields and 400, without JavaScript', async () => {
    const context = await browser.newContext({ locale: 'es-ES', javaScriptEnabled: false, storageState: await owner.storageState() });
    const plain = await context.newPage();
    await plain.goto(url('/consultants/team'));
    await plain.fill('#invite-email', 'no-es-un-correo');
    await plain.selectOption('#invite-role', 'owner');
    await plain.click('[data-testid=invite-consultant] button[type=submit]');
    expect(await plain.textContent('#invite-email-error')).toBe(t['error-email'].es);
    expect(await plain.textContent('#invite-name-error')).toBe(t['error-name'].es);
    expect(await plain.getAttribute('#invite-email', 'aria-invalid')).toBe('true');
    expect(await plain.getAttribute('#invite-email', 'aria-describedby')).toBe('invite-email-error');
    // What was typed is kept, so only the mistake needs fixing.
    expect(await plain.getAttribute('#invite-email', 'value')).toBe('no-es-un-correo');
    expect(await plain.getAttribute('#invite-role option[value=owner]', 'selected')).not.toBeNull();
    await context.close();

    // The same post without a browser: 400; and the refused form checked by axe (it runs in the page, so not in the page above).
    const refused = await post(owner, { action: 'invite', email: 'no-es-un-correo', name: '', role: 'owner' });
    expect(refused.status()).toBe(400);
    const page = await owner.newPage();
    await page.goto(url('/consultants/team'));
    await page.click('[data-testid=invite-consultant] button[type=submit]');
    await page.waitForSelector('#invite-email-error');
    expect(await axeViolations(page)).toEqual([]);
    await page.close();

    // The owner cannot remove themselves while they are the last owner.
    const last = await post(owner, { action: 'remove', email: OWNER });
    expect(last.status()).toBe(400);
    expect(await last.text()).toContain(t['error-last-owner'].es);
  });

  it('lets the owner remove the consultant, whose session then stops working', async () => {
    const page = await owner.newPage();
    await page.goto(url('/consultants/team'));
    await page.click(`button[aria-label="${t['remove-label'].es.replace('{email}', INVITED)}"]`);
    await page.waitForSelector('[data-testid=team-done]');
    expect(await page.textContent('[data-testid=team-done]')).toContain(INVITED);
    expect(await page.locator(`tr[data-consultant="${INVITED}"]`).count()).toBe(0);
    expect(await axeViolations(page)).toEqual([]);
    await page.close();

    const refused = await invited.request.get(url('/consultants/team'), { maxRedirects: 0 });
    expect(refused.status()).toBe(303);
    expect(refused.headers().location).toMatch(/^\/consultants\/sign-in/);
    const csv = await invited.request.get(url('/consultants/export.csv'), { maxRedirects: 0 });
    expect(csv.status()).toBe(303);
  });
});
