// The report's PDF in `npm run bench`: how long making one takes, how big it is, and what the PDF
// library adds to the deployed function.
import { statSync } from 'node:fs';
import { join } from 'node:path';
// @astrojs/vercel's own file tracer: what it copies into the function for the library is what is measured.
import { nodeFileTrace } from '@vercel/nft';
import { buildReport } from '../../src/domain/report.ts';
import { reportPdf } from '../../src/server/report-pdf/index.ts';
import { realQuestionnaire } from '../helpers/content.ts';
import { SAMPLE_INPUTS, variedAnswers } from '../helpers/report-input.ts';
import { ROOT } from './server.ts';

/** Warm PDFs timed after the first. */
export const REPORT_PDF_RUNS = 20;

export interface ReportPdfResult {
  /** The first PDF of the process: loads the library and its font metrics. */
  firstMs: number;
  medianMs: number;
  p95Ms: number;
  /** A Spanish report with every metric, the visitor's name and a permalink. */
  pdfBytes: number;
  pages: number;
  /** The files the function ships for pdfkit (its dependencies and font metrics included), as traced for Vercel. */
  libraryBytes: number;
  libraryFiles: number;
}

/** Bytes and count of the files `@vercel/nft` traces from pdfkit's Node entry. */
async function tracedLibrary(): Promise<{ bytes: number; files: number }> {
  const { fileList } = await nodeFileTrace([join(ROOT, 'node_modules/pdfkit/js/pdfkit.node.mjs')], { base: ROOT });
  let bytes = 0;
  for (const file of fileList) bytes += statSync(join(ROOT, file)).size;
  return { bytes, files: fileList.size };
}

/** Makes the same report's PDF `REPORT_PDF_RUNS + 1` times in this process and traces the library. */
export async function measureReportPdf(): Promise<ReportPdfResult> {
  const q = realQuestionnaire();
  const report = buildReport(q, { answers: variedAnswers(q), segment: { businessModel: 'saas', dealSize: 'acv-under-12k' }, metricInputs: SAMPLE_INPUTS }, 'es');
  const make = async () => {
    const started = performance.now();
    const bytes = await reportPdf({
      report,
      questionnaire: q,
      generatedAt: new Date(),
      siteUrl: 'https://diagnostico.example',
      permalink: 'https://diagnostico.example/es/r/abcdefghijklmnopqrstuvwxyz012345',
      name: 'Ana Pérez',
      company: 'Acme',
    });
    return { ms: performance.now() - started, bytes };
  };
  const first = await make();
  const times: number[] = [];
  for (let i = 0; i < REPORT_PDF_RUNS; i++) times.push((await make()).ms);
  times.sort((a, b) => a - b);
  const library = await tracedLibrary();
  return {
    firstMs: first.ms,
    medianMs: times[Math.floor(times.length / 2)]!,
    p95Ms: times[Math.min(times.length - 1, Math.ceil(times.length * 0.95) - 1)]!,
    pdfBytes: first.bytes.byteLength,
    pages: (new TextDecoder('latin1').decode(first.bytes).match(/\/Type \/Page\b/g) ?? []).length,
    libraryBytes: library.bytes,
    libraryFiles: library.files,
  };
}

if (import.meta.main) {
  process.chdir(ROOT);
  console.log(JSON.stringify(await measureReportPdf(), null, 2));
}
