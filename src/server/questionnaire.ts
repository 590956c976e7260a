import { getEntry } from 'astro:content';
import type { Questionnaire } from '../domain/schemas/questionnaire.ts';

/** The questionnaire assembled from `content/` by the content collection. */
export async function currentQuestionnaire(): Promise<Questionnaire> {
  const entry = await getEntry('questionnaire', 'current');
  if (!entry) throw new Error('The questionnaire collection is empty: was content/ loaded?');
  return entry.data;
}
