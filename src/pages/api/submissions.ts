import type { APIRoute } from 'astro';
import { createSubmission } from '../../server/leads/index.ts';
import { leadDeps } from '../../server/runtime.ts';

export const prerender = false;

export const POST: APIRoute = async (context) => createSubmission(context.request, await leadDeps(context));
