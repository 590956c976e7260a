import { defineMiddleware } from 'astro:middleware';
import { consultantAuth } from './server/runtime.ts';
import { checkWorkspaceAccess, isWorkspacePath, notConfigured } from './server/auth/index.ts';
import { isCrossSiteForm } from './server/lib/origin.ts';
import { editorPolicy, embedFrameAncestors, withFrameAncestors } from './server/lib/security-headers.ts';
import { isEmbedPath } from './domain/routes.ts';
import { env } from './server/env.ts';

/**
 * Every on-demand route: a cross-site form refused with 403 (`isCrossSiteForm`), then `503 server
 * not configured` while the environment is invalid (a production deploy missing its secrets),
 * never a 500. Then the consultants' workspace is guarded (see `checkWorkspaceAccess`); its pages
 * are never indexed or cached. The embeddable pages (`/{locale}/embed/…`) may be framed by the sites
 * of EMBED_ORIGINS only: their policy's `frame-ancestors` is set here, at run time. The content
 * editor's page (`/keystatic`) gets the policy its React app needs (`editorPolicy`).
 */
export const onRequest = defineMiddleware(async (context, next) => {
  if (!context.isPrerendered) {
    if (isCrossSiteForm(context.request, context.url)) return new Response(`Cross-site ${context.request.method} form submissions are forbidden`, { status: 403 });
    const refused = notConfigured();
    if (refused) return refused;
  }
  if (isEmbedPath(context.url.pathname)) return withPolicy(await next(), (policy) => withFrameAncestors(policy, embedFrameAncestors(env().EMBED_ORIGINS)));
  if (/^\/keystatic(\/|$)/.test(context.url.pathname)) return withPolicy(await next(), editorPolicy);
  if (!isWorkspacePath(context.url.pathname)) return next();
  const access = await checkWorkspaceAccess(context.request, context.url, () => consultantAuth(context.request));
  if (access instanceof Response) return access;
  if (access.consultant) context.locals.consultant = access.consultant;
  const response = await next();
  response.headers.set('x-robots-tag', 'noindex');
  response.headers.set('cache-control', 'private, no-store');
  return response;
});

/** The response with its Content-Security-Policy, if it has one, rewritten by `change`. */
function withPolicy(response: Response, change: (policy: string) => string): Response {
  const policy = response.headers.get('content-security-policy');
  if (policy) response.headers.set('content-security-policy', change(policy));
  return response;
}
