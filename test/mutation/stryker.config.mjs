// @ts-check
/**
 * Mutation testing of `src/domain` (`npm run test:mutation`): Stryker changes the domain's code
 * one small mutation at a time and runs the domain's tests against each; a mutant no test
 * notices is a behaviour the tests do not pin down.
 * @type {import('@stryker-mutator/api/core').PartialStrykerOptions}
 */
export default {
  testRunner: 'vitest',
  vitest: { configFile: 'test/mutation/vitest.config.ts', related: false },
  mutate: ['src/domain/**/*.ts', '!src/domain/schemas/**'],
  reporters: ['clear-text', 'progress', 'html'],
  htmlReporter: { fileName: 'test-results/mutation/index.html' },
  tempDirName: '.stryker-tmp',
  concurrency: 2,
  coverageAnalysis: 'perTest',
  // Mutants of module-level code (constants, tables) would need every test for each: they are left out,
  // and the code they build is tested through the functions that use it.
  ignoreStatic: true,
  // Beyond the expected time of a mutant's tests: a mutant that loops forever is cut after 5 s more.
  timeoutMS: 5_000,
  // CI fails below 85 %: a domain change must come with tests that can tell right from wrong.
  thresholds: { high: 90, low: 85, break: 85 },
  // A whole run takes over an hour on two cores. The results of the last full run are kept in the
  // repository: a run tests again only the mutants whose code or covering tests changed since, and
  // still reports (and holds the threshold on) every mutant. Commit the file a run rewrites.
  incremental: true,
  incrementalFile: 'test/mutation/stryker-incremental.json',
};
