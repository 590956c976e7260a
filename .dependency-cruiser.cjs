/**
 * The import rules of the codebase, checked by `npm run check:imports` (and by
 * test/config/imports.test.ts in `npm test`):
 * - no import circle anywhere in src/;
 * - the domain (src/domain) is pure: it imports nothing from the server, the
 *   stores, the components or the pages;
 * - a server feature (src/server/<feature>/) is used by others only through its
 *   index.ts; lib/ and db/ are shared plumbing.
 */
module.exports = {
  forbidden: [
    {
      name: 'no-circular',
      severity: 'error',
      comment: 'An import circle: split the shared part into its own module.',
      from: { path: '^src/' },
      to: { circular: true },
    },
    {
      name: 'domain-is-pure',
      severity: 'error',
      comment: 'src/domain is pure logic shared by browser and server: it imports no server, store, component or page code.',
      from: { path: '^src/domain/' },
      to: { path: '^src/(server|stores|components|pages|layouts)/' },
    },
    {
      name: 'feature-internals',
      severity: 'error',
      comment: "Another feature's internals: import its index.ts instead (src/server/<feature>/index.ts).",
      from: { path: '^src/server/([^/]+)/' },
      to: { path: '^src/server/(auth|consultants|content|crm|email|email-events|funnel|leads|outbox|peers|report-pdf|share|workspace)/', pathNot: ['^src/server/$1/', '/index\\.ts$'] },
    },
    {
      name: 'feature-internals-from-outside',
      severity: 'error',
      comment: "A feature's internals: import its index.ts instead (src/server/<feature>/index.ts).",
      from: { path: '^src/', pathNot: '^src/server/[^/]+/' },
      to: { path: '^src/server/(auth|consultants|content|crm|email|email-events|funnel|leads|outbox|peers|report-pdf|share|workspace)/', pathNot: '/index\\.ts$' },
    },
    {
      name: 'browser-code-stays-off-the-server',
      severity: 'error',
      comment: 'Stores and islands run in the browser: they cannot import server code.',
      from: { path: '^src/(stores|components)/.+\\.tsx?$' },
      to: { path: '^src/server/' },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    exclude: { path: '(^|/)node_modules/|^dist/|^\\.astro/' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: { extensions: ['.ts', '.tsx', '.mjs', '.js'] },
  },
};
