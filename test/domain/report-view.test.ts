import { describe, expect, it } from 'vitest';
import { h } from 'preact';
import { render } from 'preact-render-to-string';
import { buildReport, type Report } from '../../src/domain/report.ts';
import { reportView, scoreText, weakestDimension, type ResultTexts } from '../../src/domain/report-view.ts';
import { formatMetricValue } from '../../src/domain/format.ts';
import { localize, LOCALES, type Locale } from '../../src/domain/locale.ts';
import { DONT_KNOW, scoredOptions } from '../../src/domain/question.ts';
import type { MetricInputs } from '../../src/domain/metrics.ts';
import type { Answers } from '../../src/domain/scoring.ts';
import { ReportView } from '../../src/components/ReportView.tsx';
import { reportEmail } from '../../src/server/email/templates.tsx';
import { realQuestionnaire } from '../helpers/content.ts';
import { SAMPLE_INPUTS, variedAnswers } from '../helpers/report-input.ts';

const q = realQuestionnaire();
const answers: Answers = variedAnswers(q);
const inputs: MetricInputs = SAMPLE_INPUTS;
const segment = { businessModel: 'saas', dealSize: 'acv-12k-25k' };
// Mid-market: SaaS Capital's median and Bessemer's target range both apply.
const midMarket = { businessModel: 'saas', dealSize: 'acv-50k-100k' };
const texts = (locale: Locale): ResultTexts => localize(q.ui, locale).results;

describe('scoreText', () => {
  it('writes a score as a number and a missing one as a dash', () => {
    expect(scoreText(62)).toBe('62');
    expect(scoreText(0)).toBe('0');
    expect(scoreText(null)).toBe('—');
  });
});

describe('weakestDimension', () => {
  it('is the lowest score, the first on a tie, skipping dimensions without one', () => {
    expect(weakestDimension([
      { id: 'a', name: 'A', score: null },
      { id: 'b', name: 'B', score: 40 },
      { id: 'c', name: 'C', score: 30 },
      { id: 'd', name: 'D', score: 30 },
      { id: 'e', name: 'E', score: 35 },
    ])).toEqual({ id: 'c', name: 'C', score: 30 });
    expect(weakestDimension([{ id: 'a', name: 'A', score: 0 }, { id: 'b', name: 'B', score: 10 }])).toEqual({ id: 'a', name: 'A', score: 0 });
  });

  it('is null when nothing was scored or there is nothing', () => {
    expect(weakestDimension([{ id: 'a', name: 'A', score: null }])).toBeNull();
    expect(weakestDimension([])).toBeNull();
    expect(weakestDimension(null)).toBeNull();
    expect(weakestDimension(undefined)).toBeNull();
  });
});

describe('reportView', () => {
  for (const locale of LOCALES) {
    it(`writes the overall and each area as one line, in the report's words (${locale})`, () => {
      const report = buildReport(q, { answers, segment, metricInputs: inputs }, locale);
      const view = reportView(report, texts(locale));
      expect(view.locale).toBe(locale);
      expect(view.overall.scoreText).toBe(String(report.overall.score));
      expect(view.overall.line).toBe(`${report.overall.score}/100 · ${report.overall.band!.label}`);
      expect(view.dimensions.map((d) => d.line)).toEqual(report.dimensions.map((d) => `${d.score}/100 · ${d.band!.label}`));
      expect(view.dimensions.map((d) => d.summary)).toEqual(report.dimensions.map((d) => d.band!.summary));
      expect(view.dimensions.every((d) => !d.notAssessed)).toBe(true);
      expect(view.weakest).toEqual(weakestDimension(report.dimensions));
      expect(view.findings).toBe(report.findings);
      expect(view.recommendations).toBe(report.recommendations);
    });
  }

  it('says "not assessed" instead of a score, with why, when the answers are too few', () => {
    const unknown: Answers = Object.fromEntries(q.questions.map((question) => [question.id, question.dontKnow ? DONT_KNOW : scoredOptions(question)[0]!.id]));
    const report = buildReport(q, { answers: unknown }, 'es');
    const view = reportView(report, texts('es'));
    expect(view.overall.scoreText).toBe('—');
    expect(view.overall.line).toBe(q.bands.notAssessed.overall.label.es);
    expect(view.overall.notAssessed).toBe(report.overall.notAssessed);
    const notAssessed = view.dimensions.filter((d) => d.notAssessed);
    expect(notAssessed.length).toBeGreaterThan(0);
    for (const d of notAssessed) {
      expect(d.line).toBe(q.bands.notAssessed.dimension.label.es);
      expect(d.summary).toBe(q.bands.notAssessed.dimension.summary.es);
      expect(d.band).toBeNull();
    }
    expect(view.dontKnowNote).toContain(String(report.dontKnow.count));
  });

  it('writes "not scored" for a dimension without a score or a not-assessed reason (reports stored before)', () => {
    const report = buildReport(q, { answers }, 'en');
    const old: Report = { ...report, dimensions: report.dimensions.map((d, i) => (i === 0 ? { ...d, score: null, band: null, notAssessed: null } : d)) };
    const view = reportView(old, texts('en'));
    expect(view.dimensions[0]).toMatchObject({ line: q.ui.results['not-scored'].en, summary: null, notAssessed: false });
  });

  it('has no "I don\'t know" note when the visitor never said it', () => {
    const report = buildReport(q, { answers }, 'es');
    expect(report.dontKnow.count).toBe(0);
    expect(reportView(report, texts('es')).dontKnowNote).toBeNull();
  });

  it('shows the metrics given, formatted with the currency, with their verdict in words and the source', () => {
    const report = buildReport(q, { answers, segment, metricInputs: inputs }, 'es');
    const view = reportView(report, texts('es'));
    const cac = view.metrics.find((m) => m.id === 'cac')!;
    expect(cac.value).toBe(formatMetricValue('cac', 3000, 'es', 'EUR'));
    expect(cac.value).toMatch(/3\.000\s€/);
    expect(cac.computable).toBe(true);
    const nrr = view.metrics.find((m) => m.id === 'nrr')!;
    const stored = report.metrics.find((m) => m.id === 'nrr')!;
    expect(nrr.verdict).toEqual({
      label: stored.benchmark!.label,
      tone: stored.benchmark!.tone,
      indicative: false,
      figure: stored.benchmark!.figure,
      source: `${stored.benchmark!.source.publisher}, ${stored.benchmark!.source.title} (${stored.benchmark!.source.year})`,
    });
    expect(nrr.noBenchmark).toBeNull();
    const conversion = view.metrics.find((m) => m.id === 'conversionRate')!;
    expect(conversion.verdict?.indicative).toBe(true);
    // Metrics the visitor gave no numbers for are left out.
    expect(view.metrics.map((m) => m.id)).not.toContain('pipelineVelocityPerDay');
    expect(view.metrics.map((m) => m.id)).not.toContain('forecastAccuracy');
  });

  it('keeps a metric that failed on a zero, saying it could not be calculated, with no verdict', () => {
    const report = buildReport(q, { answers, segment, metricInputs: { period: 'month', customersAtStart: 200, customersLost: 0, arpa: 100, grossMarginPct: 80 } }, 'pt');
    const clv = reportView(report, texts('pt')).metrics.find((m) => m.id === 'clv')!;
    expect(clv).toMatchObject({ value: q.ui.results['not-computable'].pt, computable: false, verdict: null, noBenchmark: null });
  });

  it('says why a computed metric has no verdict, and falls back to the general text on reports stored before', () => {
    const report = buildReport(q, { answers, segment: { businessModel: 'ecommerce' }, metricInputs: inputs }, 'en');
    const stored = report.metrics.find((m) => m.id === 'cac' && m.value !== null && m.benchmark === null)!;
    const view = reportView(report, texts('en'));
    expect(view.metrics.find((m) => m.id === 'cac')!.noBenchmark).toBe(stored.noBenchmark);
    const old: Report = { ...report, metrics: report.metrics.map((m) => (m.id === 'cac' ? { ...m, noBenchmark: null } : m)) };
    expect(reportView(old, texts('en')).metrics.find((m) => m.id === 'cac')!.noBenchmark).toBe(q.ui.results['no-benchmark'].en);
  });

  it('repeats no bare verdict of a report stored before verdicts named their comparison', () => {
    const report = buildReport(q, { answers, segment, metricInputs: inputs }, 'es');
    // As `readStoredReport` reads them: the bare verdict kept, no label, the tone it meant.
    const old: Report = { ...report, metrics: report.metrics.map((m) => (m.benchmark ? { ...m, benchmark: { ...m.benchmark, verdict: 'good', label: null, tone: 'better', source: { publisher: m.benchmark.source.publisher, title: m.benchmark.source.title } } } : m)) };
    const nrr = reportView(old, texts('es')).metrics.find((m) => m.id === 'nrr')!;
    expect(nrr.verdict).toMatchObject({ label: null, tone: 'better' });
    expect(nrr.verdict!.source).not.toMatch(/\(/);
  });
});

describe('a target beside the median', () => {
  it('shows Bessemer\'s target as a second comparison, with its own source, and none where no target applies', () => {
    const report = buildReport(q, { answers, segment: midMarket, metricInputs: inputs }, 'en');
    const stored = report.metrics.find((m) => m.id === 'grr')!;
    expect(stored.target).toBeTruthy();
    const grr = reportView(report, texts('en')).metrics.find((m) => m.id === 'grr')!;
    expect(grr.target).toEqual({ label: stored.target!.label, tone: stored.target!.tone, indicative: stored.target!.quality === 'weak', figure: stored.target!.figure, source: expect.stringContaining(stored.target!.source.publisher) });
    expect(grr.verdict!.source).not.toBe(grr.target!.source);
    const other = buildReport(q, { answers, segment: { businessModel: 'b2b-services' }, metricInputs: inputs }, 'en');
    expect(reportView(other, texts('en')).metrics.every((m) => m.target === null)).toBe(true);
  });
});

describe('one wording for the page and the email', () => {
  for (const locale of LOCALES) {
    it(`the results page and the report email say the same lines (${locale})`, () => {
      const report = buildReport(q, { answers, segment: midMarket, metricInputs: inputs }, locale);
      const local = localize(q, locale);
      const view = reportView(report, local.ui.results);
      const page = render(h(ReportView, { report, ui: local.ui, offer: local.offer }))
        .replace(/<[^>]+>/g, ' ').replace(/&amp;/g, '&').replace(/&#39;|&apos;/g, "'").replace(/&quot;/g, '"').replace(/\s+/g, ' ');
      const email = reportEmail({ report, questionnaire: q, name: 'Ana', permalink: 'https://example.com/r', masterclassUrl: 'https://example.com/m' }).text.replace(/\s+/g, ' ');
      const lines = [
        ...view.dimensions.flatMap((d) => [d.name, d.line, d.summary ?? '']),
        ...view.metrics.flatMap((m) => [m.name, m.value, m.verdict?.label ?? '', m.verdict?.figure ?? '', m.verdict?.source ?? '', m.target?.label ?? '', m.target?.figure ?? '', m.target?.source ?? '', m.noBenchmark ?? '', m.note ?? '']),
        ...view.findings.map((f) => f.title),
        ...view.recommendations.map((r) => r.title),
      ].filter(Boolean);
      expect(lines.length).toBeGreaterThan(20);
      expect(view.metrics.some((m) => m.target)).toBe(true);
      for (const line of lines) {
        const flat = line.replace(/\s+/g, ' ');
        expect(page, line).toContain(flat);
        expect(email, line).toContain(flat);
      }
    });
  }
});
