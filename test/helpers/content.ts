import { readContentSources, contentVersion } from '../../src/server/content/load.ts';
import { assembleQuestionnaire, type ContentSources } from '../../src/domain/questionnaire.ts';
import type { Questionnaire } from '../../src/domain/schemas/questionnaire.ts';

/** The project's real content files, parsed (a fresh copy each call, safe to mutate). */
export function realSources(): ContentSources {
  const { sources, issues } = readContentSources(process.cwd());
  if (issues.length > 0) throw new Error(`content/ unreadable: ${JSON.stringify(issues)}`);
  return structuredClone(sources);
}

/** The project's real questionnaire. */
export function realQuestionnaire(): Questionnaire {
  const sources = realSources();
  const result = assembleQuestionnaire(sources, contentVersion(sources));
  if (!result.ok) throw new Error(`content/ invalid: ${JSON.stringify(result.issues)}`);
  return result.questionnaire;
}
