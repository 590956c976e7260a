/** The site's languages; the first is the default, served at `/`. */
export const LOCALES = ['es', 'pt', 'en'] as const;
export const DEFAULT_LOCALE = 'es';
export type Locale = (typeof LOCALES)[number];

/** A text in every language (the shape of `LocalizedTextSchema`, schemas/text.ts). */
type LocalizedText = { [L in Locale]: string };

/** `T` with every localized text replaced by the string of one locale. */
export type Localized<T> = T extends LocalizedText
  ? string
  : T extends readonly (infer U)[]
    ? Localized<U>[]
    : T extends object
      ? { [K in keyof T]: Localized<T[K]> }
      : T;

function isLocalizedText(value: unknown): value is LocalizedText {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return false;
  const keys = Object.keys(value);
  return keys.length === LOCALES.length && LOCALES.every((l) => typeof (value as Record<string, unknown>)[l] === 'string');
}

/**
 * Picks one language out of a content tree: every `{es, pt, en}` becomes the
 * string for `locale`; everything else is copied as is.
 * @example localize({ title: { es: 'Hola', pt: 'Olá', en: 'Hi' } }, 'pt') // { title: 'Olá' }
 */
export function localize<T>(value: T, locale: Locale): Localized<T> {
  if (isLocalizedText(value)) return value[locale] as Localized<T>;
  if (Array.isArray(value)) return value.map((item) => localize(item, locale)) as Localized<T>;
  if (typeof value === 'object' && value !== null) {
    const out: Record<string, unknown> = {};
    for (const [key, item] of Object.entries(value)) out[key] = localize(item, locale);
    return out as Localized<T>;
  }
  return value as Localized<T>;
}

export function isLocale(value: unknown): value is Locale {
  return typeof value === 'string' && (LOCALES as readonly string[]).includes(value);
}
