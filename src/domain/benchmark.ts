import { METRIC_IDS, type MetricId, type MetricValues } from './metrics.ts';
import type { Benchmark, Quality, Verdict } from './schemas/benchmark.ts';
import type { Segment } from './schemas/segment.ts';

export const VERDICTS = ['below', 'typical', 'good', 'excellent'] as const;

function specificity(benchmark: Pick<Benchmark, 'businessModels' | 'dealSizes'>): number {
  return (benchmark.businessModels ? 2 : 0) + (benchmark.dealSizes ? 1 : 0);
}

const QUALITY_RANK: Record<Quality, number> = { solid: 2, secondary: 1, weak: 0 };

/**
 * The benchmark for a metric and segment: the most specific match, then the best quality.
 * A benchmark restricted to business models or deal sizes only matches a visitor who chose one of them.
 */
export function findBenchmark<B extends Pick<Benchmark, 'metric' | 'businessModels' | 'dealSizes' | 'quality'>>(
  benchmarks: readonly B[],
  metric: MetricId,
  segment: Segment,
): B | null {
  const matches = benchmarks.filter(
    (b) =>
      b.metric === metric &&
      (!b.businessModels || (segment.businessModel !== undefined && b.businessModels.includes(segment.businessModel))) &&
      (!b.dealSizes || (segment.dealSize !== undefined && b.dealSizes.includes(segment.dealSize))),
  );
  matches.sort((a, b) => specificity(b) - specificity(a) || QUALITY_RANK[b.quality] - QUALITY_RANK[a.quality]);
  return matches[0] ?? null;
}

/** The verdict of a value against a benchmark's ranges. */
export function verdictFor(bands: readonly { verdict: Verdict; upTo?: number | undefined }[], value: number): Verdict {
  const band = bands.find((b) => b.upTo === undefined || value < b.upTo) ?? bands[bands.length - 1];
  if (!band) throw new Error('verdictFor needs at least one range');
  return band.verdict;
}

/** Each computed metric's verdict against the segment's benchmark; `null` when not computed. */
export function benchmarkMetrics<B extends Pick<Benchmark, 'metric' | 'businessModels' | 'dealSizes' | 'quality' | 'bands'>>(
  values: MetricValues,
  benchmarks: readonly B[],
  segment: Segment,
): Partial<Record<MetricId, { benchmark: B | null; verdict: Verdict | null }>> {
  const out: Partial<Record<MetricId, { benchmark: B | null; verdict: Verdict | null }>> = {};
  for (const metric of METRIC_IDS) {
    const value = values[metric];
    if (value === null) continue;
    const benchmark = findBenchmark(benchmarks, metric, segment);
    out[metric] = { benchmark, verdict: benchmark ? verdictFor(benchmark.bands, value) : null };
  }
  return out;
}
