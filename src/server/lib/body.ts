/**
 * Request bodies, read with a bound while they stream: nothing ever buffers more than
 * `maxBytes` of a body, whether its length is declared or it arrives chunked.
 * `npm start` bounds every request in front of the app (`boundNodeRequest`); the app's
 * own readers (`readBoundedBody`, `readJsonBody`, `readFormBody`, used through `form.ts`) bound them again
 * where `serve.ts` does not run (Vercel).
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { HttpError } from './http.ts';

/** Largest request body any route accepts, in bytes (64 KiB). */
export const MAX_REQUEST_BODY_BYTES = 64 * 1024;

/** The error text of a 413, e.g. `Body must be at most 65536 bytes`. */
function bodyTooLargeMessage(maxBytes: number): string {
  return `Body must be at most ${maxBytes} bytes`;
}

/** The 413 every reader throws: `{"error": "Body must be at most N bytes"}`. */
function bodyTooLarge(maxBytes: number): HttpError {
  return new HttpError(413, bodyTooLargeMessage(maxBytes));
}

function declaredLength(value: string | null | undefined): number {
  // A missing or unreadable length declares nothing; the streamed size decides then.
  const length = Number(value ?? '');
  return Number.isFinite(length) ? length : 0;
}

/**
 * Reads a web `Request`'s body, at most `maxBytes` of it. Throws the 413 `HttpError` at
 * once when `content-length` declares more (the body is not touched), or as soon as the
 * streamed bytes pass `maxBytes` (the stream is cancelled). An absent body reads as 0 bytes.
 */
export async function readBoundedBody(request: Request, maxBytes: number): Promise<Uint8Array<ArrayBuffer>> {
  if (declaredLength(request.headers.get('content-length')) > maxBytes) throw bodyTooLarge(maxBytes);
  const chunks: Uint8Array[] = [];
  let size = 0;
  const reader = request.body?.getReader();
  if (reader) {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      size += value.byteLength;
      if (size > maxBytes) {
        await reader.cancel().catch(() => undefined);
        throw bodyTooLarge(maxBytes);
      }
      chunks.push(value);
    }
  }
  const bytes = new Uint8Array(size);
  let offset = 0;
  for (const chunk of chunks) {
    bytes.set(chunk, offset);
    offset += chunk.byteLength;
  }
  return bytes;
}

/**
 * Reads a JSON body of at most `maxBytes`: 415 for another content type, 413 when
 * larger (declared or actual), 400 for invalid JSON. `textPlain` also reads
 * `text/plain` bodies as JSON: `navigator.sendBeacon` sends strings that way.
 */
export async function readJsonBody(request: Request, maxBytes: number, options: { textPlain?: boolean } = {}): Promise<unknown> {
  const type = request.headers.get('content-type') ?? '';
  const accepted = options.textPlain ? /^(application\/json|text\/plain)\s*(;|$)/i : /^application\/json\s*(;|$)/i;
  if (!accepted.test(type)) {
    const expected = options.textPlain ? 'application/json or text/plain' : 'application/json';
    throw new HttpError(415, `Content-Type must be ${expected}`);
  }
  const text = new TextDecoder().decode(await readBoundedBody(request, maxBytes));
  try {
    return JSON.parse(text);
  } catch {
    throw new HttpError(400, 'Body is not valid JSON', [{ path: [], message: 'not valid JSON' }]);
  }
}

/**
 * Reads a form body (`application/x-www-form-urlencoded` or `multipart/form-data`) of at
 * most `maxBytes`: the bounded `request.formData()`. Throws the 413 `HttpError` past the
 * bound, and a `TypeError` (as `formData()` does) when the body is not a form of its type.
 */
export async function readFormBody(request: Request, maxBytes: number): Promise<FormData> {
  const bytes = await readBoundedBody(request, maxBytes);
  return new Response(bytes, { headers: { 'content-type': request.headers.get('content-type') ?? '' } }).formData();
}

/**
 * Reads a Node request's body, at most `maxBytes` of it: the bytes, or `null` when
 * `content-length` declares more (nothing is read) or the stream passes `maxBytes` (reading
 * stops there and the request stays paused, so the rest stays in the socket, not in memory).
 * Rejects when the client goes away before the body ends.
 */
export function readNodeBody(req: IncomingMessage, maxBytes: number): Promise<Buffer | null> {
  if (declaredLength(req.headers['content-length']) > maxBytes) return Promise.resolve(null);
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const settle = () => {
      req.off('data', onData).off('end', onEnd).off('error', onError).off('close', onClose);
    };
    const onData = (chunk: Buffer) => {
      size += chunk.byteLength;
      if (size > maxBytes) {
        settle();
        // Removing the listener does not stop a flowing stream; pausing does, and Node then
        // stops reading the socket once the request's small buffer is full.
        req.pause();
        chunks.length = 0;
        resolve(null);
        return;
      }
      chunks.push(chunk);
    };
    const onEnd = () => {
      settle();
      resolve(Buffer.concat(chunks, size));
    };
    const onError = (error: Error) => {
      settle();
      reject(error);
    };
    const onClose = () => {
      settle();
      reject(new Error('The request closed before its body ended'));
    };
    req.on('data', onData).on('end', onEnd).on('error', onError).on('close', onClose);
  });
}

/** How long a refused connection stays open, unread, after its 413 was written, in ms. */
export const REFUSAL_GRACE_MS = 1000;

/**
 * Answers 413 (`{"error": "Body must be at most N bytes"}`, `connection: close`) and closes the
 * connection `REFUSAL_GRACE_MS` later, without reading any more of the body.
 */
function sendBodyTooLarge(res: ServerResponse, maxBytes: number): void {
  const body = JSON.stringify({ error: bodyTooLargeMessage(maxBytes) });
  res.writeHead(413, {
    'content-type': 'application/json; charset=utf-8',
    'content-length': Buffer.byteLength(body),
    'cache-control': 'no-store',
    connection: 'close',
  });
  // The whole answer goes out now, but the response ends (and Node closes the socket) only after
  // a grace period: closing a socket that holds unread bytes resets the connection, and a client
  // still uploading would lose the 413 it had not read yet (it would see EPIPE or ECONNRESET).
  res.write(body);
  const timer = setTimeout(() => res.end(), REFUSAL_GRACE_MS);
  res.once('close', () => clearTimeout(timer));
}

/**
 * `npm start`'s bound in front of every route: for any method but GET and HEAD, reads the body
 * (at most `maxBytes`) and leaves it on `req.body`, where the adapter takes it as the request's
 * body (`makeRequestBody` in `astro/dist/core/app/node.js` uses a Buffer as it is), and resolves
 * `true`; past the bound, answers 413 and resolves `false`. Rejects when the client goes away.
 */
export async function boundNodeRequest(req: IncomingMessage, res: ServerResponse, maxBytes = MAX_REQUEST_BODY_BYTES): Promise<boolean> {
  // The adapter never reads a GET or HEAD body, so there is nothing to bound.
  if (req.method === 'GET' || req.method === 'HEAD') return true;
  const body = await readNodeBody(req, maxBytes);
  if (body === null) {
    sendBodyTooLarge(res, maxBytes);
    return false;
  }
  Object.assign(req, { body });
  return true;
}
