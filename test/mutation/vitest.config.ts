import { defineConfig } from 'vitest/config';

const root = new URL('../..', import.meta.url).pathname;

/** The domain's own tests: what mutation testing of `src/domain` runs against each mutant. */
export default defineConfig({
  test: {
    root,
    include: ['test/domain/**/*.test.ts'],
    testTimeout: 20_000,
  },
});
