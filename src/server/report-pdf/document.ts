import PDFDocument from 'pdfkit';
import type { Report } from '../../domain/report.ts';
import type { Questionnaire } from '../../domain/schemas/questionnaire.ts';
import { reportView, type MetricVerdict } from '../../domain/report-view.ts';
import { bookingLink } from '../../domain/booking.ts';
import { localize, type Locale } from '../../domain/locale.ts';
import { fill, LOCALE_TAGS } from '../../domain/format.ts';
import { winAnsi } from './win-ansi.ts';

/** What a report's PDF shows besides the Report itself. */
export interface ReportPdfInput {
  /** The Report, built or stored; its `locale` is the PDF's language. */
  report: Report;
  /** The current content: the PDF's labels, the consultancy and its booking page. */
  questionnaire: Questionnaire;
  /** When the PDF is made: the date on its first page and in its metadata. */
  generatedAt: Date;
  /** The site's address (SITE_URL), linked as the consultancy's. */
  siteUrl: string;
  /** The report's permalink, when it is stored: linked, and the call request's page without a booking page. */
  permalink?: string | null | undefined;
  /** Who it is for, when known (the report email's); never taken from a URL. */
  name?: string | null | undefined;
  company?: string | null | undefined;
}

/** A4 in PostScript points (1/72 in). */
export const A4 = { width: 595.28, height: 841.89 } as const;

const MARGIN = 50;
const TOP = MARGIN;
/** Where a section's content must end; the footer sits below it. */
const BOTTOM = A4.height - 62;
const FOOTER_Y = A4.height - 40;
const WIDTH = A4.width - 2 * MARGIN;
const SECTION_GAP = 20;
/** A section too tall for a page is set smaller, down to this, rather than spread over two pages. */
const MIN_SCALE = 0.55;
/** A section that nearly fits where it would start is set down to this scale to stay there. */
const SNUG_SCALE = 0.9;

/** The email's palette: text and links at 4.5:1 or more on white (WCAG AA). */
const COLOR = { ink: '#1b2430', muted: '#4a5565', brand: '#0b4f6c', line: '#d3dae2', track: '#e1e7ec', panel: '#eef4f7' } as const;
const TONE_COLOR: Record<MetricVerdict['tone'], string> = { worse: '#a3261b', neutral: '#8a5a00', better: '#1d6b3a' };

type Doc = PDFKit.PDFDocument;
type FontName = 'Helvetica' | 'Helvetica-Bold';

/** A piece of a section: how tall it is at a scale, and how it draws itself from `y` down. */
interface Piece {
  height(scale: number): number;
  draw(y: number, scale: number): void;
}

interface TextStyle {
  font?: FontName;
  size?: number;
  color?: string;
  /** Space after it, in points at scale 1. */
  after?: number;
  indent?: number;
  link?: string | undefined;
}

/**
 * The Report as an A4 PDF, laid out from the same view model as the results page and the email
 * (`reportView`): the visitor's name and company when known, the date and the consultancy; the
 * overall score and band; a bar chart of the areas drawn in vectors; findings; recommendations;
 * the metrics with value, comparison and source; how to reach the consultancy (its booking page
 * or the permalink's call request); page numbers. A section is never split: one that does not fit
 * where it would start begins a new page, and one taller than a page is set smaller.
 * Written in Helvetica (built into every reader, nothing embedded: see `winAnsi`).
 */
export async function reportPdf(input: ReportPdfInput): Promise<Uint8Array> {
  const { report, questionnaire, generatedAt } = input;
  const locale: Locale = report.locale;
  const ui = localize(questionnaire.ui, locale);
  const t = localize(questionnaire.emails, locale).pdf;
  const consultancy = localize(questionnaire.consultancy, locale);
  const offer = localize(questionnaire.offer, locale);
  const r = ui.results;
  const view = reportView(report, r);
  const date = new Intl.DateTimeFormat(LOCALE_TAGS[locale], { dateStyle: 'long', timeZone: 'UTC' }).format(generatedAt);
  const who = [input.name, input.company].map((part) => part?.trim()).filter(Boolean).join(' · ');

  const doc = new PDFDocument({
    size: 'A4',
    margins: { top: TOP, bottom: A4.height - BOTTOM - 4, left: MARGIN, right: MARGIN },
    bufferPages: true,
    lang: LOCALE_TAGS[locale],
    displayTitle: true,
    info: {
      Title: winAnsi(`${ui.site.name}${who ? ` · ${who}` : ''}`),
      Author: winAnsi(consultancy.name),
      Subject: winAnsi(view.overall.line),
      CreationDate: generatedAt,
    },
  });
  const chunks: Uint8Array[] = [];
  doc.on('data', (chunk: Uint8Array) => chunks.push(chunk));
  const ended = new Promise<void>((resolve, reject) => {
    doc.on('end', resolve);
    doc.on('error', reject);
  });

  const text = (value: string, style: TextStyle = {}): Piece => {
    const { font = 'Helvetica', size = 10, color = COLOR.ink, after = 4, indent = 0, link } = style;
    const content = winAnsi(value);
    const options = (scale: number) => ({ width: WIDTH - indent, lineGap: 2 * scale });
    const set = (scale: number) => doc.font(font).fontSize(size * scale);
    return {
      height: (scale) => set(scale).heightOfString(content, options(scale)) + after * scale,
      draw: (y, scale) => {
        set(scale).fillColor(link ? COLOR.brand : color).text(content, MARGIN + indent, y, { ...options(scale), ...(link ? { link, underline: true } : {}) });
      },
    };
  };
  const heading = (value: string) => text(value, { font: 'Helvetica-Bold', size: 15, color: COLOR.brand, after: 8 });

  let y = TOP;
  /** Places a section whole: on this page when it fits, else on a new one, set smaller when a page is not enough. */
  const section = (pieces: Piece[]) => {
    const height = (scale: number) => pieces.reduce((sum, piece) => sum + piece.height(scale), 0);
    let scale = 1;
    while (scale > MIN_SCALE && height(scale) > BOTTOM - TOP) scale = Math.max(MIN_SCALE, scale - 0.05);
    if (y > TOP && y + height(scale) > BOTTOM) {
      // A little smaller rather than a mostly empty page (the chart beside the score on the first one).
      let smaller = scale;
      while (smaller > SNUG_SCALE && y + height(smaller) > BOTTOM) smaller = Math.max(SNUG_SCALE, smaller - 0.02);
      if (y + height(smaller) <= BOTTOM) scale = smaller;
      else {
        doc.addPage();
        y = TOP;
      }
    }
    for (const piece of pieces) {
      // Only content no scale can fit (never the site's own) goes on past a page, piece by piece.
      if (y > TOP && y + piece.height(scale) > BOTTOM) {
        doc.addPage();
        y = TOP;
      }
      piece.draw(y, scale);
      y += piece.height(scale);
    }
    y += SECTION_GAP;
  };

  // The cover: who it is for, when, by whom, and the overall result.
  const overall = view.overall;
  const scoreLine: Piece = {
    height: (scale) => 52 * scale,
    draw: (top, scale) => {
      doc.font('Helvetica-Bold').fontSize(40 * scale).fillColor(COLOR.brand).text(overall.scoreText, MARGIN, top, { lineBreak: false });
      const x = MARGIN + doc.widthOfString(overall.scoreText) + 6;
      doc.font('Helvetica').fontSize(14 * scale).fillColor(COLOR.muted).text(winAnsi(`/100${overall.band ? ` · ${overall.band.label}` : ''}`), x, top + 18 * scale, { lineBreak: false });
    },
  };
  section([
    text(consultancy.name, { font: 'Helvetica-Bold', size: 11, color: COLOR.brand, after: 6 }),
    text(ui.site.name, { font: 'Helvetica-Bold', size: 24, after: 6 }),
    ...(who ? [text(fill(t['prepared-for'], { who }), { size: 12, after: 2 })] : []),
    text(`${fill(t.generated, { date })} · ${fill(t.by, { consultancy: consultancy.name })}`, { size: 10, color: COLOR.muted, after: 18 }),
    text(r.overall, { font: 'Helvetica-Bold', size: 13, after: 4 }),
    ...(overall.notAssessed
      ? [
          text(overall.notAssessed.label, { font: 'Helvetica-Bold', size: 18, color: COLOR.brand, after: 6 }),
          text(overall.notAssessed.summary, { size: 11, after: 4 }),
          text(overall.notAssessed.recommendation.title, { font: 'Helvetica-Bold', size: 11, after: 2 }),
          text(overall.notAssessed.recommendation.body, { size: 11, after: 6 }),
        ]
      : [scoreLine, ...(overall.band ? [text(overall.band.summary, { size: 11, after: 6 })] : [])]),
    ...(view.dontKnowNote ? [text(view.dontKnowNote, { size: 9, color: COLOR.muted })] : []),
  ]);

  // The areas: one bar each, on a 0–100 scale, with the score and band in words beside it.
  const LABEL_WIDTH = 150;
  const TRACK_X = MARGIN + LABEL_WIDTH + 10;
  const TRACK_WIDTH = 200;
  const LINE_X = TRACK_X + TRACK_WIDTH + 10;
  const bar = (d: (typeof view.dimensions)[number]): Piece => {
    const name = winAnsi(d.name);
    const line = winAnsi(d.line);
    const summary = d.summary ? winAnsi(d.summary) : null;
    const rowHeight = (scale: number) => {
      doc.font('Helvetica-Bold').fontSize(10 * scale);
      const nameHeight = doc.heightOfString(name, { width: LABEL_WIDTH });
      doc.font('Helvetica').fontSize(9 * scale);
      return Math.max(nameHeight, doc.heightOfString(line, { width: MARGIN + WIDTH - LINE_X }), 14 * scale);
    };
    const summaryHeight = (scale: number) => (summary ? doc.font('Helvetica').fontSize(8 * scale).heightOfString(summary, { width: WIDTH - LABEL_WIDTH - 10 }) : 0);
    return {
      height: (scale) => rowHeight(scale) + summaryHeight(scale) + 9 * scale,
      draw: (top, scale) => {
        doc.font('Helvetica-Bold').fontSize(10 * scale).fillColor(COLOR.ink).text(name, MARGIN, top, { width: LABEL_WIDTH });
        const barHeight = 11 * scale;
        doc.rect(TRACK_X, top, TRACK_WIDTH, barHeight).fill(COLOR.track);
        if (d.score !== null) {
          if (d.score > 0) doc.rect(TRACK_X, top, (TRACK_WIDTH * Math.min(100, d.score)) / 100, barHeight).fill(COLOR.brand);
        } else {
          // Not assessed: an outlined, empty track (and the words beside it), never a zero-length bar.
          doc.rect(TRACK_X, top, TRACK_WIDTH, barHeight).dash(3, { space: 2 }).lineWidth(0.8).stroke(COLOR.muted).undash();
        }
        doc.font('Helvetica').fontSize(9 * scale).fillColor(COLOR.ink).text(line, LINE_X, top + 1, { width: MARGIN + WIDTH - LINE_X });
        // Measured first: measuring sets the font, which must be the summary's when it is drawn.
        const summaryTop = top + rowHeight(scale) + 2 * scale;
        if (summary) doc.font('Helvetica').fontSize(8 * scale).fillColor(COLOR.muted).text(summary, TRACK_X, summaryTop, { width: WIDTH - LABEL_WIDTH - 10 });
      },
    };
  };
  const axis: Piece = {
    height: (scale) => 14 * scale,
    draw: (top, scale) => {
      doc.font('Helvetica').fontSize(7.5 * scale).fillColor(COLOR.muted);
      for (const tick of [0, 25, 50, 75, 100]) {
        const x = TRACK_X + (TRACK_WIDTH * tick) / 100;
        doc.text(String(tick), x - 10, top, { width: 20, align: 'center', lineBreak: false });
        doc.moveTo(x, top + 9 * scale).lineTo(x, top + 12 * scale).lineWidth(0.5).stroke(COLOR.line);
      }
    },
  };
  section([heading(r.dimensions), text(r['chart-caption'], { size: 9, color: COLOR.muted, after: 8 }), axis, ...view.dimensions.map(bar)]);

  section([
    heading(r.findings),
    ...(view.findings.length === 0
      ? [text(r['no-findings'])]
      : view.findings.flatMap((f) => [text(f.title, { font: 'Helvetica-Bold', size: 11, after: 3 }), text(f.body, { after: 10 })])),
  ]);

  section([
    heading(r.recommendations),
    ...view.recommendations.flatMap((rec, i) => [
      text(`${i + 1}. ${rec.title}`, { font: 'Helvetica-Bold', size: 11, after: 2 }),
      text(rec.dimensionName, { size: 8.5, color: COLOR.muted, after: 3, indent: 14 }),
      text(rec.body, { after: 10, indent: 14 }),
    ]),
  ]);

  section([heading(r.metrics), ...(view.metrics.length === 0 ? [text(r['no-metrics'])] : metricsTable(doc, view.metrics, { metric: t.metric, value: r['your-value'], verdict: t.verdict, source: r.source, benchmark: r.benchmark, indicative: r.indicative }))]);

  // How to go on: the booking page when there is one, else the permalink's call request; the report online; the site.
  const callUrl = offer.booking
    ? bookingLink(offer.booking.url, offer.booking.prefill, { name: input.name ?? undefined, permalink: input.permalink ?? undefined })
    : input.permalink
      ? `${input.permalink}#call`
      : null;
  section([
    heading(ui.call.title),
    text(ui.call.intro, { after: 8 }),
    ...(callUrl ? [text(offer.booking ? ui.call.book : ui.call.request, { font: 'Helvetica-Bold', size: 11, link: callUrl, after: 2 }), text(callUrl, { size: 8.5, color: COLOR.muted, after: 10 })] : []),
    ...(input.permalink ? [text(t.permalink, { font: 'Helvetica-Bold', size: 11, link: input.permalink, after: 2 }), text(input.permalink, { size: 8.5, color: COLOR.muted, after: 10 })] : []),
    text(fill(t.site, { consultancy: consultancy.name }), { font: 'Helvetica-Bold', size: 11, link: input.siteUrl, after: 2 }),
    text(input.siteUrl, { size: 8.5, color: COLOR.muted, after: 10 }),
    text(consultancy.presentation, { size: 9, color: COLOR.muted }),
  ]);

  // Footers last, once the page count is known.
  const pages = doc.bufferedPageRange();
  const footer = winAnsi(`${consultancy.name} · ${ui.site.name} · ${date}`);
  for (let i = 0; i < pages.count; i++) {
    const page = doc.switchToPage(pages.start + i);
    // Below the bottom margin: lifted for the footer, or pdfkit would start a new page.
    const bottom = page.margins.bottom;
    page.margins.bottom = 0;
    doc.moveTo(MARGIN, FOOTER_Y - 8).lineTo(MARGIN + WIDTH, FOOTER_Y - 8).lineWidth(0.5).stroke(COLOR.line);
    doc.font('Helvetica').fontSize(8).fillColor(COLOR.muted);
    doc.text(footer, MARGIN, FOOTER_Y, { width: WIDTH * 0.75, lineBreak: false });
    doc.text(winAnsi(fill(t.page, { page: i + 1, pages: pages.count })), MARGIN + WIDTH * 0.75, FOOTER_Y, { width: WIDTH * 0.25, align: 'right', lineBreak: false });
    page.margins.bottom = bottom;
  }
  doc.end();
  await ended;
  const bytes = new Uint8Array(chunks.reduce((sum, chunk) => sum + chunk.byteLength, 0));
  let offset = 0;
  for (const chunk of chunks) {
    bytes.set(chunk, offset);
    offset += chunk.byteLength;
  }
  return bytes;
}

/** The metrics as a table: metric (and its note), the visitor's value, the comparison in words, its source. */
function metricsTable(
  doc: Doc,
  metrics: ReturnType<typeof reportView>['metrics'],
  labels: { metric: string; value: string; verdict: string; source: string; benchmark: string; indicative: string },
): Piece[] {
  const columns = [130, 80, 175, WIDTH - 130 - 80 - 175];
  const PAD = 4;
  type Cell = { lines: { text: string; font?: FontName; color?: string; size?: number }[] };
  const verdictLines = (v: MetricVerdict) => [
    ...(v.label ? [{ text: winAnsi(v.label), color: TONE_COLOR[v.tone], font: 'Helvetica-Bold' as const }] : []),
    { text: winAnsi(`${labels.benchmark}: ${v.figure}${v.indicative ? ` (${labels.indicative})` : ''}`), color: COLOR.muted, size: 8 },
  ];
  const rowCells = (m: (typeof metrics)[number]): Cell[] => [
    { lines: [{ text: winAnsi(m.name), font: 'Helvetica-Bold' }, ...(m.note ? [{ text: winAnsi(m.note), color: COLOR.muted, size: 8 }] : [])] },
    { lines: [{ text: winAnsi(m.value) }] },
    {
      lines: [
        ...(m.verdict ? verdictLines(m.verdict) : []),
        ...(m.target ? verdictLines(m.target) : []),
        ...(m.noBenchmark ? [{ text: winAnsi(m.noBenchmark), color: COLOR.muted, size: 8 }] : []),
      ],
    },
    { lines: [m.verdict, m.target].flatMap((v) => (v ? [{ text: winAnsi(v.source), color: COLOR.muted, size: 8 }] : [])) },
  ];
  const header: Cell[] = [labels.metric, labels.value, labels.verdict, labels.source].map((label) => ({ lines: [{ text: winAnsi(label), font: 'Helvetica-Bold' }] }));
  const lineHeight = (line: Cell['lines'][number], width: number, scale: number) =>
    doc.font(line.font ?? 'Helvetica').fontSize((line.size ?? 9) * scale).heightOfString(line.text, { width, lineGap: scale }) + 2 * scale;
  const cellHeight = (cell: Cell, width: number, scale: number) => cell.lines.reduce((sum, line) => sum + lineHeight(line, width, scale), 0);
  const row = (cells: Cell[], shaded: boolean): Piece => {
    const height = (scale: number) => Math.max(...cells.map((cell, i) => cellHeight(cell, columns[i]! - 2 * PAD, scale))) + 2 * PAD * scale;
    return {
      height,
      draw: (top, scale) => {
        const h = height(scale);
        if (shaded) doc.rect(MARGIN, top, WIDTH, h).fill(COLOR.panel);
        let x = MARGIN;
        cells.forEach((cell, i) => {
          let lineTop = top + PAD * scale;
          for (const line of cell.lines) {
            const width = columns[i]! - 2 * PAD;
            doc.font(line.font ?? 'Helvetica').fontSize((line.size ?? 9) * scale).fillColor(line.color ?? COLOR.ink).text(line.text, x + PAD, lineTop, { width, lineGap: scale });
            lineTop += lineHeight(line, width, scale);
          }
          x += columns[i]!;
        });
        doc.moveTo(MARGIN, top + h).lineTo(MARGIN + WIDTH, top + h).lineWidth(0.5).stroke(COLOR.line);
      },
    };
  };
  return [row(header, true), ...metrics.map((m) => row(rowCells(m), false))];
}
