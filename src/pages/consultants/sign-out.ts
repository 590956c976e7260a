import type { APIRoute } from 'astro';
import { consultantAuth } from '../../server/runtime.ts';

export const prerender = false;

/** Ends the session (Better Auth clears the cookie) and returns to sign-in. */
export const POST: APIRoute = async ({ request }) => {
  const { auth } = await consultantAuth(request);
  const response = await auth.api.signOut({ headers: request.headers, asResponse: true });
  const headers = new Headers({ location: '/consultants/sign-in' });
  for (const cookie of response.headers.getSetCookie()) headers.append('set-cookie', cookie);
  return new Response(null, { status: 303, headers });
};
