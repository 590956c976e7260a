/** The report as an A4 PDF, made on the server: downloaded from the results page and the permalink, attached to the report email. */
export { A4, reportPdf, type ReportPdfInput } from './document.ts';
export { permalinkReportPdf, postedReportPdf, REPORT_PDF_PER_HOUR, reportPdfAttachment, reportPdfFileName, type FindReport, type PdfAttachment, type ReportPdfDeps } from './http.ts';
export { winAnsi } from './win-ansi.ts';
