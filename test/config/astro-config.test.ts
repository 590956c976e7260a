import { describe, expect, it } from 'vitest';
import config from '../../astro.config.mjs';

type Hook = (options: { command: string; injectRoute: (route: { pattern: string; entrypoint: string }) => void }) => void;

function injectedRoutes(command: string): string[] {
  const integration = config.integrations?.find((i) => i && 'name' in i && i.name === 'dev-only-pages') as { hooks: Record<string, Hook> } | undefined;
  if (!integration) throw new Error('dev-only-pages integration missing');
  const routes: string[] = [];
  integration.hooks['astro:config:setup']!({ command, injectRoute: (route) => routes.push(route.pattern) });
  return routes;
}

describe('astro.config.mjs', () => {
  it('routes the content preview and the outbox under `astro dev`', () => {
    expect(injectedRoutes('dev')).toEqual(['/dev/content', '/dev/outbox']);
  });
  it('leaves the content preview out of production builds', () => {
    expect(injectedRoutes('build')).toEqual([]);
  });
});
