/**
 * The site's cross-site form check (Astro's own `checkOrigin` is off, so this one can make the one
 * exception below): an on-demand route refuses a POST, PUT, PATCH or DELETE whose `Origin` is not the
 * site's when it is a form (or has no content type), so another site cannot make a visitor's browser
 * submit one. JSON endpoints are left to CORS, which no browser bypasses for JSON.
 */

const FORM_CONTENT_TYPES = ['application/x-www-form-urlencoded', 'multipart/form-data', 'text/plain'];
const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/**
 * Where any sender may post: the RFC 8058 one-click unsubscribe, which mail providers POST from
 * their own servers, with no `Origin`. It needs no protection: its signed token says who, and
 * unsubscribing is what the link is for.
 */
export const CROSS_SITE_POST_PATHS: ReadonlySet<string> = new Set(['/api/unsubscribe']);

/** Whether `request` is a cross-site form submission to refuse (403). */
export function isCrossSiteForm(request: Request, url: URL): boolean {
  if (SAFE_METHODS.has(request.method) || CROSS_SITE_POST_PATHS.has(url.pathname.replace(/\/$/, ''))) return false;
  if (request.headers.get('origin') === url.origin) return false;
  const type = request.headers.get('content-type');
  return type === null || FORM_CONTENT_TYPES.some((form) => type.toLowerCase().includes(form));
}

/**
 * Whether `request` comes from another site's page: its `Origin` is set and not the site's. For
 * endpoints only the site's own pages call and that cost work to answer (the report's PDF), refused
 * whatever the content type; a request without `Origin` (not a page's) is left to the rate limit.
 */
export function isForeignOrigin(request: Request, url: URL): boolean {
  const origin = request.headers.get('origin');
  return origin !== null && origin !== url.origin;
}
