import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { cleanTestStorage, useTestStorageEngine } from '@nanostores/persistent';
import { answer, initDiagnostic, setSegment, startOver } from '../../src/stores/diagnostic.ts';
import { $pdfDownload, downloadPdf } from '../../src/stores/pdf.ts';

useTestStorageEngine();

/** The links the helper clicked: their address and file name. */
let clicked: { href: string; download: string }[];

beforeEach(() => {
  vi.stubGlobal('navigator', { sendBeacon: () => true });
  startOver();
  $pdfDownload.set('idle');
  initDiagnostic({ steps: [{ dimension: 'data', questionIds: ['q1', 'q2'] }] }, 'pt');
  answer('q1', 'yes');
  answer('q2', 'dont-know');
  setSegment('businessModel', 'saas');
  clicked = [];
  // Just what the helper touches of the DOM: an <a> it clicks, appended then removed.
  vi.stubGlobal('document', {
    createElement: () => ({ href: '', download: '', click() { clicked.push({ href: this.href, download: this.download }); }, remove() {} }),
    body: { append() {} },
  });
  vi.spyOn(URL, 'createObjectURL').mockReturnValue('blob:pdf-1');
});

afterEach(() => {
  vi.restoreAllMocks();
  vi.unstubAllGlobals();
  cleanTestStorage();
});

describe('downloadPdf', () => {
  it('posts the answers, segment and language from the stores and saves the file under the server\'s name', async () => {
    const calls: { url: string; body: Record<string, unknown> }[] = [];
    vi.stubGlobal('fetch', async (url: string, init: RequestInit) => {
      calls.push({ url, body: JSON.parse(init.body as string) as Record<string, unknown> });
      return new Response(new Uint8Array([37, 80, 68, 70]), { status: 200, headers: { 'content-type': 'application/pdf', 'content-disposition': 'attachment; filename="diagnostico-revops-2026-09-03.pdf"' } });
    });
    expect(await downloadPdf({ name: 'Ana' })).toBe(true);
    expect(calls).toEqual([{ url: '/api/report.pdf', body: { locale: 'pt', answers: { q1: 'yes', q2: 'dont-know' }, segment: { businessModel: 'saas' }, metricInputs: null, contact: { name: 'Ana' } } }]);
    expect(clicked).toEqual([{ href: 'blob:pdf-1', download: 'diagnostico-revops-2026-09-03.pdf' }]);
    expect($pdfDownload.get()).toBe('idle');
  });

  it('says it failed, and saves nothing, when the server refuses', async () => {
    vi.stubGlobal('fetch', async () => new Response('{"error":"Too many PDFs"}', { status: 429 }));
    expect(await downloadPdf()).toBe(false);
    expect(clicked).toEqual([]);
    expect($pdfDownload.get()).toBe('error');
  });
});
