import { atom } from 'nanostores';
import type { ReportPdfRequest } from '../domain/schemas/report-request.ts';
import { $answers, $locale, $segment } from './diagnostic.ts';
import { $metricInputs } from './results.ts';

/** The results page's PDF download: `error` until the next try when the server could not make it (show `results.download-pdf-error`). */
export const $pdfDownload = atom<'idle' | 'preparing' | 'error'>('idle');

/** The file name the server gave in `Content-Disposition`, or `fallback`. */
function fileName(response: Response, fallback: string): string {
  return /filename="([^"]+)"/.exec(response.headers.get('content-disposition') ?? '')?.[1] ?? fallback;
}

/**
 * Downloads the visitor's report as a PDF: posts the answers, segment and numbers in the stores to
 * `POST /api/report.pdf` (the server rebuilds the same Report and stores nothing) and saves the file.
 * `contact`, when the visitor gave it, is printed on the first page.
 * @returns whether the file was saved
 */
export async function downloadPdf(contact?: { name?: string; company?: string }): Promise<boolean> {
  if ($pdfDownload.get() === 'preparing') return false;
  $pdfDownload.set('preparing');
  const body: ReportPdfRequest = {
    locale: $locale.get(),
    answers: $answers.get(),
    segment: $segment.get(),
    metricInputs: $metricInputs.get(),
    ...(contact?.name || contact?.company ? { contact } : {}),
  };
  try {
    const response = await fetch('/api/report.pdf', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
    if (!response.ok) throw new Error(`HTTP ${response.status}`);
    const url = URL.createObjectURL(await response.blob());
    const link = Object.assign(document.createElement('a'), { href: url, download: fileName(response, 'report.pdf') });
    document.body.append(link);
    link.click();
    link.remove();
    // Revoked later: some browsers read the object URL after `click()` returns.
    setTimeout(() => URL.revokeObjectURL(url), 30_000);
    $pdfDownload.set('idle');
    return true;
  } catch {
    $pdfDownload.set('error');
    return false;
  }
}
