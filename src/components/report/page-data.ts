import type { ReportQuestionnaire } from '../../domain/report.ts';

/** Where `client:withdata` keeps the JSON it fetched for an island, by its address (a global of the page). */
export const PAGE_DATA = '__revopsPageData';

// On the server, the page hands the island the same object it publishes at that address, so the
// island draws the same markup there; every request for an address is handed the same object.
const provided = new Map<string, ReportQuestionnaire>();

/** On the server: the questionnaire published at `url`, for the island drawn with it. */
export function provideQuestionnaire(url: string, questionnaire: ReportQuestionnaire): void {
  provided.set(url, questionnaire);
}

/** The questionnaire published at `url`: fetched by `client:withdata` in the browser, handed by the page on the server. */
export function pageQuestionnaire(url: string): ReportQuestionnaire {
  if (typeof document === 'undefined') return provided.get(url)!;
  return (globalThis as unknown as Record<string, Record<string, ReportQuestionnaire>>)[PAGE_DATA]![url]!;
}
