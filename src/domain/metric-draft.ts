import type { Locale } from './locale.ts';
import {
  computeMetrics, METRIC_IDS, METRIC_INPUT_FIELDS, METRIC_INPUT_KINDS, METRIC_REQUIRES, metricInputIssues,
  type Currency, type MetricId, type MetricInputError, type MetricInputField, type MetricInputs, type MetricValues,
} from './metrics.ts';
import { readNumberInput } from './number-input.ts';
import { formatMoney, formatNumber } from './format.ts';

/** What the visitor typed in the metrics step, as typed. */
export interface MetricDraft {
  period: 'month' | 'year';
  /** The currency of every money amount; unset or '' when not stated. */
  currency?: Currency | '';
  values: Partial<Record<MetricInputField, string>>;
  /** The reading the visitor confirmed for an ambiguous field, valid while the field still holds `raw`. */
  chosen?: Partial<Record<MetricInputField, { raw: string; value: number }>>;
}

/** How the metrics step shows one typed field. */
export interface MetricFieldView {
  /** The number as understood, in the page's language ("90.000 €"); absent while unreadable or unconfirmed. */
  understood?: string;
  /** Why the field cannot be used: unreadable (`not-a-number`, `not-whole`, …) or impossible (`over-100`, …). */
  error?: MetricInputError;
  /** Two possible readings, formatted, and the one the visitor confirmed (null until then). */
  choice?: { raw: string; values: [number, number]; labels: [string, string]; chosen: number | null };
}

export interface MetricResult {
  /** The usable inputs: fields with a problem or an unconfirmed reading left out. */
  inputs: MetricInputs;
  /** The message id for each field that cannot be used. */
  errors: Partial<Record<MetricInputField, MetricInputError>>;
  /** What to show under each typed field. */
  fields: Partial<Record<MetricInputField, MetricFieldView>>;
  /** Fields that stop the results, in form order: with an error or an unconfirmed reading. */
  problems: MetricInputField[];
  /** For each metric: inputs never typed, and typed inputs that need fixing or confirming. */
  needs: Record<MetricId, { missing: MetricInputField[]; check: MetricInputField[] }>;
  values: MetricValues;
  /** Whether any number was typed. */
  any: boolean;
}

/**
 * Reads each typed field by what it holds (see `readNumberInput`), then checks
 * the result with the schema's rules; a field with a problem is reported and
 * left out, the rest still computes.
 */
export function parseMetricDraft(draft: MetricDraft, locale: Locale): MetricResult {
  const currency = draft.currency || undefined;
  const candidate: Record<string, unknown> = { period: draft.period, ...(currency ? { currency } : {}) };
  const fields: MetricResult['fields'] = {};
  const errors: MetricResult['errors'] = {};
  const pending: MetricInputField[] = [];
  const show = (field: MetricInputField, value: number) => {
    const kind = METRIC_INPUT_KINDS[field];
    return kind === 'money' ? formatMoney(value, locale, currency, 4) : `${formatNumber(value, locale, 4)}${kind === 'percent' ? ' %' : ''}`;
  };
  let any = false;
  for (const field of METRIC_INPUT_FIELDS) {
    // Drafts saved before "customers won" and "new customers" became one field.
    const raw = draft.values[field] ?? (field === 'newCustomers' ? (draft.values as Record<string, string>).customersWon : undefined) ?? '';
    const kind = METRIC_INPUT_KINDS[field];
    const reading = readNumberInput(raw, kind === 'count' || kind === 'percent' ? kind : 'amount');
    if (reading.status === 'empty') continue;
    any = true;
    if (reading.status === 'invalid') {
      errors[field] = reading.reason;
      fields[field] = { error: reading.reason };
    } else if (reading.status === 'ambiguous') {
      const chosen = draft.chosen?.[field];
      const picked = chosen && chosen.raw === raw && reading.candidates.includes(chosen.value) ? chosen.value : null;
      fields[field] = { choice: { raw: raw.trim(), values: reading.candidates, labels: [show(field, reading.candidates[0]), show(field, reading.candidates[1])], chosen: picked } };
      if (picked === null) pending.push(field);
      else candidate[field] = picked;
    } else {
      candidate[field] = reading.value;
    }
  }
  for (const issue of metricInputIssues(candidate)) {
    const field = issue.path[0] as MetricInputField;
    errors[field] = issue.message;
    fields[field] = { ...fields[field], error: issue.message };
    delete candidate[field];
  }
  for (const field of METRIC_INPUT_FIELDS) {
    const value = candidate[field];
    if (typeof value === 'number') fields[field] = { ...fields[field], understood: show(field, value) };
  }
  const problems = METRIC_INPUT_FIELDS.filter((f) => errors[f] || pending.includes(f));
  const inputs = candidate as MetricInputs;
  const needs = Object.fromEntries(
    METRIC_IDS.map((id) => {
      const absent = METRIC_REQUIRES[id].filter((f) => inputs[f] === undefined);
      return [id, { missing: absent.filter((f) => !problems.includes(f)), check: absent.filter((f) => problems.includes(f)) }];
    }),
  ) as MetricResult['needs'];
  return { inputs, errors, fields, problems, needs, values: computeMetrics(inputs), any };
}

