// @ts-check
import { defineConfig } from 'astro/config';
import preact from '@astrojs/preact';
import node from '@astrojs/node';
import vercel from '@astrojs/vercel';

// Vercel sets VERCEL=1 during its builds; everywhere else the Node server runs the site.
const adapter = process.env.VERCEL ? vercel() : node({ mode: 'standalone' });

/** Routes that exist only under `astro dev`, never in a production build. */
const devOnlyPages = {
  name: 'dev-only-pages',
  hooks: {
    /** @param {{ command: string, injectRoute: (route: { pattern: string, entrypoint: string }) => void }} options */
    'astro:config:setup': ({ command, injectRoute }) => {
      if (command !== 'dev') return;
      injectRoute({ pattern: '/dev/content', entrypoint: './src/pages/_dev/content-preview.astro' });
    },
  },
};

export default defineConfig({
  site: process.env.SITE_URL ?? 'http://localhost:4321',
  integrations: [preact(), devOnlyPages],
  adapter,
  trailingSlash: 'ignore',
});
