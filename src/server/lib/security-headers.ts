/**
 * The security headers of every response, in one place: `astro.config.mjs` builds the
 * Content-Security-Policy from `CSP_DIRECTIVES`, `serve.ts` sends `SECURITY_HEADERS` with
 * every response of the Node server, and `vercel.json` repeats them (plus HSTS) for Vercel,
 * checked by `test/server/security-headers.test.ts`. Plain TypeScript: `node` runs it as is.
 */

/** Sent with every response, static files and error pages included. */
export const SECURITY_HEADERS: Readonly<Record<string, string>> = {
  'X-Content-Type-Options': 'nosniff',
  'Referrer-Policy': 'strict-origin-when-cross-origin',
  // Old browsers ignore CSP's frame-ancestors; this says the same to them.
  'X-Frame-Options': 'DENY',
  'Permissions-Policy': 'camera=(), microphone=(), geolocation=()',
};

/**
 * The embeddable pages' (`isEmbedPath`): the same less `X-Frame-Options`, whose `DENY` cannot list
 * origins; browsers that know `frame-ancestors` follow it instead, and the policy sent with those
 * pages names the allowed sites (`embedFrameAncestors`).
 */
export const EMBED_PAGE_HEADERS: Readonly<Record<string, string>> = Object.fromEntries(Object.entries(SECURITY_HEADERS).filter(([name]) => name !== 'X-Frame-Options'));

/** HTTPS only (browsers ignore it over HTTP), so sent by Vercel, not by the local Node server. */
export const STRICT_TRANSPORT_SECURITY = 'max-age=63072000; includeSubDomains; preload';

/**
 * The Content-Security-Policy besides `script-src` and `style-src`, which Astro writes per page
 * with the hashes of the inline scripts and styles it emits (`security.csp` in `astro.config.mjs`).
 * `frame-ancestors` only works in a header, which is why the adapters send the policy as one
 * (`staticHeaders`) instead of a `<meta>` element.
 */
export const CSP_DIRECTIVES: readonly `${'default-src' | 'connect-src' | 'img-src' | 'object-src' | 'base-uri' | 'form-action' | 'frame-ancestors'} ${string}`[] = [
  "default-src 'self'",
  "connect-src 'self'",
  "img-src 'self' data:",
  "object-src 'none'",
  "base-uri 'self'",
  "form-action 'self'",
  "frame-ancestors 'none'",
];

/**
 * Inline `style="…"` attributes (a few in the components) are allowed; `<style>` elements
 * still need Astro's hashes, and scripts never run inline without one.
 */
export const CSP_STYLE_ATTRIBUTES = "'unsafe-inline'";

/** One entry of the adapter's `dist/_headers.json` (written with `staticHeaders`). */
export interface StaticPageHeaders {
  pathname: string;
  headers: { key: string; value: string }[];
}

/** `/en/diagnostic/`, `/en/diagnostic/index.html?x=1` and `/en/diagnostic` are one page. */
export function pagePathname(requestUrl: string): string {
  const path = requestUrl.split(/[?#]/, 1)[0] ?? '';
  return path.replace(/(\/index)?\.html$/, '').replace(/\/+$/, '') || '/';
}

/**
 * The `frame-ancestors` directive of the embeddable pages (`isEmbedPath`): the origins of
 * EMBED_ORIGINS (validated by `src/server/env.ts`), or `'none'` when there are none. Every other
 * page keeps `'none'` from `CSP_DIRECTIVES`, and its `X-Frame-Options: DENY`.
 */
export function embedFrameAncestors(origins: readonly string[]): string {
  return `frame-ancestors ${origins.length > 0 ? origins.join(' ') : "'none'"}`;
}

/** `policy` with each of `directives` in place of the directive of its name (added when it had none). */
function withDirectives(policy: string, directives: readonly string[]): string {
  const name = (directive: string) => directive.split(/\s/)[0]!.toLowerCase();
  const replaced = new Set(directives.map(name));
  const parts = policy.split(';').map((part) => part.trim()).filter((part) => part && !replaced.has(name(part)));
  return [...parts, ...directives].join('; ');
}

/**
 * `policy` with its `frame-ancestors` directive replaced by `directive` (added when it had none):
 * Astro writes the policy of an on-demand page from the build's configuration, and the allow-list
 * is only known at run time.
 */
export function withFrameAncestors(policy: string, directive: string): string {
  return withDirectives(policy, [directive]);
}

/**
 * The content editor's page (`/keystatic`, Keystatic's React app): `policy` with what the editor
 * needs and the site's pages do not: styles it writes at run time and its font (Google Fonts), and,
 * in GitHub mode, GitHub's API and avatars. Its scripts keep the site's rule (its own files, Astro's
 * hashed inline scripts).
 */
export function editorPolicy(policy: string): string {
  return withDirectives(policy, [
    "style-src 'self' 'unsafe-inline' https://fonts.googleapis.com",
    'font-src https://fonts.gstatic.com',
    "connect-src 'self' https://api.github.com",
    "img-src 'self' data: blob: https://avatars.githubusercontent.com",
  ]);
}

/**
 * The Content-Security-Policy Astro wrote for each prerendered page, by `pagePathname`, and the
 * 404 page's for responses that bring none of their own (the 404 of an unknown path, API
 * responses, assets).
 */
export function contentSecurityPolicies(entries: readonly StaticPageHeaders[]): { byPath: Map<string, string>; fallback: string } {
  const byPath = new Map<string, string>();
  for (const { pathname, headers } of entries) {
    const csp = headers.find((h) => h.key.toLowerCase() === 'content-security-policy');
    if (csp) byPath.set(pagePathname(pathname), csp.value);
  }
  const fallback = byPath.get('/404') ?? byPath.values().next().value;
  if (!fallback) throw new Error('The build recorded no Content-Security-Policy: is security.csp set in astro.config.mjs?');
  return { byPath, fallback };
}
