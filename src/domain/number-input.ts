/**
 * What a metric field holds, which decides how its separators read:
 * `count` whole things (customers, leads), `amount` money or days,
 * `percent` a rate from 0 to 100.
 */
export type NumberKind = 'count' | 'amount' | 'percent';

/** Why a typed number could not be read. */
export type NumberInputProblem = 'not-a-number' | 'not-whole' | 'negative' | 'too-large';

/** A typed number as understood: nothing typed, one value, two possible values, or why it cannot be read. */
export type NumberReading =
  | { status: 'empty' }
  | { status: 'ok'; value: number }
  | { status: 'ambiguous'; candidates: [number, number] }
  | { status: 'invalid'; reason: NumberInputProblem };

/** Beyond this a typed figure is a slip of the keyboard, and beyond 2^53 it could not be stored exactly. */
export const MAX_NUMBER_INPUT = 1e15;

/**
 * Reads a number as the visitor typed it, by what the field holds rather than by
 * the page's language: Spain writes 90.000 and 1,5, Mexico 90,000 and 1.5, and
 * both visit the Spanish page.
 *
 * - Spaces (also no-break and thin spaces) only ever group thousands: "90 000".
 * - Two kinds of separator: the last one is the decimal mark, the other groups
 *   thousands: "1.234,56" and "1,234.56" are both 1234.56.
 * - The same separator twice or more groups thousands: "1.234.567".
 * - One separator followed by exactly three digits groups thousands in counts
 *   and amounts ("90.000", "90,000" → 90000; "1,500" customers → 1500). In a
 *   percent it is `ambiguous` ("1.234" → 1.234 or 1234) and the visitor chooses.
 * - One separator followed by any other number of digits is the decimal mark
 *   ("75,5" → 75.5, "1.5" → 1.5), and a count with decimals is `not-whole`.
 * - A leading "0" before a single separator ("0,500") can only be a decimal.
 * - A trailing "%" in percents, and in amounts a currency sign or code at either end
 *   ($, €, £, R$, US$, EUR, MXN…: also the way our own pages write amounts), are ignored.
 * @example readNumberInput('90.000', 'amount') // { status: 'ok', value: 90000 }
 * @example readNumberInput('75,5', 'percent') // { status: 'ok', value: 75.5 }
 * @example readNumberInput('1,5', 'count') // { status: 'invalid', reason: 'not-whole' }
 */
/** A currency sign or ISO code at the start or the end of an amount, as typed or as we format it ("15.000 US$"). */
const CURRENCY_AT_ENDS = /^(?:R\$|US\$|[A-Z]{3}|[$€£])\s*|\s*(?:R\$|US\$|[A-Z]{3}|[$€£])$/g;

export function readNumberInput(raw: string, kind: NumberKind): NumberReading {
  let text = raw.trim();
  if (text === '') return { status: 'empty' };
  text = kind === 'percent' ? text.replace(/\s*%$/, '') : kind === 'amount' ? text.replace(CURRENCY_AT_ENDS, '') : text;
  const negative = /^[-−]/.test(text);
  if (negative) text = text.slice(1).trim();
  // Any space-like character counts as a space: browsers paste U+00A0 and U+202F from formatted numbers.
  text = text.replace(/[\s\u00a0\u2009\u202f]/g, ' ');
  if (!/^\d*([., ']\d+)*$/.test(text) || !/\d/.test(text)) return invalid('not-a-number');
  const reading = readDigits(text.replace(/'/g, ' '), kind);
  if (reading.status === 'invalid') return reading;
  const values = reading.status === 'ok' ? [reading.value] : reading.candidates;
  if (negative && values.some((v) => v !== 0)) return invalid('negative');
  if (values.some((v) => v > MAX_NUMBER_INPUT)) return invalid('too-large');
  if (reading.status === 'ok' && kind === 'count' && !Number.isInteger(reading.value)) return invalid('not-whole');
  return reading;
}

function invalid(reason: NumberInputProblem): { status: 'invalid'; reason: NumberInputProblem } {
  return { status: 'invalid', reason };
}

/** Every part after the first is exactly three digits, and the first one to three (or none before a decimal). */
function grouped(parts: string[]): boolean {
  return parts.every((part, i) => (i === 0 ? part.length <= 3 && part.length > 0 : part.length === 3));
}

function readDigits(text: string, kind: NumberKind): Exclude<NumberReading, { status: 'empty' }> {
  const separators = [...text.matchAll(/[., ]/g)].map((m) => m[0]);
  const parts = text.split(/[., ]/);
  if (separators.length === 0) return { status: 'ok', value: Number(text) };
  const last = separators[separators.length - 1]!;
  const kinds = new Set(separators);
  const whole = (digits: string[]) => Number(digits.join(''));
  const decimal = (intParts: string[], fraction: string) => Number(`${intParts.join('') || '0'}.${fraction}`);

  if (kinds.size === 1) {
    if (last === ' ' || separators.length > 1) return grouped(parts) ? { status: 'ok', value: whole(parts) } : invalid('not-a-number');
    const [before, after] = parts as [string, string];
    const thousands = after.length === 3 && grouped(parts) && !/^0/.test(before);
    if (!thousands) return { status: 'ok', value: decimal([before], after) };
    if (kind === 'percent') return { status: 'ambiguous', candidates: [decimal([before], after), whole(parts)] };
    return { status: 'ok', value: whole(parts) };
  }
  // Mixed separators: the last, if it is a dot or comma used once, is the decimal mark; the rest group thousands.
  const groupMarks = separators.slice(0, -1);
  if (last === ' ' || groupMarks.includes(last) || new Set(groupMarks).size > 1) return invalid('not-a-number');
  const intParts = parts.slice(0, -1);
  return grouped(intParts) ? { status: 'ok', value: decimal(intParts, parts[parts.length - 1]!) } : invalid('not-a-number');
}
