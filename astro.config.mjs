// @ts-check
import { defineConfig } from 'astro/config';
import preact from '@astrojs/preact';
import node from '@astrojs/node';
import vercel from '@astrojs/vercel';

// Vercel sets VERCEL=1 during its builds; everywhere else the Node server runs the site.
// The database migrations are read from disk at run time, so the Vercel function ships them.
const adapter = process.env.VERCEL ? vercel({ includeFiles: ['./src/server/db/migrations'] }) : node({ mode: 'standalone' });

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

export default defineConfig({
  site: process.env.SITE_URL ?? 'http://localhost:4321',
  integrations: [preact(), devOnlyPages],
  adapter,
  trailingSlash: 'ignore',
});
