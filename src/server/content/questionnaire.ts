import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import type { Questionnaire } from '../../domain/schemas/questionnaire.ts';
import { loadQuestionnaireOrThrow } from './load.ts';

/**
 * The questionnaire assembled from `content/` by the content collection.
 * `astro:content` is imported when called, so scripts run by plain Node
 * (`npm run check:content`) can import this feature without Astro.
 * Under `astro dev` it is read from the files themselves whenever one changed: the dev server
 * reloads the collection on an edit, but a page kept reading the first one it was given.
 */
export async function currentQuestionnaire(): Promise<Questionnaire> {
  if (import.meta.env?.DEV) return fromFiles();
  // A build's content does not change while it runs: read once per process (an import and a lookup per request added up).
  built ??= import('astro:content').then(async ({ getEntry }) => {
    const entry = await getEntry('questionnaire', 'current');
    if (!entry) throw new Error('The questionnaire collection is empty: was content/ loaded?');
    return entry.data;
  });
  return built.catch((error: unknown) => {
    built = undefined;
    throw error;
  });
}

let built: Promise<Questionnaire> | undefined;

let cached: { stamp: string; questionnaire: Questionnaire } | undefined;

/** The files' modification times: a new stamp when any content file changes, is added or removed. */
function contentStamp(dir: string): string {
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile() && /\.ya?ml$/.test(entry.name))
    .map((entry) => {
      const path = join(entry.parentPath, entry.name);
      return `${path}:${statSync(path).mtimeMs}`;
    })
    .sort()
    .join('|');
}

function fromFiles(): Questionnaire {
  const stamp = contentStamp(join(process.cwd(), 'content'));
  if (cached?.stamp !== stamp) cached = { stamp, questionnaire: loadQuestionnaireOrThrow() };
  return cached.questionnaire;
}
