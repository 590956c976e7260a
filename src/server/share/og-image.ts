/**
 * The preview image of a share link (Open Graph, 1200×630 PNG: LinkedIn, X and WhatsApp ignore SVG):
 * an SVG written here, rasterized by resvg (Rust, native Node addon: no browser, ~25 ms a render).
 * resvg reads TrueType only, so the two weights of Inter used come from `@expo-google-fonts/inter`
 * (Latin with every Spanish and Portuguese accent), inlined into the server bundle by Vite so the
 * deployed function needs no file tracing to find them. resvg-js's native addon loads fonts from
 * files only (its `fontBuffers` is the WebAssembly build's), so they are written once per process
 * to the temporary folder (writable on Vercel too), and the machine's own fonts are never loaded:
 * the image is the same on a laptop and on a server that has none.
 */
import { mkdirSync, renameSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Resvg } from '@resvg/resvg-js';
import interRegularUrl from '@expo-google-fonts/inter/400Regular/Inter_400Regular.ttf?inline';
import interBoldUrl from '@expo-google-fonts/inter/700Bold/Inter_700Bold.ttf?inline';
import type { ShareView } from '../../domain/share-view.ts';
import { formatNumber } from '../../domain/format.ts';

export const OG_WIDTH = 1200;
export const OG_HEIGHT = 630;

/** The texts drawn on the image, in the view's language. */
export interface OgTexts {
  siteName: string;
  overall: string;
  outOf: string;
}

const BRAND = '#0b4f6c';
const INK = '#1b2430';
const TRACK = '#e6eaee';

let fontFiles: string[] | undefined;
/** The inlined fonts as files, written once per process (under a name per size, so another build's never stands in). */
function bundledFontFiles(): string[] {
  if (fontFiles) return fontFiles;
  const dir = join(tmpdir(), 'diagnostico-og-fonts');
  mkdirSync(dir, { recursive: true });
  fontFiles = [['Inter-400', interRegularUrl], ['Inter-700', interBoldUrl]].map(([name, url]) => {
    const bytes = Buffer.from(url!.slice(url!.indexOf(',') + 1), 'base64');
    const file = join(dir, `${name}-${bytes.byteLength}.ttf`);
    if (statSync(file, { throwIfNoEntry: false })?.size !== bytes.byteLength) {
      // Written aside then renamed: a concurrent process never reads half a font.
      const partial = `${file}.${process.pid}.tmp`;
      writeFileSync(partial, bytes);
      renameSync(partial, file);
    }
    return file;
  });
  return fontFiles;
}

function escapeXml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

/**
 * The largest font size, at most `max` px, at which `text` fits `width` px. Measured on Inter's
 * widest common glyphs (0.62 em for bold, 0.56 em for regular), so it errs on the side of smaller.
 */
export function fittingSize(text: string, width: number, max: number, bold = true): number {
  const em = bold ? 0.62 : 0.56;
  return Math.max(12, Math.min(max, Math.floor(width / (Math.max(1, text.length) * em))));
}

/** Cuts `text` to `chars` characters with an ellipsis: a long area name never runs into its score. */
function clip(text: string, chars: number): string {
  return text.length <= chars ? text : `${text.slice(0, chars - 1).trimEnd()}…`;
}

/** The image as SVG: the score, band and site name on the left, a bar per area on the right. */
export function ogSvg(view: ShareView, t: OgTexts): string {
  const n = (value: number | null) => (value === null ? '—' : formatNumber(value, view.locale, 0));
  const score = n(view.overall.score);
  const band = view.overall.label ?? '';
  const left = 64;
  const panel = 460;
  const scoreSize = fittingSize(score, panel - 2 * left, 168);
  const parts: string[] = [
    `<rect width="${OG_WIDTH}" height="${OG_HEIGHT}" fill="#f5f7f9"/>`,
    `<rect width="${panel}" height="${OG_HEIGHT}" fill="${BRAND}"/>`,
    `<text x="${left}" y="92" font-size="${fittingSize(t.siteName, panel - 2 * left, 34)}" font-weight="700" fill="#fff">${escapeXml(t.siteName)}</text>`,
    `<text x="${left}" y="214" font-size="${fittingSize(t.overall, panel - 2 * left, 28, false)}" fill="#d6e6ee">${escapeXml(t.overall)}</text>`,
    `<text x="${left}" y="${214 + 24 + scoreSize * 0.78}" font-size="${scoreSize}" font-weight="700" fill="#fff">${escapeXml(score)}</text>`,
    `<text x="${left}" y="${214 + 24 + scoreSize * 0.78 + 52}" font-size="30" fill="#d6e6ee">${escapeXml(t.outOf)}</text>`,
  ];
  if (band) parts.push(`<text x="${left}" y="548" font-size="${fittingSize(band, panel - 2 * left, 40)}" font-weight="700" fill="#fff">${escapeXml(band)}</text>`);
  const x0 = panel + 56;
  const barWidth = OG_WIDTH - x0 - 56;
  const rows = Math.max(1, view.dimensions.length);
  const rowHeight = Math.min(96, (OG_HEIGHT - 2 * 44) / rows);
  const top = (OG_HEIGHT - rowHeight * rows) / 2;
  view.dimensions.forEach((d, i) => {
    const y = top + i * rowHeight;
    const nameSize = Math.min(26, Math.round(rowHeight * 0.34));
    const value = n(d.score);
    parts.push(
      `<text x="${x0}" y="${y + nameSize + 6}" font-size="${nameSize}" fill="${INK}">${escapeXml(clip(d.name, Math.floor((barWidth - 80) / (nameSize * 0.56))))}</text>`,
      `<text x="${x0 + barWidth}" y="${y + nameSize + 6}" font-size="${nameSize}" font-weight="700" fill="${INK}" text-anchor="end">${escapeXml(value)}</text>`,
      `<rect x="${x0}" y="${y + nameSize + 18}" width="${barWidth}" height="14" rx="7" fill="${TRACK}"/>`,
    );
    if (d.score !== null && d.score > 0) {
      parts.push(`<rect x="${x0}" y="${y + nameSize + 18}" width="${Math.max(14, (barWidth * Math.min(100, d.score)) / 100)}" height="14" rx="7" fill="${BRAND}"/>`);
    }
  });
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${OG_WIDTH}" height="${OG_HEIGHT}" viewBox="0 0 ${OG_WIDTH} ${OG_HEIGHT}" font-family="Inter">${parts.join('')}</svg>`;
}

/** An SVG as PNG bytes, its text set in the bundled Inter only (any other family falls back to it). */
export function renderSvg(svg: string): Uint8Array {
  const resvg = new Resvg(svg, {
    fitTo: { mode: 'original' },
    font: { fontFiles: bundledFontFiles(), loadSystemFonts: false, defaultFontFamily: 'Inter' },
  });
  return resvg.render().asPng();
}

/** The image as PNG bytes (1200×630). */
export function ogPng(view: ShareView, t: OgTexts): Uint8Array {
  return renderSvg(ogSvg(view, t));
}
