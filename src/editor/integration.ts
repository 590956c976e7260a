import type { AstroIntegration } from 'astro';
import { fileURLToPath } from 'node:url';

/**
 * The content editor (Keystatic) at /keystatic and its API at /api/keystatic/. astro.config.mjs adds
 * it under `astro dev` (writing `content/` on disk) and to a build only when PUBLIC_KEYSTATIC_GITHUB_REPO
 * is set (the editor then commits to GitHub). Its React loads on the editor's page only.
 */
export function contentEditor(): AstroIntegration {
  return {
    name: 'content-editor',
    hooks: {
      'astro:config:setup': ({ injectRoute, updateConfig }) => {
        const configPath = fileURLToPath(new URL('./keystatic.config.ts', import.meta.url));
        updateConfig({
          vite: {
            plugins: [
              {
                name: 'keystatic-config',
                resolveId: (id: string) => (id === 'virtual:keystatic-config' ? configPath : null),
              },
            ],
            optimizeDeps: { include: ['@keystatic/core', '@keystatic/core/ui', '@keystatic/astro/ui', 'react', 'react-dom', 'react-dom/client', 'yaml'] },
          },
        });
        injectRoute({ pattern: '/keystatic/[...params]', entrypoint: fileURLToPath(new URL('./page.astro', import.meta.url)), prerender: false });
        injectRoute({ pattern: '/api/keystatic/[...params]', entrypoint: fileURLToPath(new URL('./api.ts', import.meta.url)), prerender: false });
      },
    },
  };
}
