import type { Locale } from './locale.ts';
import { GIVEN_METRICS, METRIC_INPUT_KINDS, type MetricId, type MetricInputField, type MetricInputs, type MetricValues } from './metrics.ts';
import { fill, formatMetricValue, formatMoney, formatNumber, formatPercent } from './format.ts';
import type { Working } from './schemas/report.ts';

/** How a metric was computed (its shape is the stored Report's, `WorkingSchema`). */
export type { Working };

/**
 * The working of each computed metric, in the visitor's language.
 * `labels` are the input and metric names from `content/ui.yaml`; `given` says a figure was taken
 * as the visitor gave it ("Dato que indicaste: {value}", `working.given`) and `days` writes a number
 * of days ("{value} días", `results.days`). Without them such a figure's working is its value alone.
 */
export function metricWorking(
  inputs: MetricInputs,
  values: MetricValues,
  labels: { inputs: Record<MetricInputField, string>; metric: Record<MetricId, string>; given?: { text: string; days: string } | undefined },
  locale: Locale,
): Partial<Record<MetricId, Working>> {
  const n = (field: MetricInputField) =>
    METRIC_INPUT_KINDS[field] === 'money'
      ? formatMoney(inputs[field] ?? 0, locale, inputs.currency, 2)
      : METRIC_INPUT_KINDS[field] === 'percent'
        ? formatPercent((inputs[field] ?? 0) / 100, locale, 2)
        : formatNumber(inputs[field] ?? 0, locale);
  const l = (field: MetricInputField) => labels.inputs[field];
  const v = (metric: MetricId) => formatMetricValue(metric, values[metric] ?? 0, locale, inputs.currency);
  const monthly = inputs.period === 'month';
  const out: Partial<Record<MetricId, Working>> = {};
  const set = (metric: MetricId, formula: string, numbers: string) => {
    if (values[metric] !== null) out[metric] = { formula, numbers: `${numbers} = ${v(metric)}` };
  };

  const churn = `${l('customersLost')} ÷ ${l('customersAtStart')}`;
  const churnNumbers = `${n('customersLost')} ÷ ${n('customersAtStart')}`;
  set('monthlyChurnRate', monthly ? churn : `1 − (1 − ${churn})^(1/12)`, monthly ? churnNumbers : `1 − (1 − ${churnNumbers})^(1/12)`);
  set('annualChurnRate', monthly ? `1 − (1 − ${churn})^12` : churn, monthly ? `1 − (1 − ${churnNumbers})^12` : churnNumbers);

  const wrap = (text: string) => (monthly ? `(${text})^12` : text);
  set(
    'grr',
    wrap(`(${l('mrrAtStart')} − ${l('churnedMrr')} − ${l('contractionMrr')}) ÷ ${l('mrrAtStart')}`),
    wrap(`(${n('mrrAtStart')} − ${n('churnedMrr')} − ${n('contractionMrr')}) ÷ ${n('mrrAtStart')}`),
  );
  set(
    'nrr',
    wrap(`(${l('mrrAtStart')} + ${l('expansionMrr')} − ${l('contractionMrr')} − ${l('churnedMrr')}) ÷ ${l('mrrAtStart')}`),
    wrap(`(${n('mrrAtStart')} + ${n('expansionMrr')} − ${n('contractionMrr')} − ${n('churnedMrr')}) ÷ ${n('mrrAtStart')}`),
  );
  set('cac', `${l('salesAndMarketingSpend')} ÷ ${l('newCustomers')}`, `${n('salesAndMarketingSpend')} ÷ ${n('newCustomers')}`);
  set(
    'clv',
    `${l('arpa')} × ${l('grossMarginPct')} ÷ ${labels.metric.monthlyChurnRate}`,
    `${n('arpa')} × ${n('grossMarginPct')} ÷ ${v('monthlyChurnRate')}`,
  );
  set('clvToCac', `${labels.metric.clv} ÷ ${labels.metric.cac}`, `${v('clv')} ÷ ${v('cac')}`);
  set(
    'cacPaybackMonths',
    `${labels.metric.cac} ÷ (${l('arpa')} × ${l('grossMarginPct')})`,
    `${v('cac')} ÷ (${n('arpa')} × ${n('grossMarginPct')})`,
  );
  set('conversionRate', `${l('newCustomers')} ÷ ${l('leads')}`, `${n('newCustomers')} ÷ ${n('leads')}`);
  for (const [metric, field] of Object.entries(GIVEN_METRICS) as [MetricId, MetricInputField][]) {
    if (values[metric] === null) continue;
    const value = labels.given && METRIC_INPUT_KINDS[field] === 'days' ? fill(labels.given.days, { value: n(field) }) : n(field);
    out[metric] = { formula: l(field), numbers: labels.given ? fill(labels.given.text, { value }) : value };
  }
  set(
    'pipelineVelocityPerDay',
    `${l('opportunities')} × ${l('winRatePct')} × ${l('averageDealSize')} ÷ ${l('salesCycleDays')}`,
    `${n('opportunities')} × ${n('winRatePct')} × ${n('averageDealSize')} ÷ ${n('salesCycleDays')}`,
  );
  // Floored at 0 (see computeMetrics): the working says so, so "1 − 200 % = 0 %" never reads as arithmetic.
  set(
    'forecastAccuracy',
    `max(0, 1 − |${l('actualRevenue')} − ${l('forecastRevenue')}| ÷ ${l('actualRevenue')})`,
    `max(0, 1 − |${n('actualRevenue')} − ${n('forecastRevenue')}| ÷ ${n('actualRevenue')})`,
  );
  return out;
}
