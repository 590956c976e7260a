import type { Questionnaire } from '../../domain/schemas/questionnaire.ts';

/**
 * The questionnaire assembled from `content/` by the content collection.
 * `astro:content` is imported when called, so scripts run by plain Node
 * (`npm run check:content`) can import this feature without Astro.
 */
export async function currentQuestionnaire(): Promise<Questionnaire> {
  const { getEntry } = await import('astro:content');
  const entry = await getEntry('questionnaire', 'current');
  if (!entry) throw new Error('The questionnaire collection is empty: was content/ loaded?');
  return entry.data;
}
