import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createRequest } from 'astro/app/node';
import { HttpError } from '../../../src/server/lib/http.ts';
import {
  readJsonBody,
  boundNodeRequest,
  MAX_REQUEST_BODY_BYTES,
  readBoundedBody,
  readFormBody,
  REFUSAL_GRACE_MS,
} from '../../../src/server/lib/body.ts';
import { streamBody } from '../../helpers/stream-body.ts';

const LIMIT = 1024;
const TOO_LARGE = { error: `Body must be at most ${LIMIT} bytes` };

/** A body that streams `totalBytes` in `chunkBytes` pieces, counting what was pulled from it. */
function countingStream(totalBytes: number, chunkBytes = 100): { stream: ReadableStream<Uint8Array>; pulled: () => number } {
  let pulled = 0;
  const stream = new ReadableStream<Uint8Array>({
    pull(controller) {
      if (pulled >= totalBytes) return controller.close();
      const size = Math.min(chunkBytes, totalBytes - pulled);
      pulled += size;
      controller.enqueue(new Uint8Array(size).fill(97));
    },
  }, { highWaterMark: 0 });
  return { stream, pulled: () => pulled };
}

function post(body: BodyInit | null, headers: Record<string, string> = {}): Request {
  return new Request('http://localhost/x', { method: 'POST', headers, body, duplex: 'half' } as RequestInit);
}

async function expectTooLarge(promise: Promise<unknown>): Promise<void> {
  const error = await promise.then(() => undefined, (e: unknown) => e);
  expect(error).toBeInstanceOf(HttpError);
  const response = (error as HttpError).response;
  expect(response.status).toBe(413);
  expect(await response.json()).toEqual(TOO_LARGE);
}

describe('readBoundedBody', () => {
  it('accepts a streamed body of exactly the limit', async () => {
    const { stream } = countingStream(LIMIT);
    expect((await readBoundedBody(post(stream), LIMIT)).byteLength).toBe(LIMIT);
  });

  it('refuses one byte over the limit with 413', async () => {
    await expectTooLarge(readBoundedBody(post('a'.repeat(LIMIT + 1)), LIMIT));
  });

  it('stops reading a chunked body without content-length as soon as it passes the limit', async () => {
    const { stream, pulled } = countingStream(100 * 1024 * 1024);
    await expectTooLarge(readBoundedBody(post(stream), LIMIT));
    expect(pulled()).toBeLessThanOrEqual(LIMIT + 200);
  });

  it('refuses a declared content-length over the limit without reading the body', async () => {
    const { stream, pulled } = countingStream(LIMIT + 1);
    await expectTooLarge(readBoundedBody(post(stream, { 'content-length': String(LIMIT + 1) }), LIMIT));
    expect(pulled()).toBe(0);
  });

  it('reads an absent or empty body as 0 bytes', async () => {
    expect((await readBoundedBody(post(null), LIMIT)).byteLength).toBe(0);
    expect((await readBoundedBody(post(''), LIMIT)).byteLength).toBe(0);
  });

  it('bounds readJsonBody, which reads through it', async () => {
    const { stream, pulled } = countingStream(10 * 1024 * 1024);
    await expectTooLarge(readJsonBody(post(stream, { 'content-type': 'application/json' }), LIMIT));
    expect(pulled()).toBeLessThanOrEqual(LIMIT + 200);
  });
});

describe('readFormBody', () => {
  it('parses a urlencoded form within the limit', async () => {
    const form = await readFormBody(post('email=a%40b.co&consent=on', { 'content-type': 'application/x-www-form-urlencoded' }), LIMIT);
    expect(Object.fromEntries(form)).toEqual({ email: 'a@b.co', consent: 'on' });
  });

  it('parses a multipart form of exactly the limit', async () => {
    const boundary = 'b0undary';
    const head = `--${boundary}\r\nContent-Disposition: form-data; name="note"\r\n\r\n`;
    const tail = `\r\n--${boundary}--\r\n`;
    const value = 'n'.repeat(LIMIT - head.length - tail.length);
    const form = await readFormBody(post(head + value + tail, { 'content-type': `multipart/form-data; boundary=${boundary}` }), LIMIT);
    expect(form.get('note')).toBe(value);
  });

  it('refuses a streamed multipart body past the limit with 413, unread beyond it', async () => {
    const { stream, pulled } = countingStream(100 * 1024 * 1024);
    await expectTooLarge(readFormBody(post(stream, { 'content-type': 'multipart/form-data; boundary=x' }), LIMIT));
    expect(pulled()).toBeLessThanOrEqual(LIMIT + 200);
  });

  it('rejects with a TypeError, not an HttpError, when the body is not a form', async () => {
    await expect(readFormBody(post('{}', { 'content-type': 'application/json' }), LIMIT)).rejects.toBeInstanceOf(TypeError);
  });
});

describe('boundNodeRequest (npm start, in front of the adapter)', () => {
  let server: Server;
  let url = '';
  /** Socket bytes the server had read of each refused request, by path, shortly after refusing it. */
  const socketBytesRead = new Map<string, number>();

  beforeAll(async () => {
    server = createServer((req: IncomingMessage, res: ServerResponse) => {
      boundNodeRequest(req, res, LIMIT).then(async (accepted) => {
        if (!accepted) {
          setTimeout(() => socketBytesRead.set(req.url ?? '', req.socket.bytesRead), 200);
          return;
        }
        // The adapter's own conversion: the body it hands to Astro is the one read in front.
        const request = createRequest(req);
        const body = await request.text();
        res.writeHead(200, { 'content-type': 'application/json' });
        res.end(JSON.stringify({ bytes: body.length, body: body.slice(0, 20) }));
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const address = server.address();
    url = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
  });
  afterAll(async () => {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  });

  it('exports one limit of 64 KiB', () => {
    expect(MAX_REQUEST_BODY_BYTES).toBe(65_536);
  });

  it('hands a body of exactly the limit to the adapter', async () => {
    const answer = await streamBody(`${url}/x`, { totalBytes: LIMIT, chunkBytes: 300 });
    expect(answer.status).toBe(200);
    expect(JSON.parse(answer.body)).toEqual({ bytes: LIMIT, body: 'a'.repeat(20) });
  });

  it('hands an empty body to the adapter', async () => {
    const answer = await streamBody(`${url}/x`, { totalBytes: 0, headers: { 'content-length': '0' } });
    expect(answer.status).toBe(200);
    expect(JSON.parse(answer.body)).toEqual({ bytes: 0, body: '' });
  });

  it('answers one byte over the limit with 413 and connection: close', async () => {
    const answer = await streamBody(`${url}/x`, { totalBytes: LIMIT + 1, headers: { 'content-length': String(LIMIT + 1) } });
    expect(answer.status).toBe(413);
    expect(answer.headers['content-type']).toBe('application/json; charset=utf-8');
    expect(answer.headers.connection).toBe('close');
    expect(JSON.parse(answer.body)).toEqual(TOO_LARGE);
  });

  it('answers a chunked 100 MB upload with 413 and stops reading it', async () => {
    const answer = await streamBody(`${url}/chunked`, { totalBytes: 100 * 1024 * 1024 });
    expect(answer.status).toBe(413);
    expect(JSON.parse(answer.body)).toEqual(TOO_LARGE);
    expect(answer.bytesWritten).toBeGreaterThan(LIMIT);
    // What Node's parser had pulled off the socket: the limit plus its read buffers, not the upload.
    await expect.poll(() => socketBytesRead.get('/chunked')).toBeDefined();
    expect(socketBytesRead.get('/chunked')).toBeLessThan(2 * 1024 * 1024);
  });

  it('answers a declared content-length over the limit at once, before any body is sent', async () => {
    const started = Date.now();
    const answer = await streamBody(`${url}/x`, { totalBytes: 0, headersOnly: true, headers: { 'content-length': String(100 * 1024 * 1024) } });
    expect(answer.status).toBe(413);
    expect(Date.now() - started).toBeLessThan(REFUSAL_GRACE_MS);
  });

  it('leaves GET requests to the adapter untouched', async () => {
    const response = await fetch(`${url}/x`);
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ bytes: 0, body: '' });
  });
});
