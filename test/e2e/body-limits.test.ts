import { readFileSync } from 'node:fs';
import { describe, expect, inject, it } from 'vitest';
import { url } from './browser.ts';
import { streamBody } from '../helpers/stream-body.ts';
import { MAX_REQUEST_BODY_BYTES, REFUSAL_GRACE_MS } from '../../src/server/lib/body.ts';

const UPLOAD_BYTES = 100 * 1024 * 1024;
const MEMORY_GROWTH_LIMIT_BYTES = 20 * 1024 * 1024;
const TOO_LARGE = { error: `Body must be at most ${MAX_REQUEST_BODY_BYTES} bytes` };

/** Resident memory of the `npm start` process, in bytes. */
function serverRss(): number {
  const status = readFileSync(`/proc/${inject('serverPid')}/status`, 'utf8');
  return Number(/^VmRSS:\s+(\d+)\s+kB$/m.exec(status)![1]) * 1024;
}

/** Every route that reads a body, with the content type its clients send. */
const ROUTES: { path: string; contentType: string }[] = [
  { path: '/api/submissions', contentType: 'application/json' },
  { path: '/api/masterclass', contentType: 'multipart/form-data; boundary=----upload' },
  { path: '/api/events', contentType: 'text/plain;charset=UTF-8' },
  { path: '/api/auth/sign-in/magic-link', contentType: 'application/json' },
  { path: '/api/auth/magic-link/verify', contentType: 'application/json' },
  // No Origin header: the workspace middleware would refuse it with 403, but the bound in front answers first.
  { path: '/consultants/sign-in', contentType: 'application/x-www-form-urlencoded' },
  { path: '/es/masterclass/', contentType: 'application/x-www-form-urlencoded' },
  { path: '/consultants/submissions/7d0c5a52-4c1b-4d7e-9a43-2f1a8e9b6c31', contentType: 'multipart/form-data; boundary=----upload' },
  // A prerendered page: the bound is in front of every route, not only those that read bodies.
  { path: '/', contentType: 'application/octet-stream' },
];

describe('request bodies under npm start', () => {
  it('refuses a chunked 100 MB upload to every route with 413 while the server memory stays flat', async () => {
    const before = serverRss();
    const sent: Record<string, number> = {};
    for (const { path, contentType } of ROUTES) {
      const answer = await streamBody(url(path), { totalBytes: UPLOAD_BYTES, headers: { 'content-type': contentType } });
      expect(answer.status, path).toBe(413);
      expect(answer.headers['content-type'], path).toBe('application/json; charset=utf-8');
      expect(answer.headers.connection, path).toBe('close');
      expect(JSON.parse(answer.body), path).toEqual(TOO_LARGE);
      expect(answer.bytesWritten, `${path}: the answer came before the whole upload`).toBeLessThan(UPLOAD_BYTES);
      sent[path] = answer.bytesWritten;
    }
    const growth = serverRss() - before;
    console.log(`server RSS ${(before / 2 ** 20).toFixed(1)} MB → ${((before + growth) / 2 ** 20).toFixed(1)} MB; bytes sent before each 413:`, sent);
    expect(growth).toBeLessThan(MEMORY_GROWTH_LIMIT_BYTES);
  });

  it('refuses a declared content-length of 100 MB at once, before any body is sent', async () => {
    for (const { path, contentType } of ROUTES) {
      const started = Date.now();
      const answer = await streamBody(url(path), { totalBytes: 0, headersOnly: true, headers: { 'content-type': contentType, 'content-length': String(UPLOAD_BYTES) } });
      expect(answer.status, path).toBe(413);
      expect(JSON.parse(answer.body), path).toEqual(TOO_LARGE);
      expect(Date.now() - started, path).toBeLessThan(REFUSAL_GRACE_MS);
    }
  });

  it('hands a chunked body of exactly the limit to the app, and refuses one byte more', async () => {
    const json = (size: number) => JSON.stringify({ pad: 'x'.repeat(size - '{"pad":""}'.length) });
    const chunked = (text: string) =>
      new ReadableStream<Uint8Array>({
        start(controller) {
          const bytes = new TextEncoder().encode(text);
          for (let offset = 0; offset < bytes.length; offset += 10_000) controller.enqueue(bytes.subarray(offset, offset + 10_000));
          controller.close();
        },
      });
    const post = (text: string) =>
      fetch(url('/api/submissions'), { method: 'POST', headers: { 'content-type': 'application/json' }, body: chunked(text), duplex: 'half' } as RequestInit);
    const atLimit = await post(json(MAX_REQUEST_BODY_BYTES));
    expect(atLimit.status).toBe(400); // read and validated by the app: not a submission
    expect(((await atLimit.json()) as { error: string }).error).toBe('Invalid submission');
    const over = await post(json(MAX_REQUEST_BODY_BYTES + 1));
    expect(over.status).toBe(413);
    expect(await over.json()).toEqual(TOO_LARGE);
  });

  it('hands small and empty bodies to the app and to Better Auth', async () => {
    const origin = new URL(url('/')).origin;
    const event = await fetch(url('/api/events'), { method: 'POST', headers: { 'content-type': 'text/plain;charset=UTF-8', origin }, body: JSON.stringify({ name: 'step', step: 1, locale: 'es', visitId: 'body-limits-e2e' }) });
    expect(event.status).toBe(204);
    const empty = await fetch(url('/api/events'), { method: 'POST', headers: { 'content-type': 'application/json' } });
    expect(empty.status).toBe(400);
    expect(((await empty.json()) as { error: string }).error).toBe('Body is not valid JSON');
    const magicLink = await fetch(url('/api/auth/sign-in/magic-link'), {
      method: 'POST',
      headers: { 'content-type': 'application/json', origin },
      body: JSON.stringify({ email: 'nobody@example.com', callbackURL: '/consultants/' }),
    });
    expect(magicLink.status).toBe(200);
    expect(await magicLink.json()).toEqual({ status: true });
  });
});
