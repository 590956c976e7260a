import { describe, expect, it } from 'vitest';
import { buildReport } from '../../src/domain/report.ts';
import { SHARED_PLAN_SIZE, shareView } from '../../src/domain/share-view.ts';
import { realQuestionnaire } from '../helpers/content.ts';
import { SAMPLE_INPUTS, variedAnswers } from '../helpers/report-input.ts';

const q = realQuestionnaire();

describe('shareView', () => {
  const report = buildReport(q, { answers: variedAnswers(q), segment: { businessModel: 'saas', dealSize: 'acv-under-12k' }, metricInputs: SAMPLE_INPUTS }, 'pt');

  it('keeps the scores, bands and the first actions of the plan, in the report’s language', () => {
    const view = shareView(report);
    expect(view.locale).toBe('pt');
    expect(view.overall).toEqual({ score: report.overall.score, label: report.overall.band!.label, bandId: report.overall.band!.id });
    expect(view.dimensions.map((d) => [d.id, d.score, d.label])).toEqual(report.dimensions.map((d) => [d.id, d.score, d.band?.label ?? d.notAssessed?.label]));
    expect(view.plan).toEqual(report.recommendations.slice(0, SHARED_PLAN_SIZE).map((r) => ({ title: r.title, dimensionName: r.dimensionName })));
  });

  it('leaves out the company’s figures, the findings that quote them, the answers and the segment', () => {
    expect(report.metrics.some((m) => m.value !== null), 'the fixture has figures').toBe(true);
    const shared = JSON.stringify(shareView(report));
    for (const metric of report.metrics) {
      expect(shared).not.toContain(metric.name);
      if (metric.working) expect(shared).not.toContain(metric.working.numbers);
    }
    for (const finding of report.findings) expect(shared).not.toContain(finding.body);
    expect(Object.keys(shareView(report)).sort()).toEqual(['dimensions', 'locale', 'overall', 'plan']);
  });

  it('says "not assessed" where there is no score, without inventing one', () => {
    const notAssessed = { ...report, overall: { score: null, band: null, notAssessed: { label: 'Sem avaliação', summary: 's', recommendation: { title: 't', body: 'b' } } } };
    expect(shareView(notAssessed).overall).toEqual({ score: null, label: 'Sem avaliação', bandId: null });
  });
});
