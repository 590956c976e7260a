import type { APIRoute } from 'astro';
import { recordFunnelEvent } from '../../server/funnel/index.ts';
import { funnelDeps } from '../../server/runtime.ts';

export const prerender = false;

export const POST: APIRoute = (context) => recordFunnelEvent(context.request, funnelDeps(context));
