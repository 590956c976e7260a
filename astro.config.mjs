// @ts-check
import { readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { defineConfig, passthroughImageService } from 'astro/config';
import preact from '@astrojs/preact';
import react from '@astrojs/react';
import node from '@astrojs/node';
import vercel from '@astrojs/vercel';
import { CSP_DIRECTIVES, CSP_STYLE_ATTRIBUTES } from './src/server/lib/security-headers.ts';
import { contentEditor } from './src/editor/integration.ts';

// Vercel sets VERCEL=1 during its builds; everywhere else the Node server runs the site.
// The database migrations are read from disk at run time, so the Vercel function ships them, but
// for drizzle-kit's snapshots, which only `npm run db:generate` reads (about 40 KB a migration).
// `staticHeaders`: prerendered pages get their Content-Security-Policy as a header, not a
// `<meta>` element, because `frame-ancestors` is ignored in a `<meta>`.
const onVercel = Boolean(process.env.VERCEL);
const migrationSnapshots = readdirSync(new URL('./src/server/db/migrations/meta', import.meta.url))
  .filter((name) => name.endsWith('_snapshot.json'))
  .map((name) => `./src/server/db/migrations/meta/${name}`);
const adapter = onVercel
  ? vercel({ includeFiles: ['./src/server/db/migrations'], excludeFiles: migrationSnapshots, staticHeaders: true })
  : node({ mode: 'standalone', staticHeaders: true });

/**
 * What Vercel builds change, to keep the one function small (budgets: test/quality/vercel.test.ts).
 * - The embedded database (PGlite: 17 MB of WebAssembly and data) is left out: `embedded.ts` is
 *   replaced by `embedded-absent.ts`. A function has no writable disk for PGlite's files, and
 *   production requires DATABASE_URL (src/server/env.ts); a deployment without it answers 503 and
 *   logs why.
 * - Better Auth's telemetry (off: src/server/auth/auth.ts) comes in its platform-neutral build: the
 *   Node build reads `node_modules/<name>/package.json` for a computed name, and the function's file
 *   tracing then copies every installed package's package.json (1.4 MB).
 */
const vercelFunction = {
  name: 'vercel-function',
  enforce: /** @type {const} */ ('pre'),
  /**
   * @this {{ resolve(source: string, importer?: string, options?: { skipSelf?: boolean }): Promise<{ id: string } | null> }}
   * @param {string} source @param {string | undefined} importer
   */
  async resolveId(source, importer) {
    if (source === './embedded.ts' && importer?.endsWith('/src/server/db/client.ts')) {
      return fileURLToPath(new URL('./src/server/db/embedded-absent.ts', import.meta.url));
    }
    if (source === '@better-auth/telemetry') {
      const resolved = await this.resolve(source, importer, { skipSelf: true });
      return resolved?.id.replace(/\/node\.mjs$/, '/index.mjs') ?? null;
    }
    return null;
  },
};

// The function bundles the packages it imports (one copy each, only what is used; file tracing
// would copy every file a package's `exports` may load, its CommonJS and ES builds both), but for
// those that load files of their own at run time: resvg's native addon, pdfkit's font metrics
// (AFM), node-postgres' optional native binding.
const vercelVite = {
  plugins: [vercelFunction],
  ssr: { noExternal: /** @type {const} */ (true), external: ['@resvg/resvg-js', 'pdfkit', 'pg'] },
};

/** Routes that exist only under `astro dev`, never in a production build. */
const devOnlyPages = {
  name: 'dev-only-pages',
  hooks: {
    /** @param {{ command: string, injectRoute: (route: { pattern: string, entrypoint: string }) => void }} options */
    'astro:config:setup': ({ command, injectRoute }) => {
      if (command !== 'dev') return;
      injectRoute({ pattern: '/dev/content', entrypoint: './src/pages/_dev/content-preview.astro' });
      injectRoute({ pattern: '/dev/outbox', entrypoint: './src/pages/_dev/outbox.astro' });
    },
  },
};

/**
 * The site's `client:` directives: `client:painted` (islands hydrated after the first paint) and
 * `client:withdata` (the same, once the island's JSON is fetched); see src/components/*-directive.ts.
 */
const paintedDirective = {
  name: 'painted-directive',
  hooks: {
    /** @param {{ addClientDirective: (directive: { name: string, entrypoint: string }) => void }} options */
    'astro:config:setup': ({ addClientDirective }) => {
      addClientDirective({ name: 'painted', entrypoint: './src/components/painted-directive.ts' });
      addClientDirective({ name: 'withdata', entrypoint: './src/components/withdata-directive.ts' });
    },
  },
};

// `astro dev` serves Vite's own scripts and styles, which a hash-based policy would block;
// the policy is for what gets built and deployed.
const devServer = process.argv.includes('dev');

// The content editor (src/editor/): under `astro dev`, writing content/; in a build only when it
// commits to GitHub (PUBLIC_KEYSTATIC_GITHUB_REPO), so no server writes its own files. React, which it
// is made of, is in the build only then.
const withEditor = devServer || Boolean(process.env.PUBLIC_KEYSTATIC_GITHUB_REPO);

export default defineConfig({
  site: process.env.SITE_URL ?? 'http://localhost:4321',
  // Preact for the site's islands; React only for the content editor (src/editor/, Keystatic).
  integrations: [
    preact({ exclude: ['src/editor/**'] }),
    ...(withEditor ? [react({ include: ['src/editor/**', '**/node_modules/@keystatic/**'] }), contentEditor()] : []),
    devOnlyPages,
    paintedDirective,
  ],
  adapter,
  // The site has no `astro:assets` images (the share preview is drawn by resvg): the image endpoint
  // passes files through, so no build carries sharp and its 19 MB of libvips.
  image: { service: passthroughImageService() },
  vite: onVercel && !devServer ? vercelVite : {},
  trailingSlash: 'ignore',
  // Every page's styles in its own HTML: the first paint waits for no other request.
  build: { inlineStylesheets: 'always' },
  // Astro adds the hashes of its own inline scripts and styles (island hydration) to
  // script-src and style-src; nothing inline runs without one.
  // The cross-site form check is the site's own (src/server/lib/origin.ts): the RFC 8058
  // one-click unsubscribe must take POSTs that mail providers send without an Origin.
  security: devServer
    ? { checkOrigin: false }
    : {
        checkOrigin: false,
        csp: {
          directives: [...CSP_DIRECTIVES],
          styleDirective: { resources: ["'self'", { resource: CSP_STYLE_ATTRIBUTES, kind: 'attribute' }] },
        },
      },
});
