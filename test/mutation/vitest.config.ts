import { defineConfig } from 'vitest/config';

const root = new URL('../..', import.meta.url).pathname;

/** The domain's own tests: what mutation testing of `src/domain` runs against each mutant. */
export default defineConfig({
  test: {
    root,
    include: ['test/domain/**/*.test.ts'],
    setupFiles: ['test/mutation/setup.ts'],
    // Property tests and seeded sweeps try at most 10 inputs per mutant (see test/helpers/runs.ts).
    env: { PROPERTY_RUNS: '10' },
    testTimeout: 20_000,
    // The domain's tests are pure: one worker keeps the modules it has loaded from one test file to the
    // next (a run of every file takes 5 s instead of 21 s), and mutants are switched on at run time.
    isolate: false,
  },
});
