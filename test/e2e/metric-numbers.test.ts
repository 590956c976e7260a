import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { axeViolations, launchChromium, reusableTab, url } from './browser.ts';
import { openMetricsStep } from './flows.ts';
import { realQuestionnaire } from '../helpers/content.ts';
import { scoredOptions } from '../../src/domain/question.ts';
import { pagePath } from '../../src/domain/routes.ts';
import { fill, formatMetricValue, formatMoney, formatNumber } from '../../src/domain/format.ts';
import type { Locale } from '../../src/domain/locale.ts';
import type { Currency } from '../../src/domain/metrics.ts';

const q = realQuestionnaire();
let browser: Browser;

beforeAll(async () => {
  browser = await launchChromium();
});
afterAll(async () => {
  await browser?.close();
});
const tab = reusableTab(() => browser);

/** Every question answered (a checklist with every option ticked, so every figure is asked), at the metrics step. */
async function toMetricsStep(page: Page, locale: Locale): Promise<void> {
  const answers = Object.fromEntries(
    q.questions.map((question) => [question.id, question.kind === 'checklist' ? scoredOptions(question).map((o) => o.id) : scoredOptions(question)[0]!.id]),
  );
  await openMetricsStep(page, locale, answers);
}

const text = async (page: Page, selector: string) => (await page.textContent(selector))?.trim() ?? null;

const CURRENCY: Record<Locale, Currency> = { es: 'MXN', pt: 'BRL', en: 'USD' };

describe('numbers read the way the visitor typed them', () => {
  for (const locale of ['es', 'pt', 'en'] as const) {
    it(`reads Spain's and Mexico's conventions alike, asks when unsure and never misreads silently (${locale})`, async () => {
      const page = await tab();
      const ui = q.ui;
      const currency = CURRENCY[locale];
      const readAs = (value: string) => fill(ui.metrics['read-as'][locale], { value });
      await toMetricsStep(page, locale);
      await page.selectOption('#metric-currency', currency);

      for (const raw of ['90.000', '90,000', '90 000']) {
        await page.fill('#metric-salesAndMarketingSpend', raw);
        expect(await text(page, '#metric-salesAndMarketingSpend-read'), raw).toBe(readAs(formatMoney(90_000, locale, currency, 4)));
      }
      for (const raw of ['1,500', '1.500']) {
        await page.fill('#metric-leads', raw);
        expect(await text(page, '#metric-leads-read'), raw).toBe(readAs(formatNumber(1500, locale, 4)));
      }
      for (const raw of ['75,5', '75.5']) {
        await page.fill('#metric-grossMarginPct', raw);
        expect(await text(page, '#metric-grossMarginPct-read'), raw).toBe(readAs(`${formatNumber(75.5, locale, 4)} %`));
        expect(await page.$('#metric-grossMarginPct-error'), `${raw} is not over 100`).toBeNull();
      }
      for (const raw of ['1,5', '1.5']) {
        await page.fill('#metric-arpa', raw);
        expect(await text(page, '#metric-arpa-read'), `${raw} as money`).toBe(readAs(formatMoney(1.5, locale, currency, 4)));
        await page.fill('#metric-newCustomers', raw);
        expect(await text(page, '#metric-newCustomers-error'), `${raw} customers`).toBe(ui.errors['not-whole'][locale]);
        expect(await page.getAttribute('#metric-newCustomers', 'aria-invalid')).toBe('true');
      }
      expect(await text(page, '[data-metric=cac]'), 'a field typed but unusable is never called missing').toContain(fill(ui.metrics.check[locale], { fields: ui.inputs.newCustomers[locale] }));

      await page.fill('#metric-newCustomers', '15');
      await page.fill('#metric-winRatePct', '12.500');
      const which = fill(ui.metrics.which[locale], { raw: '12.500' });
      expect(await text(page, '#metric-winRatePct-which')).toBe(which);
      expect(await page.getAttribute('#metric-winRatePct', 'aria-describedby')).toContain('metric-winRatePct-which');
      expect(await axeViolations(page), 'axe with an error and a question on screen').toEqual([]);

      await page.click('text=' + ui.diagnostic['see-results'][locale]);
      expect(await text(page, '[role=alert]')).toBe(ui.metrics['fix-first'][locale]);
      expect(await page.evaluate(() => document.activeElement?.id), 'focus on the figure to confirm').toBe('metric-winRatePct');

      // Confirm with the keyboard: Tab to the first reading, Space to choose it.
      await page.keyboard.press('Tab');
      expect(await page.evaluate(() => (document.activeElement as HTMLInputElement | null)?.name)).toBe('metric-winRatePct-reading');
      await page.keyboard.press('Space');
      expect(await page.isChecked('input[name="metric-winRatePct-reading"][value="12.5"]')).toBe(true);

      await page.click('text=' + ui.diagnostic['see-results'][locale]);
      await page.waitForURL(url(pagePath('results', locale)));
      await page.waitForSelector('[data-metric=cac]');
      const cac = await text(page, '[data-metric=cac]');
      expect(cac, 'CAC in the chosen currency').toContain(formatMetricValue('cac', 6000, locale, currency));
      expect(cac, 'its working too').toContain(formatMoney(90_000, locale, currency, 2));
      expect(await text(page, '[data-metric=conversionRate] .metric-value'), 'one "new customers" figure feeds conversion').toContain(formatMetricValue('conversionRate', 0.01, locale));
      expect(await axeViolations(page)).toEqual([]);
    });
  }
});
