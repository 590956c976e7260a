import type { Locale } from './locale.ts';
import type { MetricId } from './metrics.ts';
import { METRIC_UNITS } from './metrics.ts';

const LOCALE_TAGS: Record<Locale, string> = { es: 'es-ES', pt: 'pt-BR', en: 'en-US' };

// Building an Intl.NumberFormat is costly; a report formats dozens of numbers.
const formatters = new Map<string, Intl.NumberFormat>();
function formatter(locale: Locale, options: Intl.NumberFormatOptions): Intl.NumberFormat {
  const key = `${locale}:${options.style ?? ''}:${options.maximumFractionDigits ?? ''}`;
  let found = formatters.get(key);
  if (!found) {
    found = new Intl.NumberFormat(LOCALE_TAGS[locale], options);
    formatters.set(key, found);
  }
  return found;
}

/** A plain number in the locale's style, e.g. 12500 → "12.500" (es), with up to `digits` decimals. */
export function formatNumber(value: number, locale: Locale, digits = 2): string {
  return formatter(locale, { maximumFractionDigits: digits, useGrouping: true }).format(value);
}

/** A metric value in its unit: rates as "3 %", money as "20.000", ratios as "4", months as "12,5". */
export function formatMetricValue(metric: MetricId, value: number, locale: Locale): string {
  switch (METRIC_UNITS[metric]) {
    case 'percent':
      return formatter(locale, { style: 'percent', maximumFractionDigits: 1 }).format(value);
    case 'money':
      return formatNumber(value, locale, 0);
    case 'ratio':
      return formatNumber(value, locale, 1);
    case 'months':
      return formatNumber(value, locale, 1);
  }
}

/** Fills `{name}` placeholders: fill('Paso {step} de {total}', { step: 2, total: 8 }). */
export function fill(template: string, values: Record<string, string | number>): string {
  return template.replace(/\{(\w+)\}/g, (match, key: string) => (key in values ? String(values[key]) : match));
}

/**
 * Reads a number typed by a visitor in their locale's style: "12.500,5" (es, pt)
 * or "12,500.5" (en). Returns `undefined` for an empty field and the raw text
 * when it is not a number, so the schema reports it.
 */
export function parseLocaleNumber(raw: string, locale: Locale): number | string | undefined {
  const text = raw.trim().replace(/[\s\u00a0]/g, '');
  if (text === '') return undefined;
  const [group, decimal] = locale === 'en' ? [',', '.'] : ['.', ','];
  const normalized = text.split(group).join('').replace(decimal, '.');
  if (!/^-?\d*\.?\d+$/.test(normalized)) return raw;
  return Number(normalized);
}
