import { describe, expect, it } from 'vitest';
import { LOCALES, type Locale } from '../../../src/domain/locale.ts';
import { WORKSPACE_FILTER_FIELDS } from '../../../src/domain/schemas/workspace-texts.ts';
import { formatWorkspaceDateTime, localeFromAcceptLanguage, workspaceLocale, workspaceLocaleHref } from '../../../src/server/workspace/index.ts';
import { SubmissionFiltersSchema } from '../../../src/server/workspace/workspace.ts';
import type { LocaleCookies } from '../../../src/server/workspace/locale.ts';

/** A cookie jar like `Astro.cookies`, recording what the page sets. */
function jar(initial: Record<string, string> = {}) {
  const set: { name: string; value: string; options: Parameters<LocaleCookies['set']>[2] }[] = [];
  const cookies: LocaleCookies = {
    get: (name) => (name in initial ? { value: initial[name]! } : undefined),
    set: (name, value, options) => void set.push({ name, value, options }),
  };
  return { cookies, set };
}

function request(address: string, { cookie = {}, acceptLanguage }: { cookie?: Record<string, string>; acceptLanguage?: string } = {}) {
  const { cookies, set } = jar(cookie);
  const headers = new Headers(acceptLanguage === undefined ? {} : { 'accept-language': acceptLanguage });
  const url = new URL(address);
  return { locale: workspaceLocale({ url, request: new Request(url, { headers }), cookies }), set };
}

describe("the workspace's language", () => {
  it('is the one just picked, remembered in a Lax cookie for the workspace, Secure on https only', () => {
    const picked = request('https://example.com/consultants/?lang=pt', { cookie: { 'workspace-locale': 'en' }, acceptLanguage: 'es' });
    expect(picked.locale).toBe('pt');
    expect(picked.set).toEqual([{ name: 'workspace-locale', value: 'pt', options: { path: '/consultants', sameSite: 'lax', secure: true, httpOnly: false, maxAge: 365 * 86_400 } }]);
    const local = request('http://localhost:4321/consultants/funnel?lang=en');
    expect(local.locale).toBe('en');
    expect(local.set[0]!.options.secure).toBe(false);
  });

  it('is the remembered one on later pages, without setting the cookie again', () => {
    const later = request('https://example.com/consultants/funnel', { cookie: { 'workspace-locale': 'en' }, acceptLanguage: 'pt-BR' });
    expect(later).toEqual({ locale: 'en', set: [] });
  });

  it('ignores a language the site does not have, in the link or the cookie', () => {
    expect(request('https://example.com/consultants/?lang=fr', { cookie: { 'workspace-locale': 'de' }, acceptLanguage: 'en-GB' })).toEqual({ locale: 'en', set: [] });
  });

  it("follows the browser's preference, else Spanish", () => {
    expect(request('https://example.com/consultants/', { acceptLanguage: 'pt-BR,pt;q=0.9' }).locale).toBe('pt');
    expect(request('https://example.com/consultants/', { acceptLanguage: 'fr-FR, de;q=0.5' }).locale).toBe('es');
    expect(request('https://example.com/consultants/').locale).toBe('es');
  });
});

describe('localeFromAcceptLanguage', () => {
  it('takes the highest weight, then the first listed, of the languages the site has', () => {
    expect(localeFromAcceptLanguage('de-DE, pt-BR;q=0.8, en;q=0.9')).toBe('en');
    expect(localeFromAcceptLanguage('en;q=0.5, pt;q=0.5')).toBe('en');
    expect(localeFromAcceptLanguage('pt;q=0.5, en;q=0.5')).toBe('pt');
    expect(localeFromAcceptLanguage('EN-us')).toBe('en');
    expect(localeFromAcceptLanguage('es;Q=0.2,pt;q=0.3')).toBe('pt');
  });

  it('skips what is refused (q=0) or unreadable, and answers null when nothing fits', () => {
    expect(localeFromAcceptLanguage('en;q=0, pt;q=0.1')).toBe('pt');
    expect(localeFromAcceptLanguage('en;q=abc, es;q=0.1')).toBe('es');
    expect(localeFromAcceptLanguage('*')).toBeNull();
    expect(localeFromAcceptLanguage('fr, de')).toBeNull();
    expect(localeFromAcceptLanguage('')).toBeNull();
    expect(localeFromAcceptLanguage(null)).toBeNull();
  });
});

describe('workspaceLocaleHref', () => {
  it("keeps the page's filters, replaces the language and drops a one-time confirmation", () => {
    expect(workspaceLocaleHref(new URL('https://example.com/consultants/?status=won&lang=es&page=2'), 'en')).toBe('/consultants/?status=won&lang=en&page=2');
    expect(workspaceLocaleHref(new URL('https://example.com/consultants/submissions/abc?done=note'), 'pt')).toBe('/consultants/submissions/abc?lang=pt');
  });
});

describe('formatWorkspaceDateTime', () => {
  it('writes a moment in UTC in the language picked', () => {
    const moment = new Date('2026-03-05T15:04:00Z');
    const written = Object.fromEntries(LOCALES.map((l) => [l, formatWorkspaceDateTime(moment, l)])) as Record<Locale, string>;
    expect(written.en).toMatch(/Mar 5, 2026.*3:04\sPM/);
    expect(written.es).toMatch(/5 mar 2026.*15:04/);
    expect(written.pt).toMatch(/5 de mar\.? de 2026.*15:04/);
  });
});

describe('the list filters', () => {
  it('each have their own message in content/workspace.yaml', () => {
    const shape = (SubmissionFiltersSchema as unknown as { out: { shape: Record<string, unknown> } }).out.shape;
    expect(Object.keys(shape).sort()).toEqual([...WORKSPACE_FILTER_FIELDS].sort());
  });
});
