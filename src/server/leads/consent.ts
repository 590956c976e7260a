import { createHash } from 'node:crypto';
import type { Consents } from '../../domain/schemas/consent.ts';
import type { Questionnaire } from '../../domain/schemas/questionnaire.ts';
import type { Locale } from '../../domain/locale.ts';
import { fill } from '../../domain/format.ts';

/**
 * The version of a consent text: its language and a hash of its wording, e.g. `es-3f9a0c12d4`.
 * Stored with each choice, so what the visitor agreed to can be told even after the text changes.
 */
export function consentVersion(locale: Locale, text: string): string {
  return `${locale}-${createHash('sha256').update(text.normalize('NFC')).digest('hex').slice(0, 10)}`;
}

/** The wording of each choice of the lead form, in `locale`, as the visitor read it. */
export function consentTexts(q: Questionnaire, locale: Locale): Record<keyof Consents, string> {
  return {
    report: q.ui.lead.consent[locale],
    contact: q.ui.lead['consent-contact'][locale],
    masterclass: fill(q.ui.lead['masterclass-opt-in'][locale], { title: q.offer.title[locale] }),
  };
}

/** The choices given on the lead form, each with its time and text version; the report's is always there (it is required). */
export function leadConsents(q: Questionnaire, locale: Locale, choices: { contact: boolean; masterclass: boolean }, now: Date): Consents {
  const texts = consentTexts(q, locale);
  const record = (text: string) => ({ at: now.toISOString(), version: consentVersion(locale, text) });
  return {
    report: record(texts.report),
    ...(choices.contact ? { contact: record(texts.contact) } : {}),
    ...(choices.masterclass ? { masterclass: record(texts.masterclass) } : {}),
  };
}
