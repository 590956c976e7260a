// The share link's preview image (Open Graph PNG) in `npm run bench`: how long the built server takes
// to render it, how big it is, and what rendering it adds to the deployed function.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { LOAD_SERVER_ENV } from './load.ts';
import { ROOT, startBuiltServer } from './server.ts';
import { pngDimensions, sharedReport } from '../helpers/share.ts';

/** Warm renders timed after the first (each a fresh request: the image is rendered per request). */
export const SHARE_IMAGE_RUNS = 20;

export interface ShareImageResult {
  /** The first request after start: loads resvg's native addon and decodes the fonts. */
  firstMs: number;
  /** The median of `SHARE_IMAGE_RUNS` later requests, over loopback HTTP. */
  medianMs: number;
  pngBytes: number;
  width: number;
  height: number;
  /** resvg's native addon for Vercel's runtime (linux-x64-gnu) and its JavaScript. */
  rendererBytes: number;
  /** The server chunk that carries the two inlined fonts. */
  fontChunkBytes: number;
}

function folderBytes(path: string): number {
  let total = 0;
  for (const entry of readdirSync(path, { withFileTypes: true, recursive: true })) {
    if (entry.isFile()) total += statSync(join(entry.parentPath, entry.name)).size;
  }
  return total;
}

/** The built server chunk holding the inlined Inter fonts (base64 of a TrueType file starts `AAEAAA`). */
function fontChunkBytes(): number {
  const chunks = join(ROOT, 'dist/server/chunks');
  let largest = 0;
  for (const name of readdirSync(chunks, { recursive: true, encoding: 'utf8' })) {
    const file = join(chunks, name);
    if (!name.endsWith('.mjs') || !statSync(file).isFile()) continue;
    const text = readFileSync(file, 'utf8');
    if (text.includes('data:font/ttf;base64,AAEAAA')) largest = Math.max(largest, text.length);
  }
  return largest;
}

/** Starts the build, shares one report and times its image. */
export async function measureShareImage(): Promise<ShareImageResult> {
  const server = await startBuiltServer({ env: LOAD_SERVER_ENV });
  try {
    const { shareUrl } = await sharedReport(server.url);
    const image = new URL('og.png', shareUrl).href;
    const timed = async () => {
      const started = performance.now();
      const response = await fetch(image);
      const bytes = new Uint8Array(await response.arrayBuffer());
      if (response.status !== 200) throw new Error(`${image} answered ${response.status}`);
      return { ms: performance.now() - started, bytes };
    };
    const first = await timed();
    const times: number[] = [];
    for (let i = 0; i < SHARE_IMAGE_RUNS; i++) times.push((await timed()).ms);
    times.sort((a, b) => a - b);
    const size = pngDimensions(first.bytes);
    if (!size) throw new Error(`${image} is not a PNG`);
    const resvg = join(ROOT, 'node_modules/@resvg');
    return {
      firstMs: first.ms,
      medianMs: times[Math.floor(times.length / 2)]!,
      pngBytes: first.bytes.byteLength,
      ...size,
      rendererBytes: folderBytes(join(resvg, 'resvg-js')) + folderBytes(join(resvg, 'resvg-js-linux-x64-gnu')),
      fontChunkBytes: fontChunkBytes(),
    };
  } finally {
    await server.stop();
  }
}
