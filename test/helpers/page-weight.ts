import { readFileSync } from 'node:fs';
import { join, posix } from 'node:path';
import { gzipSync } from 'node:zlib';

/** Bytes a page makes the browser download, by kind, raw and gzipped (level 9). */
export interface PageWeight {
  html: { raw: number; gzip: number };
  css: { raw: number; gzip: number; files: string[] };
  js: { raw: number; gzip: number; files: string[] };
}

const gz = (text: string | Buffer) => gzipSync(text, { level: 9 }).length;

/** Every module a script pulls in: static imports, re-exports and dynamic imports with a relative path. */
function followImports(clientDir: string, file: string, seen: Set<string>): void {
  if (seen.has(file)) return;
  seen.add(file);
  const code = readFileSync(join(clientDir, file), 'utf8');
  const pattern = /(?:import|export)\s*(?:[\w*{}\s,$]+from\s*)?["']([^"']+\.m?js)["']|import\(\s*["']([^"']+\.m?js)["']\s*\)/g;
  for (const match of code.matchAll(pattern)) {
    const target = match[1] ?? match[2];
    if (!target) continue;
    const resolved = target.startsWith('/') ? target.slice(1) : posix.join(posix.dirname(file), target);
    followImports(clientDir, resolved, seen);
  }
}

/**
 * Measures a built page: its HTML, the CSS it links, and all the JavaScript it
 * runs: inline scripts, script files, islands' components and renderers, and
 * everything those import.
 * @param clientDir `dist/client`
 * @param pagePath e.g. `/diagnostico/`
 * @param served the page's HTML as the server sent it, for a page drawn on request (the results); else the built file is read
 */
export function measurePage(clientDir: string, pagePath: string, served?: string): PageWeight {
  const html = served ?? readFileSync(join(clientDir, pagePath, pagePath.endsWith('.html') ? '' : 'index.html'), 'utf8');
  const attr = (name: string) => [...html.matchAll(new RegExp(`${name}="([^"]+)"`, 'g'))].map((m) => m[1]!.replace(/&amp;/g, '&'));
  const local = (src: string) => (src.startsWith('/') ? src.slice(1) : posix.join(posix.dirname(pagePath), src));

  const inlineScripts = [...html.matchAll(/<script(?![^>]*\bsrc=)(?![^>]*type="application\/(?:ld\+)?json")[^>]*>([\s\S]*?)<\/script>/g)].map((m) => m[1] ?? '');
  const jsEntries = [
    ...[...html.matchAll(/<script[^>]*\bsrc="([^"]+)"/g)].map((m) => m[1]!),
    ...attr('component-url'),
    ...attr('renderer-url'),
    ...attr('before-hydration-url'),
    ...[...html.matchAll(/<link[^>]*rel="modulepreload"[^>]*href="([^"]+)"/g)].map((m) => m[1]!),
  ].filter((src) => !/^https?:/.test(src));
  const seen = new Set<string>();
  for (const src of jsEntries) followImports(clientDir, local(src), seen);
  const jsFiles = [...seen];
  const jsRaw = jsFiles.reduce((sum, f) => sum + readFileSync(join(clientDir, f)).length, 0) + inlineScripts.reduce((s, c) => s + Buffer.byteLength(c), 0);
  const jsGzip = jsFiles.reduce((sum, f) => sum + gz(readFileSync(join(clientDir, f))), 0) + inlineScripts.reduce((s, c) => s + (c.trim() ? gz(c) : 0), 0);

  const cssFiles = [...html.matchAll(/<link[^>]*rel="stylesheet"[^>]*href="([^"]+)"/g)].map((m) => local(m[1]!));
  const inlineCss = [...html.matchAll(/<style[^>]*>([\s\S]*?)<\/style>/g)].map((m) => m[1] ?? '');
  const cssRaw = cssFiles.reduce((s, f) => s + readFileSync(join(clientDir, f)).length, 0) + inlineCss.reduce((s, c) => s + Buffer.byteLength(c), 0);
  const cssGzip = cssFiles.reduce((s, f) => s + gz(readFileSync(join(clientDir, f))), 0) + inlineCss.reduce((s, c) => s + (c.trim() ? gz(c) : 0), 0);

  return {
    html: { raw: Buffer.byteLength(html), gzip: gz(html) },
    css: { raw: cssRaw, gzip: cssGzip, files: cssFiles },
    js: { raw: jsRaw, gzip: jsGzip, files: jsFiles },
  };
}
