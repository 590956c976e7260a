import { defineConfig } from 'vitest/config';

const root = new URL('..', import.meta.url).pathname;

export default defineConfig({
  test: {
    root,
    // `npm run test:all` runs the unit files and the browser files side by side, one file at a time
    // each, as two Vitest processes (test/run-all.ts): the machine has two cores.
    maxWorkers: 1,
    projects: [
      {
        test: {
          name: 'unit',
          root,
          include: ['test/**/*.test.ts'],
          exclude: ['test/e2e/**', 'test/quality/**', 'test/stores/**', 'node_modules/**'],
          // The files share one worker and the modules it loaded: a fresh worker per file cost more
          // than most files' tests. Globals and environment variables a test replaces are put back.
          isolate: false,
          unstubGlobals: true,
          unstubEnvs: true,
          testTimeout: 20_000,
          // Opening an in-memory database runs every migration: slow when the machine is busy.
          hookTimeout: 30_000,
        },
      },
      {
        // The stores replace browser globals (fetch, storage, navigator) and keep state in their
        // modules: a fresh worker per file.
        test: {
          name: 'stores',
          root,
          include: ['test/stores/**/*.test.ts'],
        },
      },
      {
        // Drives Chromium against the production build served by `npm start`; needs `npm run build` first.
        test: {
          name: 'e2e',
          root,
          include: ['test/e2e/**/*.test.ts'],
          globalSetup: ['test/e2e/global-setup.ts'],
          testTimeout: 90_000,
          hookTimeout: 90_000,
        },
      },
      {
        // Lighthouse scores, the submission endpoint under load and with its database cut, against
        // the production build (`npm run build` first), and the long fuzz run. Its own group order and one file at a time:
        // no other test competes for the CPU while it measures.
        test: {
          name: 'quality',
          root,
          // The submission fuzz test again, with 10,000 requests instead of npm test's 1,500.
          include: ['test/quality/**/*.test.ts', 'test/server/fuzz.test.ts'],
          env: { FUZZ_RUNS: '10000' },
          fileParallelism: false,
          sequence: { groupOrder: 1 },
          testTimeout: 60_000,
          hookTimeout: 240_000,
        },
      },
    ],
  },
});
