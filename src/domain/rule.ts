import type { Condition, Rule } from './schemas/rule.ts';
import type { Verdict } from './schemas/benchmark.ts';
import type { Segment } from './schemas/segment.ts';
import { VERDICT_TONE } from './benchmark.ts';
import { METRIC_IDS, type Currency, type MetricId } from './metrics.ts';
import { fill, formatMetricValue } from './format.ts';
import type { Locale } from './locale.ts';

/** What a rule knows of one metric: its value (`null` when not computed) and its verdict (`null` without a benchmark). */
export interface RuleMetric {
  value: number | null;
  verdict: Verdict | null;
}

/** What a rule's conditions are tested against: the scores and answers, and the numbers and segment when given. */
export interface RuleContext {
  overall: number | null;
  dimensions: Record<string, number | null>;
  dontKnowShare: number;
  /** Answers by question id: an option id (or `dont-know` / `not-applicable`), or the ticked ids of a checklist. */
  answers?: Readonly<Record<string, string | readonly string[]>>;
  /** The computed metrics (rates as fractions, as computed) and their verdicts; absent without numbers. */
  metrics?: Partial<Record<MetricId, RuleMetric>>;
  /** The visitor's business model and deal size, either possibly unchosen. */
  segment?: Segment;
}

/**
 * A metric's value as the results page shows it, as a plain number: percentages in percent,
 * rounded the way they are displayed (0.0996 → 10, shown "10 %"; a CLV:CAC of 0.96 → 1, shown "1").
 * Conditions compare this figure, so a finding never says "below 1" beside a "1". `null` if not finite.
 * @example shownValue('nrr', 0.9512) // 95.1
 */
export function shownValue(metric: MetricId, value: number): number | null {
  if (!Number.isFinite(value)) return null;
  // Read back from the displayed text (without currency, in English): exactly the page's rounding, whatever the unit.
  const shown = Number(formatMetricValue(metric, value, 'en').replace(/[^\d.-]/g, ''));
  return Number.isFinite(shown) ? shown : null;
}

function inRange(value: number, { below, atLeast }: { below?: number | undefined; atLeast?: number | undefined }): boolean {
  if (below !== undefined && !(value < below)) return false;
  if (atLeast !== undefined && !(value >= atLeast)) return false;
  return true;
}

/**
 * Whether one condition holds. A dimension without a score, a question without an answer, a metric
 * not computed (or without a verdict, for a verdict or tone condition) or a segment not chosen fails its condition
 * (an `absent` answer condition too: nothing was said).
 */
export function conditionHolds(condition: Condition, context: RuleContext): boolean {
  if ('dontKnowShareAtLeast' in condition) return context.dontKnowShare >= condition.dontKnowShareAtLeast;
  if ('question' in condition) {
    const answer = context.answers?.[condition.question];
    if (answer === undefined) return false;
    const listed = typeof answer === 'string' ? condition.answer.includes(answer) : answer.some((id) => condition.answer.includes(id));
    return listed !== (condition.absent === true);
  }
  if ('metric' in condition) {
    const metric = context.metrics?.[condition.metric];
    if ('verdict' in condition) return metric?.verdict != null && condition.verdict.includes(metric.verdict);
    if ('tone' in condition) return metric?.verdict != null && condition.tone.includes(VERDICT_TONE[metric.verdict]);
    const shown = metric?.value == null ? null : shownValue(condition.metric, metric.value);
    return shown !== null && inRange(shown, condition);
  }
  if ('businessModel' in condition || 'dealSize' in condition) {
    const segment = context.segment ?? {};
    const matches = (listed: readonly string[] | undefined, chosen: string | undefined) => listed === undefined || (chosen !== undefined && listed.includes(chosen));
    return matches('businessModel' in condition ? condition.businessModel : undefined, segment.businessModel) && matches(condition.dealSize, segment.dealSize);
  }
  const score = condition.dimension === 'overall' ? context.overall : context.dimensions[condition.dimension];
  if (score === null || score === undefined) return false;
  return inRange(score, condition);
}

/** Whether every condition of a rule holds. */
export function ruleHolds(rule: Pick<Rule, 'when'>, context: RuleContext): boolean {
  return rule.when.every((condition) => conditionHolds(condition, context));
}

const PLACEHOLDER = /\{(\w+)\}/g;

/** The `{name}` placeholders of a text, in order: placeholders('CLV:CAC {clvToCac}') // ['clvToCac']. */
export function placeholders(text: string): string[] {
  return [...text.matchAll(PLACEHOLDER)].map((match) => match[1]!);
}

/** The metrics a rule's conditions make sure are computed: those of its metric, verdict and tone conditions. */
export function metricsComputedBy(rule: Pick<Rule, 'when'>): MetricId[] {
  const ids = rule.when.flatMap((condition) => ('metric' in condition ? [condition.metric] : []));
  return METRIC_IDS.filter((id) => ids.includes(id));
}

/**
 * Problems with the placeholders of a rule's texts, by field (`['body', 'pt']`): an unknown
 * name, or a metric no condition of the rule requires (its figure could be missing when the finding shows).
 */
export function placeholderIssues(rule: Pick<Rule, 'when' | 'title' | 'body'>): { path: string[]; message: string }[] {
  const computed = metricsComputedBy(rule);
  const issues: { path: string[]; message: string }[] = [];
  for (const field of ['title', 'body'] as const) {
    for (const [locale, text] of Object.entries(rule[field])) {
      for (const name of placeholders(text)) {
        if (!(METRIC_IDS as readonly string[]).includes(name)) {
          issues.push({ path: [field, locale], message: `unknown placeholder {${name}} (a metric id: ${METRIC_IDS.join(', ')})` });
        } else if (!computed.includes(name as MetricId)) {
          issues.push({ path: [field, locale], message: `placeholder {${name}} needs a condition on ${name} in "when" ({metric: ${name}, below/atLeast}, a verdict or a tone), so the figure exists whenever the finding shows` });
        }
      }
    }
  }
  return issues;
}

/**
 * A finding's text with each `{metricId}` replaced by the visitor's figure, formatted as on the
 * page ("0,5" in es, "0.5" in en; money in the visitor's currency).
 */
export function fillFigures(text: string, metrics: RuleContext['metrics'], locale: Locale, currency?: Currency | null): string {
  const figures: Record<string, string> = {};
  for (const id of METRIC_IDS) {
    const value = metrics?.[id]?.value;
    if (value != null && Number.isFinite(value)) figures[id] = formatMetricValue(id, value, locale, currency);
  }
  return fill(text, figures);
}
