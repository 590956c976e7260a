import { readContentSources, contentVersion } from '../../src/server/content/load.ts';
import { assembleQuestionnaire, formatContentIssue, type ContentSources } from '../../src/domain/questionnaire.ts';
import { strykerState } from './runs.ts';
import type { Questionnaire } from '../../src/domain/schemas/questionnaire.ts';

// Reading and parsing the YAML takes about 80 ms; it is done once per worker. (The domain's checks of
// the parsed files run again whenever a mutant is on: see realQuestionnaire.)
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

let assembled: Questionnaire | undefined;

/** Stryker's mutant switched on now, if any (mutation testing, test/mutation/). */
const activeMutant = () => strykerState()?.activeMutant;

/**
 * The project's real questionnaire (a fresh copy each call, safe to mutate). With no mutant switched
 * on it is assembled once and copied: module-level code of a test file runs with none, once per
 * mutant under mutation testing, where assembling in every file made most of each mutant's time.
 * With a mutant on (inside a test), the domain assembles it again, so the mutant is seen.
 */
export function realQuestionnaire(): Questionnaire {
  if (activeMutant() === undefined && assembled) return structuredClone(assembled);
  const sources = realSources();
  const result = assembleQuestionnaire(sources, contentVersion(sources));
  if (!result.ok) throw new Error(`content/ invalid: ${JSON.stringify(result.issues)}`);
  if (activeMutant() === undefined) assembled = structuredClone(result.questionnaire);
  return result.questionnaire;
}

/** The content errors (`file: field: message`) once `mutate` has changed a copy of the real content; empty when it is valid. */
export function contentProblems(mutate: (sources: ContentSources) => void): string[] {
  const sources = realSources();
  mutate(sources);
  const result = assembleQuestionnaire(sources, 'test');
  return result.ok ? [] : result.issues.map(formatContentIssue);
}

/**
 * The real questionnaire with its masterclass sessions replaced by ones relative to now (the
 * content's sessions have fixed dates, which a test must not depend on): each `{ id, daysAhead, capacity? }`
 * starts that many days from now, at the minute, in Bogotá's time zone, 60 minutes, in Spanish.
 */
export function questionnaireWithSessions(sessions: { id: string; daysAhead: number; capacity?: number; language?: 'es' | 'pt' | 'en' }[]): Questionnaire {
  const q = realQuestionnaire();
  q.offer.sessions = sessions.map(({ id, daysAhead, capacity = 100, language = 'es' }) => {
    const start = new Date(Math.floor((Date.now() + daysAhead * 86_400_000) / 60_000) * 60_000);
    // Bogotá is UTC−5 all year: the start is written with that offset, as the content would.
    const local = new Date(start.getTime() - 5 * 3_600_000).toISOString().slice(0, 19);
    return { id, start: `${local}-05:00`, timeZone: 'America/Bogota', durationMinutes: 60, language, joinUrl: `https://meet.example.com/${id}`, capacity };
  });
  return q;
}
