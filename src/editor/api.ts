import type { APIContext, APIRoute } from 'astro';
import { makeHandler } from '@keystatic/astro/api';
import config from 'virtual:keystatic-config';
import { readJsonBody } from '../server/lib/body.ts';
import { HttpError } from '../server/lib/http.ts';
import { applyContentEdit } from '../server/content/index.ts';

/**
 * The editor's API (`/api/keystatic/…`): Keystatic's own, except a local save, which goes through
 * `applyContentEdit`: checked with the rest of the content first (a broken edit is refused with
 * `file: field: message` lines, shown by the editor, and nothing is written), then written into each
 * file's own YAML so its comments survive.
 */
export const prerender = false;

const keystatic = makeHandler({ config });
/** A save holds whole files; the largest (ui.yaml) is about 100 KB, 135 KB in base64. */
const MAX_SAVE_BYTES = 2 * 1024 * 1024;

const decodeBase64Url = (text: string) => Uint8Array.from(atob(text.replace(/-/g, '+').replace(/_/g, '/')), (c) => c.charCodeAt(0));

export const ALL: APIRoute = async (context) => {
  if (config.storage.kind !== 'local' || context.request.method !== 'POST' || context.params.params !== 'update') return keystatic(context);
  if (context.request.headers.get('no-cors') !== '1') return new Response('Bad Request', { status: 400 });
  let body: unknown;
  try {
    body = await readJsonBody(context.request, MAX_SAVE_BYTES);
  } catch (error) {
    if (error instanceof HttpError) return new Response(error.message, { status: error.status });
    throw error;
  }
  const edit = readEdit(body);
  if (!edit) return new Response('Bad data: expected {additions: [{path, contents (base64)}], deletions: [{path}]}', { status: 400 });
  const result = applyContentEdit(process.cwd(), edit);
  if (!result.ok) return new Response(`Not saved: the content would be invalid.\n${result.errors.join('\n')}`, { status: 422 });
  return keystatic({ ...context, request: new Request(new URL('/api/keystatic/tree', context.url), { headers: { 'no-cors': '1' } }) } as APIContext);
};

function readEdit(body: unknown) {
  const b = body as { additions?: unknown; deletions?: unknown } | null;
  if (!b || !Array.isArray(b.additions) || !Array.isArray(b.deletions)) return undefined;
  const additions = b.additions.filter((a): a is { path: string; contents: string } => typeof a?.path === 'string' && typeof a?.contents === 'string');
  const deletions = b.deletions.filter((d): d is { path: string } => typeof d?.path === 'string');
  if (additions.length !== b.additions.length || deletions.length !== b.deletions.length) return undefined;
  try {
    return { additions: additions.map((a) => ({ path: a.path, contents: decodeBase64Url(a.contents) })), deletions };
  } catch {
    return undefined; // not base64
  }
}
