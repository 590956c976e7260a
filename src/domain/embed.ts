/**
 * The message an embedded page (`/{locale}/embed/…`) posts to the page that frames it, with its
 * height in CSS pixels: `{ type: EMBED_HEIGHT_MESSAGE, height }`. `public/embed.js` listens for it
 * (it repeats the string: it is a plain file, not built).
 */
export const EMBED_HEIGHT_MESSAGE = 'diagnostico-revops:height';
