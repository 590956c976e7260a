import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, BrowserContext } from 'playwright-core';
import { inject } from 'vitest';
import { axeViolations, launchChromium, screenshot, url } from './browser.ts';
import { requestReport, resultsOf } from './flows.ts';
import { realQuestionnaire } from '../helpers/content.ts';
import { displayMinutes, estimateDuration } from '../../src/domain/duration.ts';
import { localize } from '../../src/domain/locale.ts';

let browser: Browser;
beforeAll(async () => {
  browser = await launchChromium();
});
afterAll(async () => {
  await browser?.close();
});

interface Delivered {
  to: string[];
  subject: string;
  html: string;
  text: string;
}
async function delivered(): Promise<Delivered[]> {
  return (await (await fetch(`${inject('resendStubUrl')}/__delivered`)).json()) as Delivered[];
}

/** Signs in through the link in the email the stub received; returns the signed-in context. */
export async function signIn(email = 'consultora@example.com'): Promise<BrowserContext> {
  const before = (await delivered()).length;
  // A Spanish browser: the workspace's language follows Accept-Language until the consultant picks one.
  const context = await browser.newContext({ locale: 'es-ES' });
  const page = await context.newPage();
  await page.goto(url('/consultants/sign-in'));
  await page.fill('#email', email);
  await page.click('button[type=submit]');
  await page.waitForSelector('[data-testid=sign-in-sent]');
  // Sent after the answer: wait for it.
  let mail: Delivered | undefined;
  // The sign-in email, not another to the same address (a new lead's notice, rendered after its answer, may arrive meanwhile).
  await expect.poll(async () => (mail = (await delivered()).slice(before).find((m) => m.to.includes(email) && m.text.includes('magic-link/verify'))), { timeout: 10_000 }).toBeTruthy();
  if (!mail) throw new Error(`no sign-in email for ${email}`);
  const link = mail.text.match(/https?:\/\/\S+magic-link\/verify\S+/)?.[0];
  expect(link, 'sign-in link in the email').toBeTruthy();
  // The server runs without SITE_URL on a port of its own: the link points at it, not at a default address.
  expect(new URL(link!).origin).toBe(new URL(url('/')).origin);
  await page.goto(link!);
  await page.waitForURL(/\/consultants\/(\?lang=[a-z]{2})?$/);
  await page.close();
  return context;
}

describe("consultants' access", () => {
  const protectedPages = ['/consultants/', '/consultants/funnel', '/consultants/submissions/00000000-0000-0000-0000-000000000000', '/consultants/export.csv', '/consultants/preview/?locale=pt&overall=defined'];

  for (const path of protectedPages) {
    it(`redirects ${path} to sign-in without a session`, async () => {
      const response = await fetch(url(path), { redirect: 'manual' });
      expect(response.status).toBe(303);
      expect(response.headers.get('location')).toMatch(/^\/consultants\/sign-in/);
    });
  }

  it('refuses a cross-origin state change', async () => {
    const response = await fetch(url('/consultants/sign-in'), { method: 'POST', headers: { origin: 'https://evil.example', 'content-type': 'application/x-www-form-urlencoded' }, body: 'email=a%40b.co' });
    expect(response.status).toBe(403);
  });

  it('answers known and unknown addresses alike, and only emails the consultant', async () => {
    const before = (await delivered()).length;
    const answer = async (email: string) => {
      const response = await fetch(url('/consultants/sign-in'), { method: 'POST', headers: { origin: new URL(url('/')).origin, 'content-type': 'application/x-www-form-urlencoded', 'x-forwarded-for': email }, body: `email=${encodeURIComponent(email)}` });
      return { status: response.status, text: (await response.text()).replace(/value="[^"]*"/g, '') };
    };
    const unknown = await answer('stranger@example.com');
    const known = await answer('consultora@example.com');
    expect(unknown.status).toBe(200);
    expect(known.status).toBe(200);
    expect(unknown.text).toBe(known.text);
    // The link is created and sent after the answer (which is why both answers take the same time).
    // (Other browser tests may be sending their own emails meanwhile: only these two addresses count.)
    const asked = ['stranger@example.com', 'consultora@example.com'];
    await expect.poll(async () => (await delivered()).slice(before).flatMap((m) => m.to).filter((to) => asked.includes(to)), { timeout: 10_000 }).toEqual(['consultora@example.com']);
  });

  it('shows an address that is not one back with its error and 400, without JavaScript', async () => {
    const response = await fetch(url('/consultants/sign-in'), { method: 'POST', headers: { origin: new URL(url('/')).origin, 'content-type': 'application/x-www-form-urlencoded' }, body: 'email=not-an-email' });
    expect(response.status).toBe(400);
    const html = await response.text();
    expect(html).toContain(`id="email-error">${realQuestionnaire().workspace['sign-in'].invalid.es}<`);
    expect(html).toContain('aria-invalid="true"');
  });

  it('signs in through the emailed link, then signs out', async () => {
    const context = await signIn();
    const page = await context.newPage();
    await page.goto(url('/consultants/'));
    expect(page.url()).toBe(url('/consultants/'));
    const cookies = await context.cookies();
    const sessionCookie = cookies.find((c) => c.name.includes('session_token'))!;
    expect(sessionCookie.httpOnly).toBe(true);
    expect(sessionCookie.sameSite).toBe('Lax');
    expect(await axeViolations(page)).toEqual([]);
    await screenshot(page, 'consultants-list');
    await page.click('text=Salir');
    await page.waitForURL(/\/consultants\/sign-in/);
    await page.goto(url('/consultants/'));
    expect(page.url()).toMatch(/\/consultants\/sign-in/);
    await context.close();
  });
});

describe("the consultants' workspace", () => {
  it('finds a submission made through the diagnostic, works it, and exports it; hostile names stay text', async () => {
    const visitor = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    const prospect = await visitor.newPage();
    await resultsOf(prospect, 'pt', 2);
    const hyperlink = '=HYPERLINK("http://x")';
    await requestReport(prospect, { name: hyperlink, email: 'hyper@example.com', company: '<script>alert(1)</script>' }, 'pt');
    await visitor.close();

    let notice: Delivered | undefined;
    await expect.poll(async () => (notice = (await delivered()).find((m) => m.to.includes('consultora@example.com') && m.html.includes('hyper@example.com'))), { timeout: 10_000 }).toBeTruthy();
    if (!notice) throw new Error('no notice for the submission');
    expect(notice.html).not.toContain('<script>alert(1)</script>');
    expect(notice.html).toContain('&lt;script>alert(1)&lt;/script>');
    expect(notice.html).not.toMatch(/<script/i);

    const context = await signIn();
    const page = await context.newPage();
    let dialogs = 0;
    page.on('dialog', async (dialog) => {
      dialogs++;
      await dialog.dismiss();
    });
    await page.goto(url('/consultants/?q=hyper%40example'));
    const row = page.locator('tr[data-submission]');
    expect(await row.count()).toBe(1);
    expect(await row.locator('th a').textContent()).toBe(hyperlink);
    expect(await row.locator('td').first().textContent()).toBe('<script>alert(1)</script>');
    expect(await axeViolations(page)).toEqual([]);

    await row.locator('th a').click();
    await page.waitForSelector('h1');
    expect(await page.textContent('h1')).toBe(hyperlink);
    expect(await page.textContent('section[aria-labelledby=contact-title] dl.contact')).toContain('<script>alert(1)</script>');
    expect(await page.$$eval('tr[data-question]', (rows) => rows.length)).toBeGreaterThan(25);
    await page.selectOption('#status', 'contacted');
    await page.click('text=Guardar estado');
    await page.waitForSelector('text=Estado actualizado.');
    await page.fill('#note', 'Llamar el martes');
    await page.click('text=Añadir nota');
    await page.waitForSelector('text=Nota guardada.');
    // A refused post is shown back with its error: 400 for a status not on the list, 404 for a submission that is gone.
    const texts = realQuestionnaire().workspace.submission;
    const refused = await page.evaluate(async (path) => {
      const post = async (to: string, body: string) => {
        const response = await fetch(to, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body });
        return { status: response.status, html: await response.text() };
      };
      return { status: await post(path, 'action=status&status=archived'), gone: await post('/consultants/submissions/00000000-0000-0000-0000-000000000000', 'action=note&note=x') };
    }, new URL(page.url()).pathname);
    expect(refused.status.status).toBe(400);
    expect(refused.status.html).toContain(texts['error-status'].es);
    expect(refused.gone.status).toBe(404);
    const activity = await page.textContent('[data-testid=activity]');
    expect(activity).toContain('Nuevo → Contactado');
    expect(activity).toContain('Llamar el martes');
    expect(activity).toContain('consultora@example.com');
    expect(await axeViolations(page)).toEqual([]);
    await screenshot(page, 'consultants-detail');
    expect(dialogs, 'no script ran').toBe(0);

    const csv = await page.evaluate(async () => {
      const response = await fetch('/consultants/export.csv?q=hyper%40example');
      const bytes = new Uint8Array(await response.arrayBuffer());
      return { type: response.headers.get('content-type'), bom: [...bytes.slice(0, 3)], body: new TextDecoder().decode(bytes) };
    });
    expect(csv.type).toContain('text/csv');
    expect(csv.bom, 'UTF-8 byte order mark').toEqual([0xef, 0xbb, 0xbf]);
    const lines = csv.body.trim().split('\r\n');
    expect(lines).toHaveLength(2);
    expect(lines[1]).toContain(`"'=HYPERLINK(""http://x"")"`);
    expect(lines[1]).toContain('hyper@example.com');
    expect(lines[1]).toContain('contacted');

    await page.goto(url('/consultants/funnel'));
    const funnel = await page.textContent('main');
    expect(funnel).toContain('Iniciaron');
    expect(funnel).not.toContain('No hay eventos');
    const estimated = displayMinutes(estimateDuration(realQuestionnaire(), 'es').totalSeconds);
    expect(await page.textContent('[data-testid=estimated-duration]')).toContain(`es ${estimated} min`);
    expect(await page.textContent('[data-testid=real-duration]')).toMatch(/^\d+ min \d+ s \(mediana de \d+ visitas?\)$/);
    expect(await axeViolations(page)).toEqual([]);
    await screenshot(page, 'consultants-funnel');
    await context.close();
  });

  it('switches to English from the header, by keyboard, and stays in English on the next pages', async () => {
    const texts = realQuestionnaire().workspace;
    const context = await signIn();
    const page = await context.newPage();
    await page.goto(url('/consultants/'));
    expect(await page.getAttribute('html', 'lang')).toBe('es');
    const english = page.getByRole('navigation', { name: texts.layout.language.es }).getByRole('link', { name: 'English' });
    await english.focus();
    await page.keyboard.press('Enter');
    await page.waitForURL(/lang=en/);

    expect(await page.getAttribute('html', 'lang')).toBe('en');
    expect(await page.getByRole('navigation', { name: texts.layout.language.en }).getByRole('link', { name: 'English' }).getAttribute('aria-current')).toBe('true');
    expect(await page.textContent('h1')).toBe(texts.list.title.en);
    const row = page.locator('tr[data-submission]').first();
    const status = (await row.locator('td[data-status]').getAttribute('data-status')) as keyof typeof texts.status;
    expect(texts.status[status].en).not.toBe(texts.status[status].es);
    expect(await row.locator('td[data-status]').textContent()).toBe(texts.status[status].en);
    expect(await row.locator('td').nth(2).textContent(), 'date written in English').toMatch(/\s(AM|PM)$/);
    expect(await page.$$eval('#f-status option', (options) => options.map((o) => o.textContent))).toEqual([texts.common.all.en, ...Object.values(texts.status).map((t) => t.en)]);
    expect(await axeViolations(page)).toEqual([]);
    const cookie = (await context.cookies()).find((c) => c.name === 'workspace-locale');
    expect(cookie).toMatchObject({ value: 'en', sameSite: 'Lax', path: '/consultants' });

    // Remembered: the next pages have no language in their address.
    await page.goto(url('/consultants/funnel'));
    expect(await page.getAttribute('html', 'lang')).toBe('en');
    expect(await page.textContent('h1')).toBe(texts.funnel.title.en);
    const chart = await page.textContent('.funnel');
    for (const text of [texts.funnel['chart-title'].en, texts.funnel.started.en, texts.funnel['days-caption'].en, texts.funnel['period-total'].en]) expect(chart).toContain(text);
    expect(chart, 'no Spanish left in the English chart').not.toMatch(/Iniciaron|Pidieron|Total del período|Embudo/);
    // On a phone, header, filters, chart and tables stay within the screen (the tables scroll in their own box).
    await page.setViewportSize({ width: 360, height: 800 });
    for (const path of ['/consultants/funnel', '/consultants/']) {
      await page.goto(url(path));
      expect(await page.evaluate(() => document.documentElement.scrollWidth), `${path} at 360 px`).toBeLessThanOrEqual(360);
    }
    await page.setViewportSize({ width: 1280, height: 800 });
    await page.goto(url('/consultants/'));
    await page.locator('tr[data-submission] th a').first().click();
    await page.waitForSelector('#status');
    expect(await page.getAttribute('html', 'lang')).toBe('en');
    expect(await page.textContent('#follow-title')).toBe(texts.submission['follow-up'].en);
    expect(await page.$$eval('#status option', (options) => options.map((o) => o.textContent))).toEqual(Object.values(texts.status).map((t) => t.en));
    await page.selectOption('#status', 'qualified');
    await page.click(`text=${texts.submission['save-status'].en}`);
    await page.waitForSelector(`text=${texts.submission['done-status'].en}`);
    expect(await page.textContent('[data-testid=activity]')).toContain(`→ ${texts.status.qualified.en}`);
    expect(await axeViolations(page)).toEqual([]);
    await screenshot(page, 'consultants-detail-en');
    await context.close();
  });

  it('shows a call requested from the permalink, with or without JavaScript, in the list (filtered) and on the submission', async () => {
    const q = realQuestionnaire();
    const call = q.ui.call;
    const visitor = await browser.newContext({ viewport: { width: 1280, height: 900 }, timezoneId: 'America/Sao_Paulo' });
    const prospect = await visitor.newPage();
    await resultsOf(prospect, 'en');
    await requestReport(prospect, { name: 'Caller Example', email: 'caller@example.com', company: 'Ringing Co' }, 'en');
    // Without a booking page in content/offer.yaml, the results lead to the permalink's own form.
    await prospect.click(`[data-testid=call-offer] a:text("${call.request.en}")`);
    await prospect.waitForSelector('[data-testid=call-form]');
    expect(prospect.url()).toMatch(/\/en\/r\/[A-Za-z0-9_-]{32}#call$/);
    const permalink = prospect.url().replace(/#call$/, '');
    expect(await prospect.textContent('[data-time-zone]')).toBe(call['time-zone'].en.replace('{zone}', 'America/Sao_Paulo'));
    expect(await axeViolations(prospect), 'axe on the call form').toEqual([]);

    // Without JavaScript: the same form, the server says what is missing beside each field, and nothing is stored.
    const plain = await (await browser.newContext({ javaScriptEnabled: false })).newPage();
    await plain.goto(permalink);
    await plain.fill('#call-phone', 'call me maybe');
    await plain.click('[data-testid=call-form] button[type=submit]');
    expect(await plain.textContent('#call-days-error')).toBe(call['error-days'].en);
    expect(await plain.textContent('#call-windows-error')).toBe(call['error-windows'].en);
    expect(await plain.textContent('#call-phone-error')).toBe(call['error-phone'].en);
    expect(await plain.getAttribute('#call-phone', 'aria-invalid')).toBe('true');
    await plain.context().close();
    // The same refusal with JavaScript, checked by axe (it runs in the page, so not in the page above).
    await prospect.click('[data-testid=call-form] button[type=submit]');
    await prospect.waitForSelector('#call-days-error');
    expect(await axeViolations(prospect), 'axe on the refused form').toEqual([]);

    await prospect.check(`input[name=days][value=tue]`);
    await prospect.check(`input[name=days][value=thu]`);
    await prospect.check(`input[name=windows][value=morning]`);
    await prospect.fill('#call-phone', '+55 11 91234-5678');
    await prospect.click('[data-testid=call-form] button[type=submit]');
    await prospect.waitForSelector('[data-testid=call-requested]');
    expect(await prospect.textContent('[data-testid=call-requested] h3')).toBe(call['done-title'].en);
    await visitor.close();

    // The consultants are told, and find it in the workspace.
    await expect.poll(async () => (await delivered()).some((m) => m.to.includes('consultora@example.com') && m.subject === 'Llamada pedida: Caller Example (Ringing Co)'), { timeout: 10_000 }).toBe(true);
    const context = await signIn();
    const page = await context.newPage();
    await page.goto(url('/consultants/?call=yes&lang=es'));
    const row = page.locator('tr[data-submission]', { hasText: 'caller@example.com' });
    expect(await row.locator('td[data-call]').getAttribute('data-call')).toBe('yes');
    expect(await page.$$eval('td[data-call]', (cells) => cells.every((c) => c.getAttribute('data-call') === 'yes'))).toBe(true);
    await row.locator('th a').click();
    await page.waitForSelector('[data-testid=call-request]');
    const shown = await page.textContent('[data-testid=call-request]');
    for (const text of [call['day-tue'].es, call['day-thu'].es, call['window-morning'].es, 'America/Sao_Paulo', '+55 11 91234-5678']) expect(shown).toContain(text);
    expect(await axeViolations(page)).toEqual([]);
    await context.close();
  });

  it('qualifies a lead at a glance, assigns it, lists its masterclass sign-up, and erases it', async () => {
    const q = realQuestionnaire();
    const visitor = await browser.newContext({ viewport: { width: 360, height: 800 } });
    const prospect = await visitor.newPage();
    // Came from a LinkedIn campaign; the first page of the visit records it.
    await prospect.goto(url('/es/?utm_source=linkedin&utm_medium=social&utm_campaign=revops-q1'));
    await resultsOf(prospect, 'es');
    await requestReport(prospect, { name: 'Quali Lead', email: 'quali@example.com', company: 'Qualified SA', role: 'COO', companySize: 'size-51-200', contactConsent: true }, 'es');
    await visitor.close();

    const context = await signIn();
    const page = await context.newPage();
    await page.setViewportSize({ width: 1280, height: 900 });
    await page.goto(url('/consultants/?source=linkedin&lang=es'));
    const row = page.locator('tr[data-submission]', { hasText: 'quali@example.com' });
    await row.locator('th a').click();
    await page.waitForSelector('[data-testid=fit]');
    const fit = await page.textContent('[data-testid=fit]');
    expect(fit).toContain(q.segments.companySizes.find((size) => size.id === 'size-51-200')!.label.es);
    expect(fit).toContain('/100');
    const contact = await page.textContent('section[aria-labelledby=contact-title]');
    expect(contact).toContain('linkedin / social / revops-q1');
    expect(await page.textContent('dd[data-consent=contact]')).toMatch(/^\d/);
    expect(await page.textContent('dd[data-consent=masterclass]')).toBe(q.workspace.submission['consent-not-given'].es);
    expect(await page.$('[data-testid=no-contact]')).toBeNull();
    expect(await axeViolations(page), 'axe on a qualified submission').toEqual([]);
    await screenshot(page, 'workspace-qualified-lead');

    // Assigned to the consultant signed in.
    await page.selectOption('select[name=assignedTo]', 'consultora@example.com');
    await page.click('form:has(select[name=assignedTo]) button[type=submit]');
    await page.waitForURL(/done=assign/);
    expect(await page.textContent('[data-testid=activity]')).toContain('consultora@example.com');

    // The masterclass sign-ups page.
    const submissionUrl = page.url().split('?')[0]!;
    await page.goto(url('/consultants/masterclass'));
    expect(await page.textContent('h1')).toBe(q.workspace.masterclass.title.es);
    expect(await axeViolations(page), 'axe on the masterclass sign-ups').toEqual([]);
    await screenshot(page, 'workspace-masterclass');

    // Erased from the workspace: it leaves the list, and only the anonymous scores stay.
    await page.goto(submissionUrl);
    await page.click('[data-testid=erase-lead] button[type=submit]');
    expect(page.url(), 'the box must be ticked first (the browser says so)').toBe(submissionUrl);
    await page.check('[data-testid=erase-lead] input[name=confirm]');
    await page.click('[data-testid=erase-lead] button[type=submit]');
    await page.waitForURL(/done=erase/);
    expect(await page.textContent('h1')).toBe(q.workspace.submission['erased-title'].es);
    expect(await page.$('[data-testid=erased]')).not.toBeNull();
    expect(await page.textContent('body')).not.toContain('quali@example.com');
    await page.goto(url('/consultants/?q=quali'));
    expect(await page.locator('tr[data-submission]').count()).toBe(0);
    await context.close();
  });

  it('previews the results for chosen levels in the prospect language, with no script, and lists every finding and recommendation', async () => {
    const q = realQuestionnaire();
    const pt = localize(q, 'pt');
    const bandLabel = (scope: string, id: string) => (scope === 'overall' ? pt.bands.overall : pt.bands.dimensions[scope]!).find((b) => b.id === id)!.label;
    const context = await signIn();
    const page = await context.newPage();
    await page.goto(url('/consultants/'));
    await page.click('.workspace-nav a[href="/consultants/preview/"]');
    await page.waitForSelector('[data-testid=preview-form]');
    for (const [field, value] of [['locale', 'pt'], ['overall', 'developing'], ['alignment', 'low'], ['tooling', 'high'], ['business-model', 'saas'], ['deal-size', 'acv-12k-25k'], ['metrics', 'poor']]) {
      await page.selectOption(`#preview-${field}`, value!);
    }
    await page.check('input[name=all]');
    await page.click('[data-testid=preview-form] button[type=submit]');
    await page.waitForURL(/[?&]locale=pt&/);
    const address = new URL(page.url()).searchParams;
    expect([address.get('overall'), address.get('alignment'), address.get('metrics'), address.get('all')]).toEqual(['developing', 'low', 'poor', '1']);

    const result = page.locator('[data-testid=preview-result]');
    expect(await result.locator('.results').getAttribute('lang')).toBe('pt');
    expect(await result.locator('[data-band]').textContent()).toBe(bandLabel('overall', 'developing'));
    expect(await result.locator('[data-dimension=alignment] strong').textContent()).toMatch(new RegExp(`· ${bandLabel('alignment', 'low')}$`));
    expect(await result.locator('[data-dimension=tooling] strong').textContent()).toMatch(new RegExp(`· ${bandLabel('tooling', 'high')}$`));
    expect(await result.locator('[data-finding]').count()).toBeGreaterThan(0);
    expect(await result.locator('.verdict-worse').count()).toBeGreaterThan(0);
    for (const item of [...q.rules, ...q.recommendations]) expect(await page.locator(`[data-catalog-id="${item.id}"]`).count(), item.id).toBe(1);
    expect(await page.locator('script').count(), 'drawn on the server only: no island, no tracking').toBe(0);
    expect(await page.getAttribute('meta[name=robots]', 'content')).toBe('noindex, nofollow');
    expect(await page.locator('[data-testid=preview-misses]').count()).toBe(0);
    expect(await axeViolations(page)).toEqual([]);
    await screenshot(page, 'consultants-preview-pt');

    // A level the others rule out is said, not faked.
    await page.goto(url('/consultants/preview/?locale=en&overall=optimized&alignment=low&smart-goals=low&data-quality=low&tooling=low&reporting=low&decisions=low&cross-team=low'));
    expect(await page.locator('[data-testid=preview-misses] li').count()).toBe(1);
    expect(await page.locator('[data-testid=preview-result] [data-band]').textContent()).not.toBe(localize(q, 'en').bands.overall.find((b) => b.id === 'optimized')!.label);
    await context.close();
  });
});
