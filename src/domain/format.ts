import type { Locale } from './locale.ts';
import type { Currency, MetricId } from './metrics.ts';
import { METRIC_UNITS } from './metrics.ts';

/** The BCP 47 tag each language's numbers and dates are written in. */
export const LOCALE_TAGS: Record<Locale, string> = { es: 'es-ES', pt: 'pt-BR', en: 'en-US' };

// Building an Intl.NumberFormat is costly; a report formats dozens of numbers.
const formatters = new Map<string, Intl.NumberFormat>();
function formatter(locale: Locale, options: Intl.NumberFormatOptions): Intl.NumberFormat {
  const key = `${locale}:${JSON.stringify(options)}`;
  const found = formatters.get(key) ?? new Intl.NumberFormat(LOCALE_TAGS[locale], options);
  formatters.set(key, found);
  return found;
}

/** A plain number in the locale's style, e.g. 12500 → "12.500" (es), with up to `digits` decimals. */
export function formatNumber(value: number, locale: Locale, digits = 2): string {
  return formatter(locale, { maximumFractionDigits: digits, useGrouping: true }).format(value);
}

/**
 * Money in the visitor's currency when they gave one ("20.000 €", "US$ 20,000" on
 * the Spanish page), else as a plain number ("20.000"), with up to `digits` decimals.
 */
export function formatMoney(value: number, locale: Locale, currency?: Currency | null, digits = 0): string {
  return currency
    ? formatter(locale, { style: 'currency', currency, minimumFractionDigits: 0, maximumFractionDigits: digits, useGrouping: true }).format(value)
    : formatNumber(value, locale, digits);
}

/**
 * A fraction as a percentage the locale's way, with up to `digits` decimals: 0.8 → "80 %" (es, a
 * no-break space before the sign), "80%" (pt, en). Every percentage shown goes through here, so one
 * page never writes "80 %" beside "3%".
 * @example formatPercent(0.473, 'en') // "47.3%"
 */
export function formatPercent(fraction: number, locale: Locale, digits = 1): string {
  return formatter(locale, { style: 'percent', maximumFractionDigits: digits }).format(fraction);
}

/**
 * A metric value in its unit: rates as "3 %", money as "20.000 €" (or "20.000" without a currency),
 * ratios as "4", months and days as plain numbers ("12,5"): the metric's name carries the unit.
 */
export function formatMetricValue(metric: MetricId, value: number, locale: Locale, currency?: Currency | null): string {
  switch (METRIC_UNITS[metric]) {
    case 'percent':
      return formatPercent(value, locale);
    case 'money':
      return formatMoney(value, locale, currency);
    case 'ratio':
    case 'months':
    case 'days':
      return formatNumber(value, locale, 1);
  }
}

/** Fills `{name}` placeholders: fill('Paso {step} de {total}', { step: 2, total: 8 }). */
export function fill(template: string, values: Record<string, string | number>): string {
  return template.replace(/\{(\w+)\}/g, (match, key: string) => (key in values ? String(values[key]) : match));
}
