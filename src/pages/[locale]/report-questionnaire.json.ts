// What the results island builds the Report from, in one language: a static file, cached apart from
// the results page (whose HTML carries only the Report drawn), fetched once the page has painted.
import type { APIRoute, GetStaticPaths } from 'astro';
import { LOCALES, localize, type Locale } from '../../domain/locale.ts';
import { reportQuestionnaire } from '../../domain/report.ts';
import { currentQuestionnaire } from '../../server/content/index.ts';

export const prerender = true;

export const getStaticPaths = (() => LOCALES.map((locale) => ({ params: { locale } }))) satisfies GetStaticPaths;

export const GET: APIRoute = async ({ params }) => {
  const questionnaire = reportQuestionnaire(localize(await currentQuestionnaire(), params.locale as Locale));
  return new Response(JSON.stringify(questionnaire), { headers: { 'content-type': 'application/json; charset=utf-8' } });
};
