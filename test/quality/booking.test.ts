import { spawn } from 'node:child_process';
import { appendFileSync, cpSync, mkdtempSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { ROOT, startBuiltServer, type BuiltServer } from '../bench/server.ts';
import { axeViolations, launchChromium, useBaseUrl } from '../e2e/browser.ts';
import { requestReport, resultsOf } from '../e2e/flows.ts';
import { realQuestionnaire } from '../helpers/content.ts';

const q = realQuestionnaire();
const BOOKING_URL = 'https://cal.example.com/cauce/30min';

/**
 * "Book a call" when content/offer.yaml names a booking page: the other mode of the call offer (the
 * site's own form is tested in test/e2e/consultants.test.ts). Content is built into the site, so
 * this file builds a copy of the project with a booking page configured, and serves it.
 */
describe('book a call with a booking page configured (a build of its own)', () => {
  let copy: string;
  let server: BuiltServer | undefined;
  let browser: Browser;
  let page: Page;

  beforeAll(async () => {
    copy = mkdtempSync(join(tmpdir(), 'revops-booking-'));
    for (const entry of ['astro.config.mjs', 'package.json', 'tsconfig.json', 'src', 'content', 'public']) cpSync(join(ROOT, entry), join(copy, entry), { recursive: true });
    symlinkSync(join(ROOT, 'node_modules'), join(copy, 'node_modules'));
    appendFileSync(join(copy, 'content/offer.yaml'), `\nbooking:\n  url: ${BOOKING_URL}\n  prefill: { name: name, email: email, notes: notes }\n`);
    await new Promise<void>((resolve, reject) => {
      let output = '';
      const build = spawn(process.execPath, [join(ROOT, 'node_modules/astro/bin/astro.mjs'), 'build'], { cwd: copy, env: { ...process.env, ASTRO_TELEMETRY_DISABLED: '1' }, stdio: ['ignore', 'pipe', 'pipe'] });
      build.stdout.on('data', (d) => (output += d));
      build.stderr.on('data', (d) => (output += d));
      build.on('exit', (code) => (code === 0 ? resolve() : reject(new Error(`astro build failed (${code}):\n${output.slice(-4000)}`))));
    });
    server = await startBuiltServer({ root: copy, env: { MIN_FILL_SECONDS: '0', RATE_LIMIT_PER_HOUR: '1000', EVENTS_PER_IP_PER_HOUR: '100000' } });
    useBaseUrl(server.url);
    browser = await launchChromium();
    page = await browser.newPage({ viewport: { width: 360, height: 800 } });
  }, 240_000);
  afterAll(async () => {
    await browser?.close();
    await server?.stop();
    if (copy) rmSync(copy, { recursive: true, force: true });
  });

  it("opens the booking page from the results, prefilled with the name, email and permalink; the permalink offers it instead of the site's own form", async () => {
    await resultsOf(page, 'pt');
    const permalink = await requestReport(page, { name: 'Bia Booking', email: 'bia.booking@example.com' }, 'pt');
    const book = await page.getAttribute('[data-testid=call-offer] [data-testid=book-call]', 'href');
    const link = new URL(book!);
    expect(`${link.origin}${link.pathname}`).toBe(BOOKING_URL);
    expect(link.searchParams.get('name')).toBe('Bia Booking');
    expect(link.searchParams.get('email')).toBe('bia.booking@example.com');
    expect(link.searchParams.get('notes')).toBe(new URL(permalink, server!.url).href);
    expect(await page.getAttribute('[data-testid=book-call]', 'target')).toBe('_blank');
    expect(await axeViolations(page), 'axe on the results with the booking offer').toEqual([]);

    // The permalink offers the booking page instead of the site's own form (no personal data in its page: the note only).
    await page.goto(new URL(permalink, server!.url).href);
    expect(await page.$('[data-testid=call-form]')).toBeNull();
    const fromPermalink = new URL((await page.getAttribute('#call [data-testid=book-call]', 'href'))!);
    expect(fromPermalink.searchParams.get('notes')).toBe(new URL(permalink, server!.url).href);
    expect(await page.textContent('#call')).toContain(q.ui.call.book.pt);
  });
});
