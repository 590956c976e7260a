import type { APIRoute } from 'astro';
import { currentQuestionnaire } from '../../server/content/index.ts';
import { db } from '../../server/runtime.ts';
import { masterclassCsv, masterclassSignupList } from '../../server/workspace/index.ts';

export const prerender = false;

/** Every masterclass sign-up as CSV (UTF-8 with BOM, for Excel). */
export const GET: APIRoute = async () => {
  const rows = await masterclassSignupList(await db());
  const day = new Date().toISOString().slice(0, 10);
  return new Response(masterclassCsv(rows, (await currentQuestionnaire()).offer.sessions), {
    headers: {
      'content-type': 'text/csv; charset=utf-8',
      'content-disposition': `attachment; filename="masterclass-${day}.csv"`,
      'cache-control': 'private, no-store',
    },
  });
};
