import { describe, expect, it } from 'vitest';
import { fittingSize, OG_HEIGHT, OG_WIDTH, ogPng, ogSvg, renderSvg } from '../../../src/server/share/og-image.ts';
import type { ShareView } from '../../../src/domain/share-view.ts';

const VIEW: ShareView = {
  locale: 'pt',
  overall: { score: 62, label: 'Em desenvolvimento', bandId: 'developing' },
  dimensions: [
    { id: 'a', name: 'Métricas alinhadas ao negócio', score: 80, label: 'Avançado' },
    { id: 'b', name: 'Qualidade dos dados', score: 0, label: 'Inicial' },
    { id: 'c', name: 'Ferramentas e integração', score: null, label: 'Sem avaliação' },
    { id: 'd', name: 'Decisões <baseadas> em dados & "mais"', score: 45, label: 'Em evolução' },
  ],
  plan: [],
};
const TEXTS = { siteName: 'Diagnóstico RevOps', overall: 'Pontuação geral', outOf: 'de 100' };

/** The width and height a PNG's IHDR chunk declares, after checking the signature. */
function pngSize(png: Uint8Array): { width: number; height: number } {
  expect([...png.subarray(0, 8)]).toEqual([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
  const view = new DataView(png.buffer, png.byteOffset, png.byteLength);
  expect(new TextDecoder().decode(png.subarray(12, 16))).toBe('IHDR');
  return { width: view.getUint32(16), height: view.getUint32(20) };
}

describe('the share preview image', () => {
  it('is a 1200×630 PNG, small enough for every platform (WhatsApp drops previews over 600 KB)', () => {
    const png = ogPng(VIEW, TEXTS);
    expect(pngSize(png)).toEqual({ width: OG_WIDTH, height: OG_HEIGHT });
    expect(png.byteLength).toBeGreaterThan(5_000);
    expect(png.byteLength).toBeLessThan(300_000);
  });

  it('draws the score, the band, the site name and a bar per area, with its texts escaped', () => {
    const svg = ogSvg(VIEW, TEXTS);
    for (const text of ['62', 'Em desenvolvimento', 'Diagnóstico RevOps', 'Pontuação geral', 'de 100', 'Qualidade dos dados']) expect(svg).toContain(`>${text}</text>`);
    expect(svg).toContain('Decisões &#60;baseadas&#62; em dados &#38; &#34;mais&#34;');
    // A bar for each scored area above zero, over a track for every area.
    expect(svg.match(/<rect [^>]*fill="#e6eaee"/g)).toHaveLength(4);
    expect(svg.match(/<rect x="(?!0")[^>]*fill="#0b4f6c"/g)).toHaveLength(2);
    expect(svg).toContain('>—</text>');
  });

  it('sets text in the bundled font only, never the machine’s, so a server without fonts draws the same image', () => {
    const text = (family: string) => `<svg xmlns="http://www.w3.org/2000/svg" width="300" height="80"><text x="8" y="56" font-family="${family}" font-size="40">Ação ñ 72</text></svg>`;
    const inter = Buffer.from(renderSvg(text('Inter')));
    // Installed here (Debian's fonts-dejavu): had the system's fonts been loaded, it would be drawn in it.
    expect(Buffer.from(renderSvg(text('DejaVu Sans'))).equals(inter)).toBe(true);
    const blank = Buffer.from(renderSvg('<svg xmlns="http://www.w3.org/2000/svg" width="300" height="80"></svg>'));
    expect(inter.equals(blank), 'the text is drawn').toBe(false);
  });

  it('renders accented text with the bundled font, not as missing glyphs', () => {
    // The same text with and without accents: different images (a missing glyph would be drawn as nothing).
    const plain = ogPng({ ...VIEW, overall: { ...VIEW.overall, label: 'Em desenvolvimento' } }, { ...TEXTS, siteName: 'Diagnostico RevOps' });
    const accented = ogPng({ ...VIEW, overall: { ...VIEW.overall, label: 'Em desenvolvimento' } }, TEXTS);
    expect(Buffer.from(plain).equals(Buffer.from(accented))).toBe(false);
    const noText = ogPng(VIEW, { siteName: '', overall: '', outOf: '' });
    expect(noText.byteLength).toBeLessThan(accented.byteLength);
  });

  it('shrinks a long label to fit its panel rather than letting it run off the image', () => {
    expect(fittingSize('Em desenvolvimento', 332, 40)).toBeLessThan(40);
    expect(fittingSize('Alto', 332, 40)).toBe(40);
    expect(fittingSize('x'.repeat(500), 332, 40)).toBe(12);
  });
});
