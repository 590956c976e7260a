import type { APIRoute } from 'astro';
import { handleResendWebhook } from '../../../server/email-events/index.ts';
import { env } from '../../../server/env.ts';
import { db } from '../../../server/runtime.ts';

export const prerender = false;

/** Resend's signed delivery events (bounces, complaints, deliveries): see `handleResendWebhook`. */
export const POST: APIRoute = ({ request }) => handleResendWebhook(request, { db, secret: env().RESEND_WEBHOOK_SECRET, salt: env().IP_HASH_SALT });
