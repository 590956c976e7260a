import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import config from '../../../astro.config.mjs';
import { contentSecurityPolicies, CSP_DIRECTIVES, EMBED_PAGE_HEADERS, editorPolicy, embedFrameAncestors, pagePathname, SECURITY_HEADERS, STRICT_TRANSPORT_SECURITY, withFrameAncestors } from '../../../src/server/lib/security-headers.ts';
import { embedPath, isEmbedPath } from '../../../src/domain/routes.ts';

interface VercelJson {
  crons?: { path: string; schedule: string }[];
  headers?: { source: string; headers: { key: string; value: string }[] }[];
}
const vercel = JSON.parse(readFileSync(new URL('../../../vercel.json', import.meta.url), 'utf8')) as VercelJson;

describe('vercel.json', () => {
  /** The headers vercel.json sends with `path` (its sources are path-to-regexp patterns that are also plain regular expressions). */
  const sentWith = (path: string) =>
    Object.fromEntries((vercel.headers ?? []).filter((rule) => new RegExp(`^${rule.source}$`).test(path)).flatMap((rule) => rule.headers.map(({ key, value }) => [key, value])));

  it('sends the same security headers as the Node server on every path, plus HSTS', () => {
    expect(vercel.headers?.find((rule) => rule.source === '/(.*)'), 'a headers rule for /(.*)').toBeDefined();
    for (const path of ['/', '/diagnostico/', '/en/results/', '/es/r/abc', '/es/s/abc/', '/consultants/', '/api/submissions', '/es/embedded', '/fr/embed/']) {
      expect(sentWith(path), path).toEqual({ ...SECURITY_HEADERS, 'Strict-Transport-Security': STRICT_TRANSPORT_SECURITY });
    }
    expect(sentWith('/')['Strict-Transport-Security']).toBe('max-age=63072000; includeSubDomains; preload');
  });

  it('leaves X-Frame-Options off the embeddable pages only, as the Node server does', () => {
    for (const path of ['/es/embed/', '/pt/embed', '/en/embed/results/']) {
      expect(isEmbedPath(path), path).toBe(true);
      expect(sentWith(path), path).toEqual({ ...EMBED_PAGE_HEADERS, 'Strict-Transport-Security': STRICT_TRANSPORT_SECURITY });
    }
    expect(EMBED_PAGE_HEADERS).not.toHaveProperty('X-Frame-Options');
  });

  it('keeps the outbox safety net at most daily, which every Vercel plan accepts', () => {
    const cron = vercel.crons?.find((c: { path: string }) => c.path === '/api/cron/outbox');
    expect(cron?.schedule).toMatch(/^\d{1,2} \d{1,2} \* \* \*$/);
  });
});

describe('astro.config.mjs security.csp', () => {
  const csp = config.security?.csp;
  it('builds the policy from CSP_DIRECTIVES, never allowing inline scripts', () => {
    expect(typeof csp).toBe('object');
    if (typeof csp !== 'object') return;
    expect(csp.directives).toEqual([...CSP_DIRECTIVES]);
    expect(JSON.stringify(csp.scriptDirective ?? {})).not.toMatch(/unsafe-(inline|eval)/);
    expect(CSP_DIRECTIVES).toContain("frame-ancestors 'none'");
  });

  it("allows 'unsafe-inline' styles only in style attributes", () => {
    if (typeof csp !== 'object') throw new Error('security.csp is not an object');
    const resources = csp.styleDirective?.resources ?? [];
    for (const resource of resources) {
      if (typeof resource === 'string') expect(resource).not.toBe("'unsafe-inline'");
      else if (resource.resource === "'unsafe-inline'") expect(resource.kind).toBe('attribute');
    }
  });
});

describe('pagePathname', () => {
  it('treats a page with or without its trailing slash, index.html or query as one', () => {
    for (const url of ['/en/diagnostic', '/en/diagnostic/', '/en/diagnostic/index.html', '/en/diagnostic/?step=2', '/en/diagnostic#x']) {
      expect(pagePathname(url), url).toBe('/en/diagnostic');
    }
    expect(pagePathname('/')).toBe('/');
    expect(pagePathname('/index.html')).toBe('/');
    expect(pagePathname('/404.html')).toBe('/404');
    expect(pagePathname('//[')).toBe('//[');
  });
});

describe('contentSecurityPolicies', () => {
  const entry = (pathname: string, value: string) => ({ pathname, headers: [{ key: 'Content-Security-Policy', value }] });

  it("finds each page's policy and falls back to the 404 page's", () => {
    const { byPath, fallback } = contentSecurityPolicies([entry('/', 'home'), entry('/404', 'not-found'), entry('/pt/diagnostico', 'diagnostic')]);
    expect(byPath.get(pagePathname('/pt/diagnostico/'))).toBe('diagnostic');
    expect(byPath.get(pagePathname('/pt/'))).toBeUndefined();
    expect(fallback).toBe('not-found');
  });

  it('refuses a build that recorded no policy', () => {
    expect(() => contentSecurityPolicies([{ pathname: '/', headers: [] }])).toThrow(/security\.csp/);
  });
});

describe('the embeddable pages’ frame-ancestors', () => {
  it('names the allowed sites, or none', () => {
    expect(embedFrameAncestors([])).toBe("frame-ancestors 'none'");
    expect(embedFrameAncestors(['https://a.example', 'https://b.example:8443'])).toBe('frame-ancestors https://a.example https://b.example:8443');
  });

  it("replaces the build's frame-ancestors in a policy, keeping every other directive", () => {
    const built = "default-src 'self'; frame-ancestors 'none'; script-src 'self' 'sha256-abc'";
    expect(withFrameAncestors(built, 'frame-ancestors https://a.example')).toBe("default-src 'self'; script-src 'self' 'sha256-abc'; frame-ancestors https://a.example");
    expect(withFrameAncestors("default-src 'self';", "frame-ancestors 'none'")).toBe("default-src 'self'; frame-ancestors 'none'");
  });

  it('applies to the embed paths of each locale only', () => {
    expect(isEmbedPath(embedPath('diagnostic', 'pt'))).toBe(true);
    expect(isEmbedPath(embedPath('results', 'en'))).toBe(true);
    for (const path of ['/', '/embed/', '/es/embedded/', '/xx/embed/', '/es/r/embed', '/consultants/embed']) expect(isEmbedPath(path), path).toBe(false);
  });
});

describe('the content editor\'s policy', () => {
  const site = "default-src 'self'; connect-src 'self'; img-src 'self' data:; object-src 'none'; frame-ancestors 'none'; script-src 'self' 'sha256-abc='; style-src 'self' 'sha256-def='";

  it('lets its React app write styles and load its font, and GitHub mode reach GitHub; scripts keep the site\'s rule', () => {
    const policy = editorPolicy(site).split('; ');
    expect(policy).toContain("style-src 'self' 'unsafe-inline' https://fonts.googleapis.com");
    expect(policy).toContain('font-src https://fonts.gstatic.com');
    expect(policy).toContain("connect-src 'self' https://api.github.com");
    expect(policy).toContain("img-src 'self' data: blob: https://avatars.githubusercontent.com");
    expect(policy).toContain("script-src 'self' 'sha256-abc='");
    expect(policy).toContain("frame-ancestors 'none'");
    expect(policy.filter((d) => d.startsWith('style-src'))).toHaveLength(1);
    expect(policy.join('; ')).not.toContain('sha256-def=');
  });
});
