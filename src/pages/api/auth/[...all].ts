import type { APIRoute } from 'astro';
import { consultantAuth } from '../../../server/runtime.ts';

export const prerender = false;

/** Better Auth's own routes (the magic-link verification among them). */
export const ALL: APIRoute = async ({ request }) => (await consultantAuth()).auth.handler(request);
