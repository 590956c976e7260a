/**
 * Text for the PDF's standard fonts. Helvetica, built into every PDF reader, is written with the
 * WinAnsi encoding: Latin-1 plus a few typographic signs (€ – — ‘ ’ “ ” … •). That covers Spanish
 * and Portuguese whole (á é í ó ú ñ ç ã õ â ê ô ü ¿ ¡) without embedding a font; a character
 * outside it would be written as a wrong glyph, so each is replaced here first.
 */

/** Code points above U+00FF that WinAnsi has (its 0x80–0x9F range). */
const WIN_ANSI_EXTRA = new Set([
  0x20ac, 0x201a, 0x0192, 0x201e, 0x2026, 0x2020, 0x2021, 0x02c6, 0x2030, 0x0160, 0x2039, 0x0152, 0x017d, 0x2018, 0x2019, 0x201c, 0x201d,
  0x2022, 0x2013, 0x2014, 0x02dc, 0x2122, 0x0161, 0x203a, 0x0153, 0x017e, 0x0178,
]);

/** Signs the content or the number formats use that WinAnsi lacks, with what reads the same. */
const FALLBACKS: Record<string, string> = {
  '\u2264': '<=',
  '\u2265': '>=',
  '\u2192': '->',
  '\u2190': '<-',
  '\u2191': '+',
  '\u2193': '-',
  '\u2248': '~',
  '\u2212': '-',
  '\u2009': ' ',
  '\u202f': '\u00a0',
  '\u2007': '\u00a0',
  '\u2011': '-',
  '\u2010': '-',
};

function encodable(codePoint: number): boolean {
  return (codePoint >= 0x20 && codePoint <= 0x7e) || (codePoint >= 0xa0 && codePoint <= 0xff) || WIN_ANSI_EXTRA.has(codePoint) || codePoint === 0x0a;
}

/**
 * `text` in characters Helvetica can show: composed accents kept (a decomposed "á" is composed
 * first), known signs replaced (≤ → "<="), a letter with an accent WinAnsi lacks written without
 * it ("ő" → "o"), anything else (an emoji, another script) as "?". Tabs become spaces.
 * @example winAnsi('Alineación ≤ 3 ✓') // 'Alineación <= 3 ?'
 */
export function winAnsi(text: string): string {
  let out = '';
  for (const char of text.normalize('NFC').replace(/\r\n?/g, '\n').replace(/\t/g, ' ')) {
    const codePoint = char.codePointAt(0)!;
    if (encodable(codePoint)) out += char;
    else if (char in FALLBACKS) out += FALLBACKS[char];
    else {
      const bare = char.normalize('NFD').replace(/\p{M}/gu, '');
      out += bare.length > 0 && [...bare].every((c) => encodable(c.codePointAt(0)!)) ? bare : '?';
    }
  }
  return out;
}
