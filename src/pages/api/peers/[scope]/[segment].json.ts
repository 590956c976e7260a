import type { APIRoute } from 'astro';
import { currentQuestionnaire } from '../../../../server/content/index.ts';
import { env } from '../../../../server/env.ts';
import { peerDistributionResponse } from '../../../../server/peers/index.ts';
import { clientIp, db } from '../../../../server/runtime.ts';

export const prerender = false;

/** The distribution of peers' scores, e.g. `/api/peers/1a2b3c4d/saas.json` (see `peerDistributionResponse`). */
export const GET: APIRoute = async (context) =>
  peerDistributionResponse(context.params, { db, questionnaire: await currentQuestionnaire(), env: env(), ip: clientIp(context) });
