import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { buildReport } from '../../src/domain/report.ts';
import { scoredOptions } from '../../src/domain/question.ts';
import type { MetricInputs } from '../../src/domain/metrics.ts';
import { callRequestEmail, consultantEmail, masterclassEmail, reportEmail, signInEmail, type EmailMessage } from '../../src/server/email/templates.tsx';
import { realQuestionnaire } from '../helpers/content.ts';
import { launchChromium, screenshot } from './browser.ts';

// The emails as a phone and a desktop client show them: Chromium without scripts, at 360 and 600 px.
const q = realQuestionnaire();
const answers = Object.fromEntries(q.questions.map((x, i) => {
  const options = scoredOptions(x);
  return [x.id, x.kind === 'checklist' ? options.slice(0, 2).map((o) => o.id) : options[(i * 3) % options.length]!.id];
}));
const inputs: MetricInputs = {
  period: 'month', currency: 'EUR', customersAtStart: 200, customersLost: 6, mrrAtStart: 100_000, churnedMrr: 2_000, contractionMrr: 500, expansionMrr: 1_500,
  salesAndMarketingSpend: 60_000, newCustomers: 10, arpa: 500, grossMarginPct: 80,
};

function emails(): [string, EmailMessage][] {
  return (['es', 'pt', 'en'] as const).flatMap((locale): [string, EmailMessage][] => {
    const report = buildReport(q, { answers, segment: { businessModel: 'saas', dealSize: 'acv-50k-100k' }, metricInputs: inputs }, locale);
    return [
      [`report-${locale}`, reportEmail({ report, questionnaire: q, name: 'Ana María de la Fuente', permalink: 'https://diagnostico.example.com/es/r/abc', masterclassUrl: 'https://diagnostico.example.com/masterclass' })],
      [`consultant-${locale}`, consultantEmail({ report, questionnaire: q, contact: { name: 'Ana', email: 'ana.maria.delafuente@empresa-muy-larga.example.com', company: 'Acme' }, masterclass: true, workspaceUrl: 'https://diagnostico.example.com/consultants/submissions/1', locale })],
      [`masterclass-${locale}`, masterclassEmail({ questionnaire: q, name: 'Ana', locale })],
      [`call-request-${locale}`, callRequestEmail({ questionnaire: q, contact: { name: 'Ana María de la Fuente', email: 'ana.maria.delafuente@empresa-muy-larga.example.com', company: 'Acme' }, request: { days: ['tue', 'thu'], windows: ['morning', 'afternoon'], timeZone: 'America/Argentina/Buenos_Aires', phone: '+54 11 5555-5555' }, workspaceUrl: 'https://diagnostico.example.com/consultants/submissions/1', locale })],
      [`sign-in-${locale}`, signInEmail({ questionnaire: q, url: 'https://diagnostico.example.com/api/auth/magic-link/verify?token=abcdefghijklmnopqrstuvwxyz0123456789', minutes: 15, locale })],
    ];
  });
}

describe('the emails in a browser', () => {
  const WIDTHS = [360, 600] as const;
  let browser: Browser;
  // One page per width, each email replacing the last one's document.
  const pages = new Map<number, Page>();
  beforeAll(async () => {
    browser = await launchChromium();
    for (const width of WIDTHS) pages.set(width, await (await browser.newContext({ viewport: { width, height: 800 }, javaScriptEnabled: false })).newPage());
  });
  afterAll(async () => {
    await browser?.close();
  });

  for (const [name, email] of emails()) {
    it(`${name} fits a 360 px phone and a 600 px client, nothing scrolling sideways`, async () => {
      for (const width of WIDTHS) {
        const page = pages.get(width)!;
        await page.setContent(email.html);
        expect(await page.evaluate(() => document.documentElement.scrollWidth), `${name} at ${width} px`).toBeLessThanOrEqual(width);
        // No external resource: every style is inline, and there are no images, fonts or stylesheets to fetch.
        expect(await page.evaluate(() => performance.getEntriesByType('resource').length)).toBe(0);
        await screenshot(page, `email-${name}-${width}`);
      }
    });
  }
});
