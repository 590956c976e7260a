import { describe, expect, it } from 'vitest';
import { metricsStepFields, trackedMetrics, type TrackingQuestion } from '../../src/domain/tracked-metrics.ts';
import { METRIC_INPUT_FIELDS, METRIC_INPUT_GROUPS, METRIC_REQUIRES } from '../../src/domain/metrics.ts';
import { DONT_KNOW, NOT_APPLICABLE } from '../../src/domain/question.ts';
import { realQuestionnaire } from '../helpers/content.ts';

const checklist: TrackingQuestion = {
  id: 'tracked',
  kind: 'checklist',
  options: [
    { id: 'churn', metrics: ['monthlyChurnRate', 'annualChurnRate'] },
    { id: 'retention', metrics: ['nrr', 'grr'] },
    { id: 'cac', metrics: ['cac'] },
    { id: 'nps' },
  ],
};
const fieldsOf = (groups: { fields: string[] }[]) => groups.flatMap((g) => g.fields);

describe('trackedMetrics', () => {
  it('gives the metrics named by the ticked options', () => {
    expect(trackedMetrics([checklist], { tracked: ['churn', 'cac'] })).toEqual(['monthlyChurnRate', 'annualChurnRate', 'cac']);
  });

  it('gives none for "None of these" or options that name no metric', () => {
    expect(trackedMetrics([checklist], { tracked: [] })).toEqual([]);
    expect(trackedMetrics([checklist], { tracked: ['nps'] })).toEqual([]);
  });

  it('knows nothing (null) without an answer, with "I don\'t know" or "Not applicable"', () => {
    expect(trackedMetrics([checklist], {})).toBeNull();
    expect(trackedMetrics([checklist], { tracked: DONT_KNOW })).toBeNull();
    expect(trackedMetrics([checklist], { tracked: NOT_APPLICABLE })).toBeNull();
  });

  it('reads only checklists whose options name metrics', () => {
    expect(trackedMetrics([{ ...checklist, kind: 'single' }], { tracked: ['churn'] })).toBeNull();
    expect(trackedMetrics([{ id: 'tracked', kind: 'checklist', options: [{ id: 'churn' }, { id: 'x', metrics: [] }] }], { tracked: ['churn'] })).toBeNull();
    expect(trackedMetrics([{ id: 'tracked', kind: 'checklist' }], { tracked: [] })).toBeNull();
  });

  it('joins the metrics of several checklists, each once, and skips one not answered', () => {
    const other: TrackingQuestion = { id: 'other', kind: 'checklist', options: [{ id: 'cac-too', metrics: ['cac', 'cacPaybackMonths'] }] };
    expect(trackedMetrics([checklist, other], { tracked: ['cac'], other: ['cac-too'] })).toEqual(['cac', 'cacPaybackMonths']);
    expect(trackedMetrics([checklist, other], { other: ['cac-too'] })).toEqual(['cac', 'cacPaybackMonths']);
    expect(trackedMetrics([checklist, other], { other: [] })).toEqual([]);
  });
});

describe('metricsStepFields', () => {
  it('asks for every field, in form order, when nothing is known', () => {
    const { fromAnswer, first, more } = metricsStepFields(null);
    expect(fromAnswer).toBe(false);
    expect(first).toEqual(Object.entries(METRIC_INPUT_GROUPS).map(([group, fields]) => ({ group, fields: [...fields] })));
    expect(more).toEqual([]);
  });

  it('asks first for the inputs of the metrics tracked, and keeps every other field behind "I also know…"', () => {
    const { fromAnswer, first, more } = metricsStepFields(['cac']);
    expect(fromAnswer).toBe(true);
    expect(first).toEqual([{ group: 'acquisition', fields: ['salesAndMarketingSpend', 'newCustomers'] }]);
    const inFormOrder = fieldsOf(metricsStepFields(null).first);
    expect(fieldsOf(more)).toEqual(inFormOrder.filter((f) => f !== 'salesAndMarketingSpend' && f !== 'newCustomers'));
  });

  it('splits a group between both parts, keeping its order in each', () => {
    const { first, more } = metricsStepFields(['clv']);
    expect(first).toEqual([
      { group: 'churn', fields: ['customersAtStart', 'customersLost'] },
      { group: 'revenue', fields: ['arpa', 'grossMarginPct'] },
    ]);
    expect(more.find((g) => g.group === 'revenue')).toEqual({ group: 'revenue', fields: ['mrrAtStart', 'expansionMrr', 'contractionMrr', 'churnedMrr'] });
    expect(more.some((g) => g.group === 'churn')).toBe(false);
  });

  it('puts every field behind "I also know…" when none of the metrics is tracked', () => {
    const { fromAnswer, first, more } = metricsStepFields([]);
    expect(fromAnswer).toBe(true);
    expect(first).toEqual([]);
    expect(fieldsOf(more)).toEqual(fieldsOf(metricsStepFields(null).first));
  });

  it('shows each field exactly once, whatever is tracked', () => {
    for (const tracked of [['nrr'], ['forecastAccuracy', 'pipelineVelocityPerDay'], ['clvToCac', 'conversionRate']] as const) {
      const { first, more } = metricsStepFields(tracked);
      expect([...fieldsOf(first), ...fieldsOf(more)].sort()).toEqual([...METRIC_INPUT_FIELDS].sort());
      expect(new Set(fieldsOf(first))).toEqual(new Set(tracked.flatMap((m) => METRIC_REQUIRES[m])));
    }
  });

  it('on the real content: ticking "NRR / GRR" asks first for the MRR movements only', () => {
    const q = realQuestionnaire();
    const question = q.questions.find((x) => x.kind === 'checklist')!;
    const tracked = trackedMetrics([question], { [question.id]: ['revenue-retention'] });
    expect(tracked).toEqual(['nrr', 'grr']);
    expect(metricsStepFields(tracked).first).toEqual([{ group: 'revenue', fields: ['mrrAtStart', 'expansionMrr', 'contractionMrr', 'churnedMrr'] }]);
  });
});
