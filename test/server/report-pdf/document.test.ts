import { describe, expect, it } from 'vitest';
import { buildReport, type Report } from '../../../src/domain/report.ts';
import { localize, type Locale } from '../../../src/domain/locale.ts';
import type { Questionnaire } from '../../../src/domain/schemas/questionnaire.ts';
import { A4, reportPdf, winAnsi, type ReportPdfInput } from '../../../src/server/report-pdf/index.ts';
import { realQuestionnaire } from '../../helpers/content.ts';
import { SAMPLE_INPUTS, variedAnswers } from '../../helpers/report-input.ts';
import { collapse, readPdf, type ReadPdf } from '../../helpers/pdf.ts';

const q = realQuestionnaire();
const SITE = 'https://diagnostico.example';
const PERMALINK = `${SITE}/es/r/abcdefghijklmnopqrstuvwxyz012345`;
const segment = { businessModel: 'saas', dealSize: 'acv-under-12k' } as const;

const reportIn = (locale: Locale, options: { metrics?: boolean; questionnaire?: Questionnaire; answers?: Record<string, string | string[]> } = {}) =>
  buildReport(options.questionnaire ?? q, { answers: options.answers ?? variedAnswers(q), segment, metricInputs: options.metrics === false ? null : SAMPLE_INPUTS }, locale);

const pdfOf = async (report: Report, extra: Partial<ReportPdfInput> = {}): Promise<ReadPdf> =>
  readPdf(await reportPdf({ report, questionnaire: q, generatedAt: new Date('2026-09-03T10:00:00Z'), siteUrl: SITE, ...extra }));

/** Whether one page holds the section's heading and every one of its items: the section is not split. */
const onOnePage = (pdf: ReadPdf, heading: string, items: string[]) => pdf.pages.some((page) => page.text.includes(collapse(heading)) && items.every((item) => page.text.includes(collapse(item))));

describe.each(['es', 'pt', 'en'] as const)('the report PDF in %s', (locale) => {
  const report = reportIn(locale);
  const ui = localize(q.ui, locale);
  const texts = localize(q.emails, locale).pdf;
  const pdfPromise = pdfOf(report, { permalink: PERMALINK, name: 'Ana Pérez', company: 'Ação Ñandú' });

  it('is A4, every page', async () => {
    const pdf = await pdfPromise;
    expect(pdf.pages.length).toBeGreaterThan(1);
    for (const page of pdf.pages) {
      expect(page.width).toBeCloseTo(A4.width, 2);
      expect(page.height).toBeCloseTo(A4.height, 2);
    }
  });

  it('leads with the overall score and band, who it is for, the date and the consultancy', async () => {
    const first = (await pdfPromise).pages[0]!.text;
    expect(first).toContain(`${report.overall.score}`);
    expect(first).toContain(collapse(`/100 · ${report.overall.band!.label}`));
    expect(first).toContain('Ana Pérez · Ação Ñandú');
    expect(first).toContain(q.consultancy.name);
    expect(first).toContain(collapse(new Intl.DateTimeFormat({ es: 'es-ES', pt: 'pt-BR', en: 'en-US' }[locale], { dateStyle: 'long', timeZone: 'UTC' }).format(new Date('2026-09-03T10:00:00Z'))));
  });

  it('shows each area with its score, the findings and the recommendations, each section on one page', async () => {
    const pdf = await pdfPromise;
    expect(onOnePage(pdf, ui.results.dimensions, report.dimensions.flatMap((d) => [d.name, `${d.score}/100`]))).toBe(true);
    expect(report.findings.length).toBeGreaterThan(0);
    expect(onOnePage(pdf, ui.results.findings, report.findings.map((f) => f.title))).toBe(true);
    expect(report.recommendations.length).toBeGreaterThan(0);
    expect(onOnePage(pdf, ui.results.recommendations, report.recommendations.map((r) => r.title))).toBe(true);
  });

  it('tabulates each metric with its value, its comparison and its source', async () => {
    const pdf = await pdfPromise;
    const shown = report.metrics.filter((m) => m.value !== null);
    expect(shown.length).toBeGreaterThan(3);
    const cells = shown.flatMap((m) => [m.name, ...(m.benchmark ? [m.benchmark.source.publisher] : [])]);
    expect(onOnePage(pdf, texts.metric, [ui.results.metrics, ...cells])).toBe(true);
    expect(pdf.text).toContain(collapse(shown.find((m) => m.benchmark?.label)!.benchmark!.label!));
  });

  it('ends with the call, the permalink and the site, and numbers every page', async () => {
    const pdf = await pdfPromise;
    const last = pdf.pages.at(-1)!.text;
    expect(last).toContain(ui.call.title);
    expect(last).toContain(`${PERMALINK}#call`);
    expect(last).toContain(PERMALINK);
    pdf.pages.forEach((page, i) => expect(page.text).toContain(`${i + 1} ${locale === 'en' ? 'of' : 'de'} ${pdf.pages.length}`));
  });
});

describe('the report PDF', () => {
  it('keeps Spanish and Portuguese accents intact', async () => {
    const es = await pdfOf(reportIn('es'));
    expect(es.text).toContain('Alineación entre equipos');
    expect(es.text).toContain('Puntuación');
    const notAssessed = buildReport(q, { answers: Object.fromEntries(q.questions.map((question) => [question.id, 'dont-know'])) }, 'pt');
    expect(notAssessed.overall.notAssessed).not.toBeNull();
    const pt = await pdfOf(notAssessed, { name: '¿Quién? ¡Sí! João Conceição' });
    expect(pt.text).toContain('Não avaliado');
    expect(pt.text).toContain(collapse(notAssessed.overall.notAssessed!.recommendation.title));
    expect(pt.text).toContain('Ferramentas e integração');
    expect(pt.text).toContain('¿Quién? ¡Sí! João Conceição');
  });

  it('says there are no metrics, with no table, when the visitor gave no numbers', async () => {
    const pdf = await pdfOf(reportIn('es', { metrics: false }));
    const ui = localize(q.ui, 'es');
    expect(pdf.text).toContain(collapse(ui.results['no-metrics']));
    expect(pdf.text).not.toContain(localize(q.emails, 'es').pdf.verdict);
  });

  it('names no one when neither name nor company is known', async () => {
    const pdf = await pdfOf(reportIn('en'));
    expect(pdf.pages[0]!.text).not.toContain('Prepared for');
  });

  it('links the booking page, prefilled, when the offer has one', async () => {
    const booked = structuredClone(q);
    booked.offer.booking = { url: 'https://cal.example/cauce/30min', prefill: { name: 'name', notes: 'notes' } };
    const pdf = readPdf(await reportPdf({ report: reportIn('es'), questionnaire: booked, generatedAt: new Date(), siteUrl: SITE, permalink: PERMALINK, name: 'Ana' }));
    const text = (await pdf).text;
    expect(text).toContain(localize(q.ui, 'es').call.book);
    // A long address wraps: compared without the line breaks' spaces.
    expect(text.replace(/ /g, '')).toContain(`https://cal.example/cauce/30min?name=Ana&notes=${encodeURIComponent(PERMALINK)}`);
  });

  it('keeps every section on one page, set smaller, when one is longer than a page', async () => {
    const wordy = structuredClone(q);
    for (const rec of wordy.recommendations) for (const locale of ['es', 'pt', 'en'] as const) rec.body[locale] = Array(6).fill(rec.body[locale]).join(' ');
    const report = buildReport(wordy, { answers: variedAnswers(wordy), segment, metricInputs: SAMPLE_INPUTS }, 'es');
    const pdf = await pdfOf(report);
    const ui = localize(q.ui, 'es');
    expect(onOnePage(pdf, ui.results.recommendations, report.recommendations.map((r) => r.title))).toBe(true);
    // The last words of the last recommendation too: nothing of it ran over onto another page.
    const lastBody = report.recommendations.at(-1)!.body;
    expect(onOnePage(pdf, report.recommendations[0]!.title, [lastBody.slice(-60)])).toBe(true);
  });
});

describe('winAnsi', () => {
  it('keeps Latin-1 accents and replaces what Helvetica cannot show', () => {
    expect(winAnsi('Alineación · Não · ç ñ ¿¡ ü €')).toBe('Alineación · Não · ç ñ ¿¡ ü €');
    expect(winAnsi('min ≤ score → 3\u202f%')).toBe('min <= score -> 3\u00a0%');
    expect(winAnsi('Ső 😀 李')).toBe('So ? ?');
    expect(winAnsi('A\u0301rea')).toBe('Área');
  });
});
