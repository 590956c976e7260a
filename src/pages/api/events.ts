import type { APIRoute } from 'astro';
import { recordFunnelEvent } from '../../server/funnel.ts';
import { db } from '../../server/runtime.ts';

export const prerender = false;

export const POST: APIRoute = ({ request }) => recordFunnelEvent(request, { db });
