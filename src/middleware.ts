import { defineMiddleware } from 'astro:middleware';
import { consultantAuth } from './server/runtime.ts';
import { checkWorkspaceAccess, isWorkspacePath } from './server/guard.ts';

/** Guards the consultants' workspace (see `checkWorkspaceAccess`); its pages are never indexed or cached. */
export const onRequest = defineMiddleware(async (context, next) => {
  if (!isWorkspacePath(context.url.pathname)) return next();
  const access = await checkWorkspaceAccess(context.request, context.url, consultantAuth);
  if (access instanceof Response) return access;
  if (access.consultant) context.locals.consultant = access.consultant;
  const response = await next();
  response.headers.set('x-robots-tag', 'noindex');
  response.headers.set('cache-control', 'private, no-store');
  return response;
});
