import { z } from 'astro/zod';
import { LOCALES } from '../locale.ts';

/** zod's `error` option for a field that must be present: "required" when missing, zod's own message otherwise. */
export const required = { error: (issue: { input?: unknown }) => (issue.input === undefined ? 'required' : undefined) };

export const LocaleSchema = z.enum(LOCALES);

/**
 * A text written in every language of the site. Write each one as a native
 * speaker would say it, not as a word-for-word translation.
 *
 * Its `id` makes it one definition in the JSON Schemas (`content/schemas/`), referenced by every
 * text, instead of hundreds of copies. It has no description of its own there on purpose: editors
 * would show it instead of the description of the field that holds the text.
 */
export const LocalizedTextSchema = z
  .strictObject({
    es: z.string(required).trim().min(1, 'required').meta({ description: 'Spanish (the default language).' }),
    pt: z.string(required).trim().min(1, 'required').meta({ description: 'Portuguese (Brazil).' }),
    en: z.string(required).trim().min(1, 'required').meta({ description: 'English.' }),
  })
  .meta({ id: 'LocalizedText' });
export type LocalizedText = z.infer<typeof LocalizedTextSchema>;


/** A group of localized texts with exactly these keys, e.g. `textGroup(['title', 'body'])`. */
export function textGroup<const K extends string>(keys: readonly K[]) {
  return z.strictObject(Object.fromEntries(keys.map((key) => [key, LocalizedTextSchema])) as Record<K, typeof LocalizedTextSchema>);
}

/** Control characters other than tab and line breaks; Postgres cannot store U+0000 at all. */
const CONTROL_CHARACTERS = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F]/;

/**
 * Whether a text a visitor sent is plain text: no control characters (other than tab and line
 * breaks) and no lone surrogate (not Unicode at all: Postgres refuses it in a jsonb value).
 */
export const isPlainText = (value: string): boolean => !CONTROL_CHARACTERS.test(value) && value.isWellFormed();
