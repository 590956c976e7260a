import type { Locale } from './locale.ts';
import { LOCALE_TAGS } from './format.ts';
import type { Consultancy, PolicyPlaceholder } from './schemas/consultancy.ts';

/** A piece of a privacy text as shown: plain words, or the privacy address (rendered as a `mailto:` link). */
export type PolicyPart = { kind: 'text'; text: string } | { kind: 'email'; email: string };

/** The fields of `content/consultancy.yaml` that fill a privacy text's placeholders. */
export type PolicyValues = Pick<Consultancy, 'name' | 'privacyEmail' | 'legal'>;

/**
 * A privacy text with its `{placeholders}` filled from the consultancy's fields, cut where the
 * privacy address appears so the page can make it a link. The schema refuses unknown placeholders;
 * one slipping through anyway is kept as written rather than dropped.
 * @example policyParts('Write to {privacyEmail}.', c) // [{kind:'text',text:'Write to '},{kind:'email',email:'privacy@…'},{kind:'text',text:'.'}]
 */
export function policyParts(text: string, consultancy: PolicyValues): PolicyPart[] {
  const words: Record<Exclude<PolicyPlaceholder, 'privacyEmail'>, string> = {
    name: consultancy.name,
    legalName: consultancy.legal.name,
    legalAddress: consultancy.legal.address,
  };
  const parts: PolicyPart[] = [];
  const push = (piece: string) => {
    if (piece === '') return;
    const last = parts.at(-1);
    if (last?.kind === 'text') last.text += piece;
    else parts.push({ kind: 'text', text: piece });
  };
  let from = 0;
  for (const match of text.matchAll(/\{(\w+)\}/g)) {
    push(text.slice(from, match.index));
    const key = match[1]!;
    if (key === 'privacyEmail') parts.push({ kind: 'email', email: consultancy.privacyEmail });
    else push(key in words ? words[key as keyof typeof words] : match[0]);
    from = match.index + match[0].length;
  }
  push(text.slice(from));
  return parts;
}

/**
 * The policy's last update (`YYYY-MM-DD`) written out in the page's language, read as a calendar
 * day so no time zone moves it: "2 de marzo de 2026" (es), "March 2, 2026" (en).
 */
export function policyDate(isoDate: string, locale: Locale): string {
  return new Intl.DateTimeFormat(LOCALE_TAGS[locale], { dateStyle: 'long', timeZone: 'UTC' }).format(new Date(`${isoDate}T00:00:00Z`));
}
