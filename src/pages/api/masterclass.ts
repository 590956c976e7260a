import type { APIRoute } from 'astro';
import { createMasterclassSignup } from '../../server/leads/index.ts';
import { leadDeps } from '../../server/runtime.ts';

export const prerender = false;

export const POST: APIRoute = async (context) => createMasterclassSignup(context.request, await leadDeps(context));
