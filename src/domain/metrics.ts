/**
 * Issue messages are ids of texts in `content/ui.yaml` (`errors`), so the form
 * shows them in the visitor's language and the API names them.
 */
export const METRIC_INPUT_ERRORS = [
  'not-a-number',
  'not-whole',
  'negative',
  'over-100',
  'too-large',
  'lost-exceeds-start',
  'won-exceeds-leads',
  'mrr-loss-exceeds-start',
  'bad-period',
  'unknown-field',
  'bad-currency',
] as const;
export type MetricInputError = (typeof METRIC_INPUT_ERRORS)[number];

/**
 * The numbers a visitor may type, with what each must be: `count` a whole
 * number ≥ 0, `money` an amount ≥ 0 in the chosen `currency`, `days` a number
 * ≥ 0, `percent` 0–100. Counts and money refer to the chosen `period`.
 * Each fact is asked once: `newCustomers` feeds both CAC and conversion.
 */
export const METRIC_INPUT_KINDS = {
  /** Customers at the start of the period. */
  customersAtStart: 'count',
  /** Customers lost during the period, of those there at its start. */
  customersLost: 'count',
  /** Customers won during the period: divides the spend (CAC) and the leads (conversion). */
  newCustomers: 'count',
  /** Recurring revenue per month at the start of the period. */
  mrrAtStart: 'money',
  /** MRR added by existing customers during the period (upsell, cross-sell). */
  expansionMrr: 'money',
  /** MRR lost to downgrades during the period. */
  contractionMrr: 'money',
  /** MRR lost to customers who left during the period. */
  churnedMrr: 'money',
  /** Fully loaded sales and marketing spend in the period. */
  salesAndMarketingSpend: 'money',
  /** Average revenue per account, per month. */
  arpa: 'money',
  /** Gross margin, 0–100. */
  grossMarginPct: 'percent',
  /** Leads generated in the period. */
  leads: 'count',
  /** Qualified opportunities open in the pipeline. */
  opportunities: 'count',
  /** Share of opportunities won, 0–100. */
  winRatePct: 'percent',
  /** Average deal size, in money. */
  averageDealSize: 'money',
  /** Average days from first contact to close. */
  salesCycleDays: 'days',
  /** Revenue forecast for the period. */
  forecastRevenue: 'money',
  /** Revenue actually booked in the period. */
  actualRevenue: 'money',
} as const satisfies Record<string, 'count' | 'money' | 'days' | 'percent'>;

export type MetricInputField = keyof typeof METRIC_INPUT_KINDS;
export const METRIC_INPUT_FIELDS = Object.keys(METRIC_INPUT_KINDS) as MetricInputField[];

/** Currencies a visitor can give their money amounts in (ISO 4217); without one, amounts are plain numbers. */
export const CURRENCIES = ['EUR', 'USD', 'MXN', 'BRL', 'COP', 'ARS', 'CLP', 'PEN'] as const;
export type Currency = (typeof CURRENCIES)[number];

/** The largest figure a field takes: beyond it a number is a slip of the keyboard (and past 2^53 not exact). */
export const MAX_METRIC_INPUT = 1e15;

/**
 * Keys of earlier versions, still accepted so stored submissions parse: each
 * maps to the field that now holds the same fact.
 */
export const LEGACY_METRIC_INPUTS = { customersWon: 'newCustomers' } as const satisfies Record<string, MetricInputField>;

/** The visitor's numbers: `period`, the `currency` of money amounts, and any of the fields above. */
export type MetricInputs = { period: 'month' | 'year'; currency?: Currency | undefined } & { [K in MetricInputField]?: number | undefined };

/** The metrics form's groups, in order; each name is `metrics.group-<id>` in `content/ui.yaml`. */
export const METRIC_INPUT_GROUPS = {
  churn: ['customersAtStart', 'customersLost'],
  revenue: ['mrrAtStart', 'expansionMrr', 'contractionMrr', 'churnedMrr', 'arpa', 'grossMarginPct'],
  acquisition: ['salesAndMarketingSpend', 'newCustomers'],
  funnel: ['leads', 'opportunities', 'winRatePct', 'averageDealSize', 'salesCycleDays'],
  forecast: ['forecastRevenue', 'actualRevenue'],
} as const satisfies Record<string, readonly MetricInputField[]>;

export interface MetricInputIssue {
  path: [string];
  message: MetricInputError;
}

/**
 * Every problem with a set of metric inputs, one per field at most: the rules
 * behind `MetricInputsSchema`, as a plain function so the browser can check the
 * form without loading zod.
 */
export function metricInputIssues(value: unknown): MetricInputIssue[] {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return [{ path: ['period'], message: 'bad-period' }];
  const input = value as Record<string, unknown>;
  const issues: MetricInputIssue[] = [];
  const add = (field: string, message: MetricInputError) => {
    if (!issues.some((i) => i.path[0] === field)) issues.push({ path: [field], message });
  };
  if (input.period !== 'month' && input.period !== 'year') add('period', 'bad-period');
  if (input.currency !== undefined && !(CURRENCIES as readonly unknown[]).includes(input.currency)) add('currency', 'bad-currency');
  for (const key of Object.keys(input)) {
    // hasOwn, not `in`: `__proto__`, `constructor` or `toString` must not pass for fields.
    if (key !== 'period' && key !== 'currency' && !Object.hasOwn(METRIC_INPUT_KINDS, key) && !Object.hasOwn(LEGACY_METRIC_INPUTS, key)) add(key, 'unknown-field');
  }
  const checkNumber = (field: string, kind: string) => {
    const v = input[field];
    if (v === undefined) return;
    if (typeof v !== 'number' || !Number.isFinite(v)) add(field, 'not-a-number');
    else if (v < 0) add(field, 'negative');
    else if (v > MAX_METRIC_INPUT) add(field, 'too-large');
    else if (kind === 'count' && !Number.isInteger(v)) add(field, 'not-whole');
    else if (kind === 'percent' && v > 100) add(field, 'over-100');
  };
  for (const field of METRIC_INPUT_FIELDS) checkNumber(field, METRIC_INPUT_KINDS[field]);
  for (const [legacy, field] of Object.entries(LEGACY_METRIC_INPUTS)) checkNumber(legacy, METRIC_INPUT_KINDS[field]);
  const n = (field: MetricInputField) => (typeof input[field] === 'number' && !issues.some((i) => i.path[0] === field) ? (input[field] as number) : undefined);
  const lost = n('customersLost');
  const start = n('customersAtStart');
  if (lost !== undefined && start !== undefined && lost > start) add('customersLost', 'lost-exceeds-start');
  const won = n('newCustomers');
  const leads = n('leads');
  if (won !== undefined && leads !== undefined && won > leads) add('newCustomers', 'won-exceeds-leads');
  const mrr = n('mrrAtStart');
  const churned = n('churnedMrr') ?? 0;
  const contraction = n('contractionMrr') ?? 0;
  // Named on the larger of the two losses: never on a field left empty or at 0 while the other is the cause.
  const lossesReadable = !issues.some((i) => i.path[0] === 'churnedMrr' || i.path[0] === 'contractionMrr');
  if (mrr !== undefined && lossesReadable && churned + contraction > mrr) add(contraction > churned ? 'contractionMrr' : 'churnedMrr', 'mrr-loss-exceeds-start');
  return issues;
}

/**
 * Valid inputs in today's shape: a legacy key becomes the field that holds its
 * fact now, unless that field is already given (old rows may have both).
 * @example currentMetricInputs({ period: 'month', customersWon: 12 }) // { period: 'month', newCustomers: 12 }
 */
export function currentMetricInputs(input: MetricInputs): MetricInputs {
  const out: Record<string, unknown> = { ...input };
  for (const [legacy, field] of Object.entries(LEGACY_METRIC_INPUTS)) {
    if (out[field] === undefined && out[legacy] !== undefined) out[field] = out[legacy];
    delete out[legacy];
  }
  return out as MetricInputs;
}


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
  'winRate',
  'salesCycleDays',
  'pipelineVelocityPerDay',
  'forecastAccuracy',
] as const;
export type MetricId = (typeof METRIC_IDS)[number];

/** How a metric's value can read: a fraction shown as %, money, a plain ratio, months, days. */
export const METRIC_UNIT_KINDS = ['percent', 'money', 'ratio', 'months', 'days'] as const;
export type MetricUnit = (typeof METRIC_UNIT_KINDS)[number];

/** How each metric's value reads (see `METRIC_UNIT_KINDS`). */
export const METRIC_UNITS: Record<MetricId, MetricUnit> = {
  monthlyChurnRate: 'percent',
  annualChurnRate: 'percent',
  grr: 'percent',
  nrr: 'percent',
  cac: 'money',
  clv: 'money',
  clvToCac: 'ratio',
  cacPaybackMonths: 'months',
  conversionRate: 'percent',
  winRate: 'percent',
  salesCycleDays: 'days',
  pipelineVelocityPerDay: 'money',
  forecastAccuracy: 'percent',
};

/**
 * Which way a metric improves: lower churn, CAC, payback and a shorter sales cycle are better;
 * higher retention, CLV, conversion, win rate and accuracy are better.
 */
export const METRIC_BETTER: Record<MetricId, 'lower' | 'higher'> = {
  monthlyChurnRate: 'lower',
  annualChurnRate: 'lower',
  grr: 'higher',
  nrr: 'higher',
  cac: 'lower',
  clv: 'higher',
  clvToCac: 'higher',
  cacPaybackMonths: 'lower',
  conversionRate: 'higher',
  winRate: 'higher',
  salesCycleDays: 'lower',
  pipelineVelocityPerDay: 'higher',
  forecastAccuracy: 'higher',
};

/**
 * Metrics that are the visitor's own figure, taken as typed (a percentage becomes a fraction):
 * each is benchmarked as it was given, and its working says so.
 */
export const GIVEN_METRICS = { winRate: 'winRatePct', salesCycleDays: 'salesCycleDays' } as const satisfies Partial<Record<MetricId, MetricInputField>>;

/** The two forms of one churn figure: judged once, together (see `benchmarkMetrics`). */
export const CHURN_METRICS = ['monthlyChurnRate', 'annualChurnRate'] as const satisfies readonly MetricId[];

/**
 * True when every customer at the start was lost in the period: a fact to state as such,
 * not a monthly rate (a year that loses everyone has no meaningful monthly churn).
 */
export function allCustomersLost(inputs: MetricInputs): boolean {
  return inputs.customersAtStart !== undefined && inputs.customersAtStart > 0 && inputs.customersLost === inputs.customersAtStart;
}

/**
 * The forecast's error as a share of actual revenue, in both directions: |actual − forecast| ÷ actual
 * (a forecast of 3× actual is 2, i.e. 200 %; one of ⅓ is 0.667). `null` without both figures or with no actual revenue.
 */
export function forecastError(inputs: MetricInputs): number | null {
  if (inputs.actualRevenue === undefined || inputs.forecastRevenue === undefined || inputs.actualRevenue === 0) return null;
  const error = Math.abs(inputs.actualRevenue - inputs.forecastRevenue) / inputs.actualRevenue;
  return Number.isFinite(error) ? error : null;
}

const CHURN = ['customersAtStart', 'customersLost'] as const;
const CAC = ['salesAndMarketingSpend', 'newCustomers'] as const;
const GROSS_PROFIT = ['arpa', 'grossMarginPct'] as const;

/** The inputs each metric needs; with any of them missing the metric is `null`. */
export const METRIC_REQUIRES: Record<MetricId, readonly MetricInputField[]> = {
  monthlyChurnRate: CHURN,
  annualChurnRate: CHURN,
  grr: ['mrrAtStart', 'churnedMrr', 'contractionMrr'],
  nrr: ['mrrAtStart', 'churnedMrr', 'contractionMrr', 'expansionMrr'],
  cac: CAC,
  clv: [...GROSS_PROFIT, ...CHURN],
  clvToCac: [...GROSS_PROFIT, ...CHURN, ...CAC],
  cacPaybackMonths: [...CAC, ...GROSS_PROFIT],
  conversionRate: ['leads', 'newCustomers'],
  winRate: ['winRatePct'],
  salesCycleDays: ['salesCycleDays'],
  pipelineVelocityPerDay: ['opportunities', 'winRatePct', 'averageDealSize', 'salesCycleDays'],
  forecastAccuracy: ['forecastRevenue', 'actualRevenue'],
};

/** The inputs a metric still needs. */
export function missingInputs(metric: MetricId, inputs: MetricInputs): MetricInputField[] {
  return METRIC_REQUIRES[metric].filter((field) => inputs[field] === undefined);
}

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
  // A year that lost everyone has no monthly rate: 1 − 0^(1/12) would read "100 % a month".
  const monthlyChurnRate =
    periodChurn === null ? null : inputs.period === 'month' ? periodChurn : allCustomersLost(inputs) ? null : monthlyFromAnnual(periodChurn);
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
  const conversionRate = ratio(inputs.newCustomers, inputs.leads);
  const pipelineVelocityPerDay =
    inputs.opportunities === undefined || inputs.winRatePct === undefined || inputs.averageDealSize === undefined
      ? null
      : ratio(inputs.opportunities * (inputs.winRatePct / 100) * inputs.averageDealSize, inputs.salesCycleDays);
  // Floored at 0 %: an error of 100 % or more is "no accuracy", never a negative percentage; the error itself is stated beside it.
  const error = forecastError(inputs);
  const forecastAccuracy = error === null ? null : Math.max(0, 1 - error);

  // The schema keeps churned + contraction ≤ start; clamping only absorbs floating-point rounding.
  const clamp = (value: number | null, max = Infinity) => (value === null ? null : Math.min(max, Math.max(0, value)));
  return {
    monthlyChurnRate: finite(monthlyChurnRate),
    annualChurnRate: finite(annualChurnRate),
    grr: finite(clamp(grr, 1)),
    nrr: finite(clamp(nrr)),
    cac,
    clv,
    clvToCac,
    cacPaybackMonths,
    conversionRate,
    winRate: inputs.winRatePct === undefined ? null : finite(inputs.winRatePct / 100),
    salesCycleDays: inputs.salesCycleDays === undefined ? null : finite(inputs.salesCycleDays),
    pipelineVelocityPerDay,
    forecastAccuracy: finite(forecastAccuracy),
  };
}
