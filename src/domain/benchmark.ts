import { CHURN_METRICS, METRIC_BETTER, METRIC_IDS, monthlyFromAnnual, annualFromMonthly, type MetricId, type MetricValues } from './metrics.ts';
import type { Benchmark, Comparison, Quality, Verdict } from './schemas/benchmark.ts';
import type { Segment } from './schemas/segment.ts';

// Verdicts and their tones live in a module without zod, shared with the benchmark schema and the browser.
export { VERDICTS, VERDICT_TONE, type VerdictTone } from './verdicts.ts';

function specificity(benchmark: Pick<Benchmark, 'businessModels' | 'dealSizes'>): number {
  return (benchmark.businessModels ? 2 : 0) + (benchmark.dealSizes ? 1 : 0);
}

const QUALITY_RANK: Record<Quality, number> = { solid: 2, secondary: 1, weak: 0 };

type Candidate = Pick<Benchmark, 'metric' | 'businessModels' | 'dealSizes' | 'quality'> & { broader?: boolean | undefined; role?: Benchmark['role'] };

/** Which line a benchmark gives: the metric's one verdict, or the target line shown beneath it. */
export type BenchmarkRole = NonNullable<Benchmark['role']>;
const roleOf = (b: Candidate): BenchmarkRole => b.role ?? 'verdict';

/** The metrics whose benchmarks judge `metric`: both forms of churn for either, the metric itself otherwise. */
function judgedWith(metric: MetricId): readonly MetricId[] {
  return (CHURN_METRICS as readonly MetricId[]).includes(metric) ? CHURN_METRICS : [metric];
}

/**
 * The benchmark for a metric and segment: the most specific match, then one whose population is the
 * business model itself over a `broader` one, then the best quality. A benchmark restricted to business
 * models or deal sizes only matches a visitor who chose one of them. Either form of churn finds the
 * benchmarks of both forms, so one churn figure gets one judgement. `role` picks the verdict (the
 * default) or the target line.
 */
export function findBenchmark<B extends Candidate>(benchmarks: readonly B[], metric: MetricId, segment: Segment, role: BenchmarkRole = 'verdict'): B | null {
  const metrics = judgedWith(metric);
  const matches = benchmarks.filter(
    (b) =>
      roleOf(b) === role &&
      metrics.includes(b.metric) &&
      (!b.businessModels || b.businessModels.some((id) => id === segment.businessModel)) &&
      (!b.dealSizes || b.dealSizes.some((id) => id === segment.dealSize)),
  );
  matches.sort(
    (a, b) => specificity(b) - specificity(a) || Number(a.broader === true) - Number(b.broader === true) || QUALITY_RANK[b.quality] - QUALITY_RANK[a.quality],
  );
  return matches[0] ?? null;
}

/**
 * Why a computed metric has no verdict: `metric` (no sourced figure for it at all),
 * `choose-business-model` (figures exist, for business models, and the visitor chose none),
 * `business-model` (none for the visitor's business model: never borrowed from another),
 * `deal-size` (figures for the business model go by deal size and the visitor chose none),
 * `other-deal-size` (figures for the business model cover other deal sizes than the visitor's:
 * never borrowed from another size either). Target lines are not verdicts and do not count.
 */
export type NoBenchmarkReason = 'metric' | 'choose-business-model' | 'business-model' | 'deal-size' | 'other-deal-size';

export function noBenchmarkReason(benchmarks: readonly Candidate[], metric: MetricId, segment: Segment): NoBenchmarkReason {
  const metrics = judgedWith(metric);
  const forMetric = benchmarks.filter((b) => roleOf(b) === 'verdict' && metrics.includes(b.metric));
  if (forMetric.length === 0) return 'metric';
  if (segment.businessModel === undefined) return 'choose-business-model';
  const model = segment.businessModel;
  if (!forMetric.some((b) => !b.businessModels || b.businessModels.includes(model))) return 'business-model';
  return segment.dealSize === undefined ? 'deal-size' : 'other-deal-size';
}

/**
 * The verdict of a value against what a source gives, in the metric's direction (`better`).
 * Quartile edges, targets and the ends of ranges count inclusively ("top quartile: 6 months or less",
 * "CLV:CAC of 3 or more", "within the target of 80–90 %").
 * @example judge({ kind: 'median', median: 0.1 }, 'lower', 0.3) // 'worse-than-median'
 */
export function judge(compare: Comparison, better: 'lower' | 'higher', value: number): Verdict {
  // Signed so that a positive number is always the better side, whatever the metric's direction.
  const s = (x: number) => (better === 'lower' ? -x : x);
  const v = s(value);
  switch (compare.kind) {
    case 'median':
      return v > s(compare.median) ? 'better-than-median' : v < s(compare.median) ? 'worse-than-median' : 'at-median';
    case 'average':
      return v > s(compare.average) ? 'better-than-average' : v < s(compare.average) ? 'worse-than-average' : 'at-average';
    case 'quartiles':
      if (v >= s(compare.top)) return 'top-quartile';
      if (v <= s(compare.bottom)) return 'bottom-quartile';
      return v > s(compare.median) ? 'better-than-median' : v < s(compare.median) ? 'worse-than-median' : 'at-median';
    case 'target':
      return v >= s(compare.target) ? 'meets-target' : 'misses-target';
    case 'target-range': {
      const best = Math.max(s(compare.low), s(compare.high));
      const worst = Math.min(s(compare.low), s(compare.high));
      return v > best ? 'better-than-target-range' : v < worst ? 'worse-than-target-range' : 'within-target-range';
    }
    case 'range': {
      const best = Math.max(s(compare.low), s(compare.high));
      const worst = Math.min(s(compare.low), s(compare.high));
      return v > best ? 'better-than-range' : v < worst ? 'worse-than-range' : 'within-range';
    }
  }
}

/** A metric's judgement: its verdict, and the target line beneath it when a source sets a target for the segment. */
export interface MetricJudgement<B> {
  benchmark: B | null;
  verdict: Verdict | null;
  /** The value judged, in the benchmark's own form (a churn rate converted to the benchmark's period); `null` without a benchmark. */
  judgedValue: number | null;
  /** Absent when no target applies. Judged on the same value as the verdict, so the two never disagree on the number. */
  target?: { benchmark: B; verdict: Verdict; judgedValue: number };
}

/**
 * Each computed metric's verdict against the segment's benchmark; `null` when not computed.
 * Both forms of churn share one benchmark and one verdict, taken in the benchmark's own form.
 * A target (`role: target`) adds a second, separate line and never changes the verdict.
 */
export function benchmarkMetrics<B extends Candidate & Pick<Benchmark, 'compare'>>(
  values: MetricValues,
  benchmarks: readonly B[],
  segment: Segment,
): Partial<Record<MetricId, MetricJudgement<B>>> {
  const out: Partial<Record<MetricId, MetricJudgement<B>>> = {};
  for (const metric of METRIC_IDS) {
    const own = values[metric];
    if (own === null) continue;
    // A benchmark is judged in its own form: the metric's value or, for churn, the other form as computed,
    // converted from this one when it is missing (a year that lost everyone has no monthly rate).
    const inForm = (form: MetricId) => values[form] ?? (form === 'annualChurnRate' ? annualFromMonthly(own) : monthlyFromAnnual(own));
    const judged = (b: B) => judge(b.compare, METRIC_BETTER[b.metric], inForm(b.metric));
    const benchmark = findBenchmark(benchmarks, metric, segment);
    const judgement: MetricJudgement<B> = { benchmark, verdict: benchmark && judged(benchmark), judgedValue: benchmark && inForm(benchmark.metric) };
    const target = findBenchmark(benchmarks, metric, segment, 'target');
    if (target) judgement.target = { benchmark: target, verdict: judged(target), judgedValue: inForm(target.metric) };
    out[metric] = judgement;
  }
  return out;
}
