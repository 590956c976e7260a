import type { ReportQuestionnaire } from '../../domain/report.ts';

// The results page writes its questionnaire once, as a JSON data block (a third of the size of the same
// object as island props); the browser reads that block. The server, drawing the same island, has no
// document to read: the page hands it the object under the block's id, which names the language and
// the content version, so every request for that id is handed the same object.
const written = new Map<string, ReportQuestionnaire>();

/** On the server: the questionnaire the page writes in the data block `id`, for the island drawn with it. */
export function provideQuestionnaire(id: string, questionnaire: ReportQuestionnaire): void {
  written.set(id, questionnaire);
}

/** The questionnaire of the data block `id`: the page's JSON in the browser, the page's object on the server. */
export function pageQuestionnaire(id: string): ReportQuestionnaire {
  if (typeof document === 'undefined') return written.get(id)!;
  return JSON.parse(document.getElementById(id)!.textContent!) as ReportQuestionnaire;
}
