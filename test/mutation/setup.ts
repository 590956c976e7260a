import fc from 'fast-check';
import { strykerState } from '../helpers/runs.ts';

// The test files share one worker (`isolate: false` in vitest.config.ts), so Stryker's global state
// outlives a run: switch the previous run's mutant off before this file's module-level code runs
// (Stryker switches the current one on in a `beforeAll` hook), as a fresh worker would.
const stryker = strykerState();
if (stryker) stryker.activeMutant = undefined;

// Mutation testing runs the domain's tests once per mutant, thousands of times: property tests
// try 10 inputs each there (fast-check's default of 100 runs in `npm test`). A mutant a property
// catches is almost always caught within the first few inputs. A failing property stops at its
// first counterexample instead of shrinking it: under mutation, that it fails is all that counts.
fc.configureGlobal({ numRuns: 10, endOnFailure: true });
