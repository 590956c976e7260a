import type { APIRoute } from 'astro';
import { consultantAuth } from '../../../server/runtime.ts';
import { boundedRequest, MAX_REQUEST_BODY_BYTES } from '../../../server/lib/body.ts';

export const prerender = false;

/** Better Auth's own routes (the magic-link verification among them). */
export const ALL: APIRoute = async ({ request }) => {
  const bounded = await boundedRequest(request, MAX_REQUEST_BODY_BYTES);
  return bounded instanceof Request ? (await consultantAuth()).auth.handler(bounded) : bounded;
};
