import { METRIC_INPUT_FIELDS, METRIC_INPUT_KINDS } from '../domain/metrics.ts';
import { readNumberInput } from '../domain/number-input.ts';
import { RETAKE_PARAM, type RetakeData } from '../domain/retake.ts';
import { answer, chooseReading, setCurrency, setMetricValue, setPeriod, setSegment, startOver } from './diagnostic.ts';
import { $baseline } from './baseline.ts';

// Loaded by the diagnostic page only when its address has `?retake=` (a dynamic import): the
// diagnostic's own bundle never carries it. The results page reads the change from `change.ts`,
// which never loads this module.

/**
 * Types a stored number into its field so that it reads back as the same number: digits and a
 * point ("1.5"); a fraction of exactly three digits gets a fourth ("1.2340"), which `readNumberInput`
 * could otherwise take for a thousands separator (1234), and a reading it cannot settle is confirmed.
 */
function typed(field: (typeof METRIC_INPUT_FIELDS)[number], value: number): void {
  const kind = METRIC_INPUT_KINDS[field];
  const read = (raw: string) => readNumberInput(raw, kind === 'count' || kind === 'percent' ? kind : 'amount');
  let raw = Number.isInteger(value) ? value.toFixed(0) : String(value);
  if (/e/i.test(raw)) raw = value.toFixed(12).replace(/\.?0+$/, '');
  const first = read(raw);
  if (first.status === 'ok' && first.value !== value && /\.\d{3}$/.test(raw)) raw = `${raw}0`;
  setMetricValue(field, raw);
  if (read(raw).status === 'ambiguous') chooseReading(field, value);
}

/** Fills the diagnostic with a previous submission's answers, segment and numbers, from the start, and keeps its scores as the baseline. */
export function prefill(data: RetakeData, token?: string): void {
  startOver();
  // Through the diagnostic's own action: the first answer records the start, as a visitor's would.
  for (const [questionId, value] of Object.entries(data.answers)) answer(questionId, value);
  if (data.segment.businessModel) setSegment('businessModel', data.segment.businessModel);
  if (data.segment.dealSize) setSegment('dealSize', data.segment.dealSize);
  const inputs = data.metricInputs;
  if (inputs) {
    setPeriod(inputs.period);
    if (inputs.currency) setCurrency(inputs.currency);
    for (const field of METRIC_INPUT_FIELDS) {
      const value = inputs[field];
      if (typeof value === 'number') typed(field, value);
    }
  }
  $baseline.set(data.previous ? { since: data.submittedAt, scores: data.previous, ...(token ? { token } : {}) } : null);
}

/**
 * "Take it again": reads `?retake=<token>` from the address, takes it out at once (a reload must
 * not undo the visitor's changes, and the token should not linger in the history), fetches the
 * previous submission and prefills the diagnostic with it. The diagnostic carries on as it was
 * when the token is unknown or the request fails.
 * @returns `loaded`, `none` (no token in the address) or `failed`
 */
export async function loadRetake(location: Pick<Location, 'href'> = window.location): Promise<'loaded' | 'none' | 'failed'> {
  const url = new URL(location.href);
  const token = url.searchParams.get(RETAKE_PARAM);
  if (!token) return 'none';
  url.searchParams.delete(RETAKE_PARAM);
  history.replaceState(history.state, '', `${url.pathname}${url.search}${url.hash}`);
  try {
    const response = await fetch(`/api/retake/${encodeURIComponent(token)}`, { headers: { accept: 'application/json' } });
    if (!response.ok) return 'failed';
    prefill((await response.json()) as RetakeData, token);
    return 'loaded';
  } catch {
    return 'failed';
  }
}
