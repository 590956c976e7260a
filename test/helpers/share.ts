import type { SubmissionPayload } from '../../src/domain/schemas/submission.ts';
import { realQuestionnaire } from './content.ts';
import { validPayload } from './submission.ts';

/**
 * Over HTTP, as a visitor without JavaScript: stores a submission (`POST /api/submissions`, signed by
 * the tests' salt, so the server must run with it), then posts "Create a share link" to its
 * permalink page and reads the link shown. Plain errors, no `expect`: `npm run bench` uses it too.
 */
export async function sharedReport(base: string, overrides: Partial<SubmissionPayload> = {}): Promise<{ permalink: string; shareUrl: string }> {
  const stored = await fetch(new URL('/api/submissions', base), {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(validPayload(realQuestionnaire(), overrides)),
  });
  if (stored.status !== 201) throw new Error(`POST /api/submissions answered ${stored.status}: ${await stored.text()}`);
  const permalink = new URL(((await stored.json()) as { resultUrl: string }).resultUrl, base).href;
  const page = await postAction(permalink, 'share');
  const html = await page.text();
  const link = /<input[^>]*data-testid="share-url"[^>]*>/.exec(html)?.[0];
  const shareUrl = link && /value="([^"]+)"/.exec(link)?.[1];
  if (page.status !== 200 || !shareUrl) throw new Error(`The permalink page answered ${page.status} without a share link`);
  return { permalink, shareUrl };
}

/** Posts a permalink page's form (`action=share`, `unshare`…) as the page itself would. */
export function postAction(permalink: string, action: string): Promise<Response> {
  return fetch(permalink, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded', origin: new URL(permalink).origin },
    body: new URLSearchParams({ action }).toString(),
  });
}

/** The width and height a PNG's IHDR declares, or null when the bytes are not a PNG. */
export function pngDimensions(png: Uint8Array): { width: number; height: number } | null {
  const signature = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];
  if (png.byteLength < 24 || signature.some((byte, i) => png[i] !== byte)) return null;
  if (new TextDecoder().decode(png.subarray(12, 16)) !== 'IHDR') return null;
  const view = new DataView(png.buffer, png.byteOffset, png.byteLength);
  return { width: view.getUint32(16), height: view.getUint32(20) };
}
