import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { addModulePreloads } from '../../../src/server/lib/module-preload.ts';

let root: string | undefined;
afterEach(() => {
  if (root) rmSync(root, { recursive: true, force: true });
});

/** A built site: pages and `_astro/` chunks, as Astro writes them (minified imports, no spaces). */
function site(files: Record<string, string>): string {
  root = mkdtempSync(join(tmpdir(), 'revops-preload-'));
  for (const [name, content] of Object.entries(files)) {
    mkdirSync(join(root, name, '..'), { recursive: true });
    writeFileSync(join(root, name), content);
  }
  return root;
}

const island = '<html><head><title>x</title></head><body><astro-island uid="1" component-url="/_astro/Results.abc.js" component-export="default" renderer-url="/_astro/client.def.js"></astro-island></body></html>';

describe('addModulePreloads', () => {
  it("preloads every module an island loads, its imports' imports included, each once, in the head", () => {
    const dir = site({
      'resultados/index.html': island,
      'index.html': '<html><head></head><body><p>no island</p></body></html>',
      '_astro/Results.abc.js': 'import{r as e}from"./preact.1.js";import{h}from"./hooks.2.js";import"./side.3.js";export default 1',
      '_astro/hooks.2.js': 'import{r}from"./preact.1.js";export const h=1',
      '_astro/preact.1.js': 'export const r=1',
      '_astro/side.3.js': 'localStorage.x=1',
      '_astro/client.def.js': 'import{r}from"./preact.1.js";const later=()=>import("./lazy.4.js")',
      '_astro/lazy.4.js': 'export const lazy=1',
    });
    expect(addModulePreloads(dir)).toBe(1);
    const html = readFileSync(join(dir, 'resultados/index.html'), 'utf8');
    const preloaded = [...html.matchAll(/<link rel="modulepreload" href="([^"]+)">/g)].map((m) => m[1]);
    expect(preloaded.sort()).toEqual(['/_astro/Results.abc.js', '/_astro/client.def.js', '/_astro/hooks.2.js', '/_astro/preact.1.js', '/_astro/side.3.js']);
    expect(html.indexOf('modulepreload')).toBeLessThan(html.indexOf('</head>'));
    // A dynamic import loads on demand: not preloaded. A page without an island is left alone.
    expect(html).not.toContain('lazy.4.js');
    expect(readFileSync(join(dir, 'index.html'), 'utf8')).not.toContain('modulepreload');
    // Run twice (a second build hook), the links are not added again.
    expect(addModulePreloads(dir)).toBe(0);
  });
});
