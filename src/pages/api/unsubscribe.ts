import type { APIRoute } from 'astro';
import { unsubscribe } from '../../server/leads/index.ts';
import { leadDeps } from '../../server/runtime.ts';
import { json } from '../../server/lib/http.ts';
import { respond } from '../../server/lib/form.ts';

export const prerender = false;

/**
 * RFC 8058 one-click unsubscribe: mail clients POST `List-Unsubscribe=One-Click` to the address in
 * the `List-Unsubscribe` header. The token in the query says who; the body is not needed, so it is not read.
 */
export const POST: APIRoute = async (context) =>
  respond(await unsubscribe(new URL(context.request.url).searchParams.get('t') ?? '', await leadDeps(context)), () => json({ ok: true }, 200));
