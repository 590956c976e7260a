import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The static imports of a built module (`import … from "./x.js"`, `import "./x.js"`), as paths relative to the output root. */
function staticImports(root: string, file: string): string[] {
  const code = readFileSync(join(root, file), 'utf8');
  const found = [...code.matchAll(/(?:^|[;\s}])import\s*(?:[^'"`;]*?from\s*)?["'`](\.\.?\/[^"'`]+\.js)["'`]/g)].map((m) => m[1]!);
  return found.map((path) => relative(root, resolve(dirname(join(root, file)), path)));
}

/** A module and everything it statically imports, each once, from the output root (`/_astro/…`). */
function moduleGraph(root: string, entry: string, seen = new Set<string>()): Set<string> {
  if (seen.has(entry)) return seen;
  seen.add(entry);
  for (const next of staticImports(root, entry)) moduleGraph(root, next, seen);
  return seen;
}

/**
 * Adds `<link rel="modulepreload">` for every module an island of the page will load (its component,
 * its renderer and what they import) to each built HTML page: the browser then fetches them while it
 * parses the page, instead of one round trip after another once the island's script runs. Run on
 * the build's static output (`astro:build:done`).
 * @returns how many pages got links
 */
export function addModulePreloads(outputDir: URL | string): number {
  const root = typeof outputDir === 'string' ? outputDir : fileURLToPath(outputDir);
  let pages = 0;
  for (const file of readdirSync(root, { recursive: true, encoding: 'utf8' }).filter((name) => name.endsWith('.html'))) {
    const path = join(root, file);
    const html = readFileSync(path, 'utf8');
    const entries = [...html.matchAll(/\b(?:component-url|renderer-url)="\/([^"]+\.js)"/g)].map((m) => m[1]!);
    if (entries.length === 0 || html.includes('rel="modulepreload"')) continue;
    const modules = new Set<string>();
    for (const entry of entries) for (const module of moduleGraph(root, entry)) modules.add(module);
    const links = [...modules].map((module) => `<link rel="modulepreload" href="/${module.split('\\').join('/')}">`).join('');
    writeFileSync(path, html.replace('</head>', `${links}</head>`));
    pages++;
  }
  return pages;
}
