import type { APIRoute } from 'astro';
import { postedReportPdf } from '../../server/report-pdf/index.ts';
import { leadDeps } from '../../server/runtime.ts';

export const prerender = false;

export const POST: APIRoute = async (context) => postedReportPdf(context.request, await leadDeps(context));
