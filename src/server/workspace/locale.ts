import { DEFAULT_LOCALE, isLocale, type Locale } from '../../domain/locale.ts';
import { LOCALE_TAGS } from '../../domain/format.ts';

/** The cookie that remembers the language a consultant picked for the workspace. */
export const WORKSPACE_LOCALE_COOKIE = 'workspace-locale';
/** The search param of the language switch's links: `?lang=pt`. */
export const WORKSPACE_LOCALE_PARAM = 'lang';
const REMEMBER_SECONDS = 365 * 86_400;

/**
 * The first of the site's languages an `Accept-Language` header asks for, by weight
 * (`q`), then by order; `null` when it asks for none of them (or for `*` only).
 * @example localeFromAcceptLanguage('de-DE, pt-BR;q=0.8, en;q=0.9') // 'en'
 */
export function localeFromAcceptLanguage(header: string | null | undefined): Locale | null {
  if (!header) return null;
  const ranked = header
    .split(',')
    .map((part, index) => {
      const [range = '', ...params] = part.split(';').map((piece) => piece.trim());
      const q = params.find((param) => /^q=/i.test(param));
      const weight = q === undefined ? 1 : Number(q.slice(2));
      return { language: range.toLowerCase().split('-')[0], weight: Number.isFinite(weight) ? weight : 0, index };
    })
    .filter((entry) => entry.weight > 0)
    .sort((a, b) => b.weight - a.weight || a.index - b.index);
  return ranked.map((entry) => entry.language).find(isLocale) ?? null;
}

/** What of Astro's cookies the workspace's language needs (`Astro.cookies` fits). */
export interface LocaleCookies {
  get(name: string): { value: string } | undefined;
  set(name: string, value: string, options: { path: string; sameSite: 'lax'; secure: boolean; httpOnly: boolean; maxAge: number }): void;
}

/**
 * The language a workspace page is shown in: the one just picked with the language
 * switch (`?lang=`), which is then remembered in a cookie for a year; else the one
 * remembered; else the browser's preference (`Accept-Language`); else Spanish.
 * @example const locale = workspaceLocale(Astro)
 */
export function workspaceLocale({ url, request, cookies }: { url: URL; request: Request; cookies: LocaleCookies }): Locale {
  const picked = url.searchParams.get(WORKSPACE_LOCALE_PARAM);
  if (isLocale(picked)) {
    // Read by the server only, but nothing secret: HttpOnly is not needed.
    cookies.set(WORKSPACE_LOCALE_COOKIE, picked, { path: '/consultants', sameSite: 'lax', secure: url.protocol === 'https:', httpOnly: false, maxAge: REMEMBER_SECONDS });
    return picked;
  }
  const remembered = cookies.get(WORKSPACE_LOCALE_COOKIE)?.value;
  if (isLocale(remembered)) return remembered;
  return localeFromAcceptLanguage(request.headers.get('accept-language')) ?? DEFAULT_LOCALE;
}

/**
 * The address of the same page in another language, for the language switch: the
 * page's own search params are kept, except a one-time confirmation (`done`).
 */
export function workspaceLocaleHref(url: URL, locale: Locale): string {
  const params = new URLSearchParams(url.searchParams);
  params.delete('done');
  params.set(WORKSPACE_LOCALE_PARAM, locale);
  return `${url.pathname}?${params}`;
}

const dateTimeFormats = new Map<Locale, Intl.DateTimeFormat>();

/** A moment as the workspace shows it, in UTC: "23 nov 2026, 15:04" (es), "Nov 23, 2026, 3:04 PM" (en). */
export function formatWorkspaceDateTime(date: Date, locale: Locale): string {
  let format = dateTimeFormats.get(locale);
  if (!format) {
    format = new Intl.DateTimeFormat(LOCALE_TAGS[locale], { dateStyle: 'medium', timeStyle: 'short', timeZone: 'UTC' });
    dateTimeFormats.set(locale, format);
  }
  return format.format(date);
}
