import { readContentSources, contentVersion } from '../../src/server/content/load.ts';
import { assembleQuestionnaire, formatContentIssue, type ContentSources } from '../../src/domain/questionnaire.ts';
import type { Questionnaire } from '../../src/domain/schemas/questionnaire.ts';

// Reading and parsing the YAML takes about 80 ms; it is done once per test file. (Only the parse is kept:
// the domain's checks still run on every call, as mutation testing needs.)
let parsed: ContentSources | undefined;

/** The project's real content files, parsed (a fresh copy each call, safe to mutate). */
export function realSources(): ContentSources {
  if (!parsed) {
    const { sources, issues } = readContentSources(process.cwd());
    if (issues.length > 0) throw new Error(`content/ unreadable: ${JSON.stringify(issues)}`);
    parsed = sources;
  }
  return structuredClone(parsed);
}

/** The project's real questionnaire. */
export function realQuestionnaire(): Questionnaire {
  const sources = realSources();
  const result = assembleQuestionnaire(sources, contentVersion(sources));
  if (!result.ok) throw new Error(`content/ invalid: ${JSON.stringify(result.issues)}`);
  return result.questionnaire;
}

/** The content errors (`file: field: message`) once `mutate` has changed a copy of the real content; empty when it is valid. */
export function contentProblems(mutate: (sources: ContentSources) => void): string[] {
  const sources = realSources();
  mutate(sources);
  const result = assembleQuestionnaire(sources, 'test');
  return result.ok ? [] : result.issues.map(formatContentIssue);
}
