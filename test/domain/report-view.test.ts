import { describe, expect, it } from 'vitest';
import { h } from 'preact';
import { render } from 'preact-render-to-string';
import { buildReport, type Report } from '../../src/domain/report.ts';
import { reportView, scoreText, weakestDimension, type ResultTexts } from '../../src/domain/report-view.ts';
import { formatMetricValue } from '../../src/domain/format.ts';
import { metricScale } from '../../src/domain/metric-scale.ts';
import { localize, LOCALES, type Locale } from '../../src/domain/locale.ts';
import { DONT_KNOW, scoredOptions } from '../../src/domain/question.ts';
import type { MetricInputs } from '../../src/domain/metrics.ts';
import type { Answers } from '../../src/domain/scoring.ts';
import { ReportView } from '../../src/components/ReportView.tsx';
import { reportEmail } from '../../src/server/email/templates.tsx';
import { realQuestionnaire } from '../helpers/content.ts';
import { extremeAnswers, SAMPLE_INPUTS, variedAnswers } from '../helpers/report-input.ts';

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
      scale: metricScale(stored.benchmark!.scale!),
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
    expect(grr.target).toEqual({ label: stored.target!.label, tone: stored.target!.tone, indicative: stored.target!.quality === 'weak', figure: stored.target!.figure, source: expect.stringContaining(stored.target!.source.publisher), scale: metricScale(stored.target!.scale!) });
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

describe('the short plan and what the page leads with', () => {
  it('plans the first recommendation for this month and the next two for this quarter, in order of impact', () => {
    const report = buildReport(q, { answers, segment }, 'es');
    const view = reportView(report, texts('es'));
    expect(report.recommendations.length).toBeGreaterThanOrEqual(3);
    expect(view.plan.map((p) => [p.horizon, p.title, p.dimension])).toEqual(
      report.recommendations.slice(0, 3).map((r, i) => [i === 0 ? 'month' : 'quarter', r.title, r.dimension]),
    );
  });

  it("leads with the overall band's next step from content: a call for the low bands, the masterclass for the high ones", () => {
    const low = buildReport(q, { answers: extremeAnswers(q, 'worst') }, 'es');
    const high = buildReport(q, { answers: extremeAnswers(q, 'best') }, 'es');
    expect(low.overall.band?.id).toBe(q.bands.overall[0]!.id);
    expect(high.overall.band?.id).toBe(q.bands.overall.at(-1)!.id);
    expect(reportView(low, texts('es')).nextStep).toBe(q.bands.overall[0]!.nextStep);
    expect(reportView(low, texts('es')).nextStep).toBe('call');
    expect(reportView(high, texts('es')).nextStep).toBe('masterclass');
    // A report stored before bands named their next step, or without a band, is offered the call.
    const { nextStep: _dropped, ...oldBand } = high.overall.band!;
    expect(reportView({ ...high, overall: { ...high.overall, band: oldBand } }, texts('es')).nextStep).toBe('call');
  });

  it('keeps the numbers of each comparison so the page can draw the value on its scale', () => {
    const report = buildReport(q, { answers, segment: midMarket, metricInputs: inputs }, 'en');
    const churn = reportView(report, texts('en')).metrics.find((m) => m.id === 'monthlyChurnRate')!;
    expect(churn.verdict?.scale).not.toBeNull();
    expect(churn.verdict!.scale!.marks.length).toBeGreaterThan(0);
    // The stored comparison judged the same value the verdict names.
    const stored = report.metrics.find((m) => m.id === 'monthlyChurnRate')!.benchmark!.scale!;
    expect(['lower', 'higher']).toContain(stored.better);
    expect(stored.better).toBe('lower');
  });
});

describe('ReportView, rendered on the server', () => {
  const ui = (locale: Locale) => localize(q.ui, locale);
  const offer = localize(q.offer, 'es');
  const render_ = (report: Report) =>
    render(h(ReportView, { report, ui: ui(report.locale), offer, callAction: h('a', { href: '#email-report' }, 'CALL'), offerAction: h('a', { href: '/es/masterclass/' }, 'MASTERCLASS') }));

  it('puts the call first for a low score and the masterclass first for a high one', () => {
    const low = render_(buildReport(q, { answers: extremeAnswers(q, 'worst') }, 'es'));
    const high = render_(buildReport(q, { answers: extremeAnswers(q, 'best') }, 'es'));
    expect(low).toContain('data-next-step="call"');
    expect(low).not.toContain('data-next-step="masterclass"');
    expect(low.indexOf('CALL')).toBeLessThan(low.indexOf('MASTERCLASS'));
    expect(high).toContain('data-next-step="masterclass"');
    expect(high.indexOf('MASTERCLASS')).toBeLessThan(high.indexOf('CALL'));
    // The call stays on offer beneath the masterclass, in its second-place words.
    expect(high).toContain(ui('es').results['call-second']);
  });

  it('shows the plan before the band summary, and links each plan item to its recommendation in full', () => {
    const report = buildReport(q, { answers, segment }, 'es');
    const html = render_(report);
    expect(html.indexOf('data-testid="plan"')).toBeLessThan(html.indexOf(report.overall.band!.summary.slice(0, 40)));
    for (const r of report.recommendations.slice(0, 3)) {
      expect(html).toContain(`href="#recommendation-${r.dimension}"`);
      expect(html).toContain(`id="recommendation-${r.dimension}"`);
    }
  });

  it('draws each compared metric on its scale, hidden from assistive technology, and leaves out the offers for consultants', () => {
    const report = buildReport(q, { answers, segment: midMarket, metricInputs: inputs }, 'es');
    const html = render_(report);
    expect(html).toMatch(/<svg class="metric-range tone-(better|neutral|worse)"[^>]*aria-hidden="true"/);
    const consultants = render(h(ReportView, { report, ui: ui('es'), offer, offers: false }));
    expect(consultants).not.toContain('data-next-step');
    expect(consultants).not.toContain(offer.title);
  });
});
