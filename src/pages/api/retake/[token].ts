import type { APIRoute } from 'astro';
import { currentQuestionnaire } from '../../../server/content/index.ts';
import { env } from '../../../server/env.ts';
import { retakeResponse } from '../../../server/leads/index.ts';
import { clientIp, db } from '../../../server/runtime.ts';

export const prerender = false;

/** "Take it again": the answers and scores behind a permalink token, for the diagnostic to start from (`readRetake`). */
export const GET: APIRoute = async (context) =>
  retakeResponse(context.params.token ?? '', { db, questionnaire: await currentQuestionnaire(), env: env(), ip: clientIp(context) });
