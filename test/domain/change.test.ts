import { describe, expect, it } from 'vitest';
import { h } from 'preact';
import { render } from 'preact-render-to-string';
import {
  changeSummary, dimensionChange, formatChangeDate, formatMetricDelta, metricChange, metricChangeWords, reportChange, reportScores, scoreChangeWords,
  type ChangeTexts, type ReportScores,
} from '../../src/domain/change.ts';
import { buildReport } from '../../src/domain/report.ts';
import { localize, type Locale } from '../../src/domain/locale.ts';
import { ChangeBadge, ReportChange } from '../../src/components/report/ReportChange.tsx';
import { realQuestionnaire } from '../helpers/content.ts';
import { SAMPLE_INPUTS, variedAnswers } from '../helpers/report-input.ts';

const q = realQuestionnaire();
const texts = (locale: Locale): ChangeTexts => localize(q.ui, locale).change;
const SINCE = '2026-03-12T10:30:00.000Z';

function scores(overrides: Partial<ReportScores> = {}): ReportScores {
  return {
    overall: 54,
    dimensions: [{ id: 'strategy', score: 40 }, { id: 'data', score: 70 }, { id: 'tools', score: null }],
    metrics: [{ id: 'monthlyChurnRate', value: 0.03 }, { id: 'cac', value: 1000 }, { id: 'winRate', value: null }],
    currency: 'EUR',
    ...overrides,
  };
}

describe('reportChange', () => {
  it('gives each dimension and the overall score their points from then to now', () => {
    const change = reportChange({ at: SINCE, scores: scores() }, scores({ overall: 62, dimensions: [{ id: 'strategy', score: 55 }, { id: 'data', score: 61 }, { id: 'tools', score: 20 }] }));
    expect(change.since).toBe(SINCE);
    expect(change.overall).toEqual({ from: 54, to: 62, delta: 8, direction: 'up' });
    expect(dimensionChange(change, 'strategy')).toEqual({ id: 'strategy', from: 40, to: 55, delta: 15, direction: 'up' });
    expect(dimensionChange(change, 'data')).toEqual({ id: 'data', from: 70, to: 61, delta: -9, direction: 'down' });
  });

  it('gives no delta to a dimension not assessed then or now', () => {
    const change = reportChange({ at: SINCE, scores: scores() }, scores({ dimensions: [{ id: 'strategy', score: null }, { id: 'tools', score: 30 }] }));
    expect(dimensionChange(change, 'strategy')).toEqual({ id: 'strategy', from: 40, to: null, delta: null, direction: null });
    expect(dimensionChange(change, 'tools')).toEqual({ id: 'tools', from: null, to: 30, delta: null, direction: null });
  });

  it('compares only dimensions of the same id, in the current order', () => {
    const change = reportChange({ at: SINCE, scores: scores() }, scores({ dimensions: [{ id: 'renamed', score: 80 }, { id: 'data', score: 70 }] }));
    expect(change.dimensions.map((d) => d.id)).toEqual(['renamed', 'data']);
    expect(dimensionChange(change, 'renamed')).toMatchObject({ from: null, delta: null });
    expect(dimensionChange(change, 'data')).toMatchObject({ delta: 0, direction: 'same' });
    expect(dimensionChange(change, 'strategy')).toBeUndefined();
  });

  it('has no overall delta when either overall score is missing', () => {
    expect(reportChange({ at: SINCE, scores: scores({ overall: null }) }, scores()).overall).toEqual({ from: null, to: 54, delta: null, direction: null });
    expect(reportChange({ at: SINCE, scores: scores() }, scores({ overall: null })).overall.delta).toBeNull();
  });

  it('calls lower churn good news and a higher CAC bad news', () => {
    const change = reportChange({ at: SINCE, scores: scores() }, scores({ metrics: [{ id: 'monthlyChurnRate', value: 0.02 }, { id: 'cac', value: 1250 }] }));
    expect(metricChange(change, 'monthlyChurnRate')).toEqual({ id: 'monthlyChurnRate', from: 0.03, to: 0.02, delta: -0.01, direction: 'down', good: true });
    expect(metricChange(change, 'cac')).toEqual({ id: 'cac', from: 1000, to: 1250, delta: 250, direction: 'up', good: false });
  });

  it('calls a higher win rate good news and a lower one bad news', () => {
    const before = scores({ metrics: [{ id: 'winRate', value: 0.2 }] });
    expect(metricChange(reportChange({ at: SINCE, scores: before }, scores({ metrics: [{ id: 'winRate', value: 0.25 }] })), 'winRate')).toMatchObject({ direction: 'up', good: true });
    expect(metricChange(reportChange({ at: SINCE, scores: before }, scores({ metrics: [{ id: 'winRate', value: 0.15 }] })), 'winRate')).toMatchObject({ direction: 'down', good: false });
  });

  it('rounds a metric change to what is shown: a move under 0.1 point of a rate is no move', () => {
    const change = reportChange({ at: SINCE, scores: scores() }, scores({ metrics: [{ id: 'monthlyChurnRate', value: 0.03004 }, { id: 'cac', value: 1000.4 }] }));
    expect(metricChange(change, 'monthlyChurnRate')).toMatchObject({ delta: 0, direction: 'same', good: null });
    expect(metricChange(change, 'cac')).toMatchObject({ delta: 0, direction: 'same', good: null });
  });

  it('does not compare money in two currencies, but still compares rates', () => {
    const change = reportChange({ at: SINCE, scores: scores() }, scores({ currency: 'USD', metrics: [{ id: 'monthlyChurnRate', value: 0.02 }, { id: 'cac', value: 900 }] }));
    expect(metricChange(change, 'cac')).toEqual({ id: 'cac', from: 1000, to: 900, delta: null, direction: null, good: null });
    expect(metricChange(change, 'monthlyChurnRate')?.delta).toBe(-0.01);
  });

  it('lists a metric valued only then or only now without a delta, and leaves out one valued neither time', () => {
    const change = reportChange({ at: SINCE, scores: scores() }, scores({ metrics: [{ id: 'monthlyChurnRate', value: 0.03 }, { id: 'nrr', value: 1.05 }] }));
    expect(metricChange(change, 'cac')).toMatchObject({ from: 1000, to: null, delta: null });
    expect(metricChange(change, 'nrr')).toMatchObject({ from: null, to: 1.05, delta: null });
    expect(metricChange(change, 'winRate')).toBeUndefined();
  });

  it('reads the scores of a built Report', () => {
    const report = buildReport(q, { answers: variedAnswers(q), segment: { businessModel: 'saas' }, metricInputs: SAMPLE_INPUTS }, 'es');
    const read = reportScores(report);
    expect(read.overall).toBe(report.overall.score);
    expect(read.dimensions).toEqual(report.dimensions.map((d) => ({ id: d.id, score: d.score })));
    expect(read.metrics.find((m) => m.id === 'monthlyChurnRate')?.value).toBe(report.metrics.find((m) => m.id === 'monthlyChurnRate')?.value);
    expect(reportChange({ at: SINCE, scores: read }, read).overall).toMatchObject({ delta: 0, direction: 'same' });
  });
});

describe('the change in words', () => {
  const change = reportChange(
    { at: SINCE, scores: scores() },
    scores({ overall: 62, dimensions: [{ id: 'strategy', score: 41 }, { id: 'data', score: 67 }], metrics: [{ id: 'monthlyChurnRate', value: 0.018 }, { id: 'cac', value: 1200 }] }),
  );

  it('summarises the overall change with the previous date, in each language', () => {
    expect(changeSummary(change, texts('en'), 'en')).toBe('Since Mar 12, 2026: +8 points overall');
    expect(changeSummary(change, texts('es'), 'es')).toBe('Desde el 12 mar 2026: +8 puntos en la puntuación total');
    expect(changeSummary(change, texts('pt'), 'pt')).toContain('+8 pontos');
  });

  it('says when the overall score did not move or cannot be compared', () => {
    const same = reportChange({ at: SINCE, scores: scores() }, scores());
    expect(changeSummary(same, texts('en'), 'en')).toBe('Since Mar 12, 2026: no change overall');
    const none = reportChange({ at: SINCE, scores: scores({ overall: null }) }, scores());
    expect(changeSummary(none, texts('en'), 'en')).toBe('Compared with your diagnostic of Mar 12, 2026');
  });

  it('writes one point in the singular', () => {
    const one = reportChange({ at: SINCE, scores: scores() }, scores({ overall: 53 }));
    expect(changeSummary(one, texts('en'), 'en')).toBe('Since Mar 12, 2026: −1 point overall');
    expect(scoreChangeWords(one.overall, texts('en'), 'en')).toMatchObject({ arrow: '▼', amount: '−1', words: 'down 1 point', tone: 'worse' });
  });

  it('writes a rate in percentage points and money in the currency, with a real minus sign', () => {
    expect(formatMetricDelta('monthlyChurnRate', -0.012, 'es', null, texts('es'))).toBe('−1,2 p. p.');
    expect(formatMetricDelta('cac', 200, 'en', 'EUR', texts('en'))).toBe('+€200');
    expect(formatMetricDelta('salesCycleDays', -12.5, 'en', null, texts('en'))).toBe('−12.5');
  });

  it('says whether a metric moved the good way', () => {
    expect(metricChangeWords(metricChange(change, 'monthlyChurnRate'), 'EUR', texts('en'), 'en')).toEqual({
      direction: 'down', arrow: '▼', amount: '−1.2 pp', words: 'down 1.2 pp: better', tone: 'better',
    });
    expect(metricChangeWords(metricChange(change, 'cac'), 'EUR', texts('en'), 'en')).toMatchObject({ arrow: '▲', words: 'up €200: worse', tone: 'worse' });
  });

  it('writes the date as the language does, on the UTC day', () => {
    expect(formatChangeDate('2026-03-12T23:30:00.000Z', 'en')).toBe('Mar 12, 2026');
    expect(formatChangeDate('2026-03-12T23:30:00.000Z', 'es')).toBe('12 mar 2026');
  });
});

describe('ChangeBadge and ReportChange', () => {
  const t = texts('en');
  const change = reportChange({ at: SINCE, scores: scores() }, scores({ overall: 62, dimensions: [{ id: 'strategy', score: 41 }, { id: 'data', score: 67 }] }));

  it('shows an arrow and the signed points, with the words for screen readers', () => {
    const html = render(h(ChangeBadge, { score: change.overall, t, locale: 'en' }));
    expect(html).toContain('<span aria-hidden="true">▲ +8</span>');
    expect(html).toContain('<span class="visually-hidden">up 8 points</span>');
    expect(html).toContain('change-better');
  });

  it('shows "=" and "no change" for a score that did not move', () => {
    const html = render(h(ChangeBadge, { score: { delta: 0, direction: 'same' }, t, locale: 'en' }));
    expect(html).toContain('<span aria-hidden="true">=</span>');
    expect(html).toContain('no change');
  });

  it('renders nothing when there is nothing to compare', () => {
    expect(render(h(ChangeBadge, { score: { delta: null, direction: null }, t, locale: 'en' }))).toBe('');
    expect(render(h(ChangeBadge, { metric: undefined, currency: null, t, locale: 'en' }))).toBe('');
  });

  it('renders the summary and each dimension named with its badge', () => {
    const html = render(h(ReportChange, { change, t, locale: 'en', dimensions: [{ id: 'strategy', name: 'Strategy' }, { id: 'data', name: 'Data' }, { id: 'tools', name: 'Tools' }] }));
    expect(html).toContain('Since Mar 12, 2026: +8 points overall');
    expect(html).toMatch(/data-change-dimension="strategy">Strategy <span[^>]*>.*up 1 point/);
    expect(html).toContain('down 3 points');
    // Tools has no score now: nothing to show for it.
    expect(html).not.toContain('data-change-dimension="tools"');
  });
});
