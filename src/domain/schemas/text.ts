import { z } from 'astro/zod';
import { LOCALES } from '../locale.ts';

export const LocaleSchema = z.enum(LOCALES);

/**
 * A text written in every language of the site. Write each one as a native
 * speaker would say it, not as a word-for-word translation.
 */
export const LocalizedTextSchema = z.strictObject({
  /** Spanish (the default language). */
  es: z.string({ error: 'required' }).trim().min(1, 'required'),
  /** Portuguese (Brazil). */
  pt: z.string({ error: 'required' }).trim().min(1, 'required'),
  /** English. */
  en: z.string({ error: 'required' }).trim().min(1, 'required'),
});
export type LocalizedText = z.infer<typeof LocalizedTextSchema>;

