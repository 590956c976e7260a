import { pagePath, type Page } from '../../src/domain/routes.ts';
import { realQuestionnaire } from '../helpers/content.ts';
import { validPayload } from '../helpers/submission.ts';
import type { LighthouseTarget } from './lighthouse.ts';
import { DIAGNOSTIC_COOKIE, encodeDiagnosticState } from '../../src/domain/diagnostic-form.ts';

/** The three pages a prospect sees, in Spanish, as the bench and the held checks name them. */
export const MEASURED_PAGES: { name: string; page: Page; path: string }[] = [
  { name: 'landing', page: 'home', path: pagePath('home', 'es') },
  { name: 'diagnostic', page: 'diagnostic', path: pagePath('diagnostic', 'es') },
  { name: 'results', page: 'results', path: pagePath('results', 'es') },
];

/**
 * What a finished diagnostic leaves in localStorage (the keys of
 * `src/stores/diagnostic.ts`): every question answered, so the results page
 * shows a full Report instead of "complete the diagnostic first".
 */
export function finishedDiagnosticStorage(): Record<string, string> {
  const q = realQuestionnaire();
  return {
    'revops:answers': JSON.stringify(validPayload(q).answers),
    'revops:step': String(q.dimensions.length),
  };
}

/**
 * The cookie a finished diagnostic leaves (`DiagnosticState`, written by the island on the way to the
 * results, or by the pages without JavaScript), as a `Cookie` header's `name=value`: the results page
 * is drawn from it by the server.
 */
export function finishedDiagnosticCookie(): string {
  const q = realQuestionnaire();
  return `${DIAGNOSTIC_COOKIE}=${encodeDiagnosticState({ answers: validPayload(q).answers, segment: {}, include: false })!}`;
}

/** Lighthouse targets for the measured pages on a running server; the results page with a finished diagnostic. */
export function lighthouseTargets(baseUrl: string): LighthouseTarget[] {
  return MEASURED_PAGES.map(({ name, page, path }) => ({
    name,
    url: new URL(path, baseUrl).href,
    ...(page === 'results' ? { localStorage: finishedDiagnosticStorage(), cookie: finishedDiagnosticCookie() } : {}),
  }));
}
