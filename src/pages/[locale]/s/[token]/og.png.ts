import type { APIRoute } from 'astro';
import { isLocale, localize } from '../../../../domain/locale.ts';
import { shareView } from '../../../../domain/share-view.ts';
import { currentQuestionnaire } from '../../../../server/content/index.ts';
import { findSharedReport, ogPng } from '../../../../server/share/index.ts';
import { db } from '../../../../server/runtime.ts';

export const prerender = false;

/**
 * The preview image of a share link (see `ogPng`). Its address is per share token, so browsers and
 * the platforms' crawlers may keep it a day; the CDN keeps it 10 minutes at most, so a stopped link's
 * image stops answering within that time. Nothing in the response names the person.
 */
export const GET: APIRoute = async ({ params }) => {
  const found = isLocale(params.locale) && params.token ? await findSharedReport(params.token, db) : { status: 'missing' as const };
  if (found.status !== 'found') {
    const status = found.status === 'missing' ? 404 : found.status === 'unavailable' ? 503 : 500;
    return new Response(null, { status, headers: { 'cache-control': 'no-store', ...(status === 503 ? { 'retry-after': '30' } : {}) } });
  }
  const view = shareView(found.report);
  const q = localize(await currentQuestionnaire(), view.locale);
  const png = ogPng(view, { siteName: q.ui.site.name, overall: q.ui.share.overall, outOf: q.ui.share['out-of'] });
  return new Response(png as Uint8Array<ArrayBuffer>, {
    headers: {
      'content-type': 'image/png',
      'content-length': String(png.byteLength),
      'cache-control': 'public, max-age=86400, s-maxage=600',
      'x-robots-tag': 'noindex',
    },
  });
};
