import type { APIRoute } from 'astro';
import { permalinkReportPdf } from '../../../../server/report-pdf/index.ts';
import { findReportByToken } from '../../../../server/leads/index.ts';
import { leadDeps } from '../../../../server/runtime.ts';

export const prerender = false;

export const GET: APIRoute = async (context) => permalinkReportPdf({ locale: context.params.locale, token: context.params.token }, { ...(await leadDeps(context)), findReport: findReportByToken });
