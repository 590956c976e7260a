import * as z from 'zod/mini';

/**
 * Issue messages are ids of texts in `content/ui.yaml` (`errors`), so the form
 * shows them in the visitor's language and the API in English.
 */
export const METRIC_INPUT_ERRORS = [
  'not-a-number',
  'not-whole',
  'negative',
  'over-100',
  'lost-exceeds-start',
  'won-exceeds-leads',
  'mrr-loss-exceeds-start',
  'bad-period',
] as const;
export type MetricInputError = (typeof METRIC_INPUT_ERRORS)[number];
const err = (id: MetricInputError) => id;

const numberError = { error: (issue: { input?: unknown }) => (typeof issue.input === 'number' && Number.isFinite(issue.input) ? err('not-whole') : err('not-a-number')) };
const count = () => z.optional(z.int(numberError).check(z.nonnegative(err('negative'))));
const money = () => z.optional(z.number(numberError).check(z.nonnegative(err('negative'))));
const percent = () => z.optional(z.number(numberError).check(z.nonnegative(err('negative')), z.maximum(100, err('over-100'))));

/**
 * The numbers a visitor may type. All optional except `period`; counts and money
 * refer to that period. Shared by the metrics form, the API and the database.
 */
export const MetricInputsSchema = z
  .strictObject({
    /** The period the counts and money amounts cover. */
    period: z.enum(['month', 'year'], { error: err('bad-period') }),
    /** Customers at the start of the period. */
    customersAtStart: count(),
    /** Customers lost during the period, of those there at its start. */
    customersLost: count(),
    /** Customers won during the period. */
    newCustomers: count(),
    /** Recurring revenue per month at the start of the period. */
    mrrAtStart: money(),
    /** MRR added by existing customers during the period (upsell, cross-sell). */
    expansionMrr: money(),
    /** MRR lost to downgrades during the period. */
    contractionMrr: money(),
    /** MRR lost to customers who left during the period. */
    churnedMrr: money(),
    /** Fully loaded sales and marketing spend in the period. */
    salesAndMarketingSpend: money(),
    /** Average revenue per account, per month. */
    arpa: money(),
    /** Gross margin, 0–100. */
    grossMarginPct: percent(),
    /** Leads generated in the period. */
    leads: count(),
    /** Leads that became customers in the period. */
    customersWon: count(),
    /** Qualified opportunities open in the pipeline. */
    opportunities: count(),
    /** Share of opportunities won, 0–100. */
    winRatePct: percent(),
    /** Average deal size, in money. */
    averageDealSize: money(),
    /** Average days from first contact to close. */
    salesCycleDays: money(),
    /** Revenue forecast for the period. */
    forecastRevenue: money(),
    /** Revenue actually booked in the period. */
    actualRevenue: money(),
  })
  .check(
    z.superRefine((v, ctx) => {
      if (v.customersLost !== undefined && v.customersAtStart !== undefined && v.customersLost > v.customersAtStart)
        ctx.issues.push({ code: 'custom', input: v, path: ['customersLost'], message: err('lost-exceeds-start') });
      if (v.customersWon !== undefined && v.leads !== undefined && v.customersWon > v.leads)
        ctx.issues.push({ code: 'custom', input: v, path: ['customersWon'], message: err('won-exceeds-leads') });
      const lostMrr = (v.churnedMrr ?? 0) + (v.contractionMrr ?? 0);
      if (v.mrrAtStart !== undefined && lostMrr > v.mrrAtStart)
        ctx.issues.push({ code: 'custom', input: v, path: ['churnedMrr'], message: err('mrr-loss-exceeds-start') });
    }),
  );
export type MetricInputs = z.infer<typeof MetricInputsSchema>;
export type MetricInputField = Exclude<keyof MetricInputs, 'period'>;

/** The metric inputs in form order: every field of `MetricInputs` but `period`. */
export const METRIC_INPUT_FIELDS = [
  'customersAtStart',
  'customersLost',
  'newCustomers',
  'mrrAtStart',
  'expansionMrr',
  'contractionMrr',
  'churnedMrr',
  'salesAndMarketingSpend',
  'arpa',
  'grossMarginPct',
  'leads',
  'customersWon',
  'opportunities',
  'winRatePct',
  'averageDealSize',
  'salesCycleDays',
  'forecastRevenue',
  'actualRevenue',
] as const satisfies readonly MetricInputField[];
// Fails to compile when a schema field is missing from the list above.
const everyFieldListed: Record<MetricInputField, true> = Object.fromEntries(
  METRIC_INPUT_FIELDS.map((field) => [field, true]),
) as { [K in (typeof METRIC_INPUT_FIELDS)[number]]: true };
void everyFieldListed;

/** Every metric the calculators produce, in display order. Rates are fractions (0.05 = 5 %). */
export const METRIC_IDS = [
  'monthlyChurnRate',
  'annualChurnRate',
  'grr',
  'nrr',
  'cac',
  'clv',
  'clvToCac',
  'cacPaybackMonths',
  'conversionRate',
  'pipelineVelocityPerDay',
  'forecastAccuracy',
] as const;
export type MetricId = (typeof METRIC_IDS)[number];

/** How a metric's value reads: a fraction shown as %, money, a plain ratio, months. */
export const METRIC_UNITS: Record<MetricId, 'percent' | 'money' | 'ratio' | 'months'> = {
  monthlyChurnRate: 'percent',
  annualChurnRate: 'percent',
  grr: 'percent',
  nrr: 'percent',
  cac: 'money',
  clv: 'money',
  clvToCac: 'ratio',
  cacPaybackMonths: 'months',
  conversionRate: 'percent',
  pipelineVelocityPerDay: 'money',
  forecastAccuracy: 'percent',
};

/** Each metric's value, or `null` when an input is missing or it is not computable (e.g. a division by zero). */
export type MetricValues = Record<MetricId, number | null>;

/** `a / b`, or null when b is 0 or either side is missing; never Infinity or NaN. */
function ratio(a: number | null | undefined, b: number | null | undefined): number | null {
  if (a == null || b == null || b === 0) return null;
  const result = a / b;
  return Number.isFinite(result) ? result : null;
}

function finite(value: number | null): number | null {
  return value !== null && Number.isFinite(value) ? value : null;
}

/** Annual churn from monthly: 1 − (1 − m)^12. */
export function annualFromMonthly(monthly: number): number {
  return 1 - (1 - monthly) ** 12;
}

/** Monthly churn from annual: 1 − (1 − a)^(1/12). */
export function monthlyFromAnnual(annual: number): number {
  return 1 - (1 - annual) ** (1 / 12);
}

/**
 * Computes every metric from the inputs, with the standard formulas
 * (see README, "Metric formulas").
 * @example computeMetrics({ period: 'month', customersAtStart: 200, customersLost: 6 }).monthlyChurnRate // 0.03
 */
export function computeMetrics(inputs: MetricInputs): MetricValues {
  const periodChurn = ratio(inputs.customersLost, inputs.customersAtStart);
  const monthlyChurnRate =
    periodChurn === null ? null : inputs.period === 'month' ? periodChurn : monthlyFromAnnual(periodChurn);
  const annualChurnRate =
    periodChurn === null ? null : inputs.period === 'year' ? periodChurn : annualFromMonthly(periodChurn);

  const start = inputs.mrrAtStart;
  const churned = inputs.churnedMrr;
  const contraction = inputs.contractionMrr;
  const expansion = inputs.expansionMrr;
  const compound = (periodRate: number | null) =>
    periodRate === null ? null : inputs.period === 'month' ? periodRate ** 12 : periodRate;
  const grr =
    start === undefined || churned === undefined || contraction === undefined
      ? null
      : compound(ratio(start - churned - contraction, start));
  const nrr =
    start === undefined || churned === undefined || contraction === undefined || expansion === undefined
      ? null
      : compound(ratio(start + expansion - contraction - churned, start));

  const cac = ratio(inputs.salesAndMarketingSpend, inputs.newCustomers);
  const margin = inputs.grossMarginPct === undefined ? undefined : inputs.grossMarginPct / 100;
  const monthlyGrossProfit = inputs.arpa === undefined || margin === undefined ? null : inputs.arpa * margin;
  const clv = ratio(monthlyGrossProfit, monthlyChurnRate);
  const clvToCac = ratio(clv, cac);
  const cacPaybackMonths = ratio(cac, monthlyGrossProfit);
  const conversionRate = ratio(inputs.customersWon, inputs.leads);
  const pipelineVelocityPerDay =
    inputs.opportunities === undefined || inputs.winRatePct === undefined || inputs.averageDealSize === undefined
      ? null
      : ratio(inputs.opportunities * (inputs.winRatePct / 100) * inputs.averageDealSize, inputs.salesCycleDays);
  const forecastError = ratio(
    inputs.actualRevenue === undefined || inputs.forecastRevenue === undefined
      ? null
      : Math.abs(inputs.actualRevenue - inputs.forecastRevenue),
    inputs.actualRevenue,
  );
  const forecastAccuracy = forecastError === null ? null : 1 - forecastError;

  return {
    monthlyChurnRate: finite(monthlyChurnRate),
    annualChurnRate: finite(annualChurnRate),
    grr: finite(grr),
    nrr: finite(nrr),
    cac,
    clv,
    clvToCac,
    cacPaybackMonths,
    conversionRate,
    pipelineVelocityPerDay,
    forecastAccuracy: finite(forecastAccuracy),
  };
}
