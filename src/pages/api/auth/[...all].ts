import type { APIRoute } from 'astro';
import { handleAuthRoute } from '../../../server/auth/index.ts';
import { clientIp, consultantAuth } from '../../../server/runtime.ts';

export const prerender = false;

/** Better Auth's routes, guarded: see `handleAuthRoute`. */
export const ALL: APIRoute = async (context) => {
  const { auth, deps } = await consultantAuth(context.request);
  return handleAuthRoute(auth, deps, context.request, clientIp(context));
};
