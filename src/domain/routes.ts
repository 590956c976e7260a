import { DEFAULT_LOCALE, LOCALES, type Locale } from './locale.ts';

export const PAGES = ['home', 'diagnostic', 'results'] as const;
export type Page = (typeof PAGES)[number];

const SLUGS: Record<Page, Record<Locale, string>> = {
  home: { es: '', pt: '', en: '' },
  diagnostic: { es: 'diagnostico/', pt: 'diagnostico/', en: 'diagnostic/' },
  results: { es: 'resultados/', pt: 'resultados/', en: 'results/' },
};

/** The path of a page in a locale: Spanish at the root, the others under `/pt/` and `/en/`. */
export function pagePath(page: Page, locale: Locale): string {
  const prefix = locale === DEFAULT_LOCALE ? '/' : `/${locale}/`;
  return `${prefix}${SLUGS[page][locale]}`;
}

/** Every page in every locale, for static paths and language links. */
export function allPages(): { page: Page; locale: Locale; path: string }[] {
  return PAGES.flatMap((page) => LOCALES.map((locale) => ({ page, locale, path: pagePath(page, locale) })));
}

/** The path of a report's permalink: `/<locale>/r/<token>`. */
export function resultPath(locale: string, token: string): string {
  return `/${locale}/r/${token}`;
}

/** The path of the privacy policy in a locale: `/<locale>/privacy/`, Spanish included. */
export function privacyPath(locale: Locale): string {
  return `/${locale}/privacy/`;
}

/** The embeddable pages, framed by the consultancy's own site (`public/embed.js`): the diagnostic and its results. */
export type EmbedPage = 'diagnostic' | 'results';

/** An embeddable page's path: `/<locale>/embed/` (the diagnostic) or `/<locale>/embed/results/`. */
export function embedPath(page: EmbedPage, locale: Locale): string {
  return page === 'diagnostic' ? `/${locale}/embed/` : `/${locale}/embed/results/`;
}

/** Whether a path is one of the embeddable pages, the only ones another site may frame. */
export function isEmbedPath(pathname: string): boolean {
  const [, locale, section] = pathname.split('/', 3);
  return section === 'embed' && (LOCALES as readonly string[]).includes(locale ?? '');
}
