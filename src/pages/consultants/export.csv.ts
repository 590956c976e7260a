import type { APIRoute } from 'astro';
import { currentQuestionnaire } from '../../server/content/index.ts';
import { db } from '../../server/runtime.ts';
import { submissionsCsvStream, SubmissionFiltersSchema } from '../../server/workspace/index.ts';
import { fieldIssues, jsonError } from '../../server/lib/http.ts';

export const prerender = false;

/** The filtered list as CSV (UTF-8 with BOM, for Excel), streamed batch by batch. */
export const GET: APIRoute = async ({ url }) => {
  const parsed = SubmissionFiltersSchema.safeParse(Object.fromEntries(url.searchParams));
  if (!parsed.success) return jsonError(400, 'Invalid filters', fieldIssues(parsed.error.issues));
  const day = new Date().toISOString().slice(0, 10);
  return new Response(await submissionsCsvStream(await db(), parsed.data, await currentQuestionnaire()), {
    headers: {
      'content-type': 'text/csv; charset=utf-8',
      'content-disposition': `attachment; filename="diagnosticos-${day}.csv"`,
      'cache-control': 'private, no-store',
    },
  });
};
