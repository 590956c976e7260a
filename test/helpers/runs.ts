/**
 * Inputs a property test tries: `n` in `npm test`, at most `PROPERTY_RUNS` under mutation testing
 * (test/mutation/vitest.config.ts), which runs the domain's tests once per mutant.
 */
export function runs(n: number): number {
  const cap = Number(process.env.PROPERTY_RUNS);
  return Number.isFinite(cap) && cap > 0 ? Math.min(n, cap) : n;
}

/** Stryker's global state while mutation testing runs (its `activeMutant` is the mutant switched on), else undefined. */
export function strykerState(): { activeMutant?: string } | undefined {
  return (globalThis as { __stryker__?: { activeMutant?: string } }).__stryker__;
}
