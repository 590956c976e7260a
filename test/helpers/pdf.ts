import { extractText, getDocumentProxy } from 'unpdf';

/** A PDF read back with PDF.js (through unpdf): each page's size in points and its text, whitespace collapsed. */
export interface ReadPdf {
  pages: { width: number; height: number; text: string }[];
  /** Every page's text, one after the other. */
  text: string;
}

/** One space for every run of whitespace (line wraps, non-breaking spaces): text compares as read. */
export const collapse = (text: string): string => text.replace(/\s+/g, ' ').trim();

export async function readPdf(bytes: Uint8Array): Promise<ReadPdf> {
  // PDF.js takes over the buffer it is given: a copy keeps the caller's.
  const pdf = await getDocumentProxy(new Uint8Array(bytes));
  const { text } = await extractText(pdf, { mergePages: false });
  const pages = await Promise.all(
    text.map(async (pageText, i) => {
      const [x0, y0, x1, y1] = (await pdf.getPage(i + 1)).view as [number, number, number, number];
      return { width: x1 - x0, height: y1 - y0, text: collapse(pageText) };
    }),
  );
  await pdf.cleanup();
  return { pages, text: pages.map((p) => p.text).join(' ') };
}

/** The numbers (1-based) of the pages whose text holds `needle` (whitespace collapsed). */
export function pagesWith(pdf: ReadPdf, needle: string): number[] {
  const wanted = collapse(needle);
  return pdf.pages.flatMap((page, i) => (page.text.includes(wanted) ? [i + 1] : []));
}
