import { request } from 'node:http';

/** What a server answered to `streamBody`, and how much was sent before it did. */
export interface StreamedAnswer {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
  /** Body bytes handed to the socket when the answer arrived. */
  bytesWritten: number;
}

export interface StreamBodyOptions {
  method?: string;
  headers?: Record<string, string>;
  /** Body bytes to send at most; the upload stops earlier as soon as an answer arrives. */
  totalBytes: number;
  /** Size of each write, in bytes. */
  chunkBytes?: number;
  /** Headers only, no body at all (to test a declared `content-length` alone). */
  headersOnly?: boolean;
}

/**
 * Uploads a body of `totalBytes` (chunked unless `content-length` is given) with node:http,
 * respecting backpressure, and resolves with the server's answer as soon as it arrives.
 * Write errors after the answer (EPIPE, ECONNRESET: the server closed a refused upload) are
 * expected and ignored; before an answer they reject.
 */
export function streamBody(url: string, options: StreamBodyOptions): Promise<StreamedAnswer> {
  const chunk = Buffer.alloc(options.chunkBytes ?? 64 * 1024, 'a');
  return new Promise((resolve, reject) => {
    const headers = { ...options.headers };
    if (!Object.keys(headers).some((name) => name.toLowerCase() === 'content-length')) headers['transfer-encoding'] = 'chunked';
    const req = request(url, { method: options.method ?? 'POST', headers });
    let bytesWritten = 0;
    let answered = false;
    req.on('response', (res) => {
      answered = true;
      const sentBeforeAnswer = bytesWritten;
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (text: string) => (body += text));
      res.on('end', () => {
        resolve({ status: res.statusCode ?? 0, headers: res.headers, body, bytesWritten: sentBeforeAnswer });
        req.destroy();
      });
      res.on('error', (error) => reject(error));
    });
    req.on('error', (error) => {
      if (!answered) reject(Object.assign(error, { bytesWritten }));
    });
    if (options.headersOnly) {
      req.flushHeaders();
      return;
    }
    const pump = () => {
      while (!answered && !req.destroyed && bytesWritten < options.totalBytes) {
        const piece = options.totalBytes - bytesWritten < chunk.length ? chunk.subarray(0, options.totalBytes - bytesWritten) : chunk;
        bytesWritten += piece.length;
        if (!req.write(piece)) {
          req.once('drain', pump);
          return;
        }
      }
      if (!answered && !req.destroyed) req.end();
    };
    pump();
  });
}
