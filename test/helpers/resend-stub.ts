import { createServer, type IncomingMessage, type Server } from 'node:http';

export interface StubEmail {
  idempotencyKey: string | undefined;
  from: string;
  to: string[];
  subject: string;
  html: string;
  text: string;
  headers?: Record<string, string>;
  attachments?: { filename: string; content: string; contentType?: string }[];
}

/**
 * A local stand-in for the Resend API (`POST /emails`) for the real SDK, via
 * RESEND_BASE_URL. Like Resend, a repeated idempotency key returns the first
 * answer without sending again. `mode` makes it fail with 500s or hang.
 */
export class ResendStub {
  mode: 'ok' | 'fail' | 'hang' = 'ok';
  /** Answers the next N requests with a 500 whatever the mode, then follows `mode`. */
  failNext = 0;
  /** Emails actually delivered, once per idempotency key. */
  readonly delivered: StubEmail[] = [];
  /** Every request received, including failed and repeated ones. */
  requests = 0;
  private readonly byKey = new Map<string, string>();
  private server: Server | undefined;
  private readonly hanging = new Set<() => void>();
  url = '';

  async start(): Promise<void> {
    this.server = createServer(async (req, res) => {
      if (req.method === 'GET' && req.url === '/__delivered') {
        // For tests in other processes (the e2e workers) to read what was sent.
        res.writeHead(200, { 'content-type': 'application/json' });
        res.end(JSON.stringify(this.delivered));
        return;
      }
      this.requests++;
      const body = JSON.parse(await read(req)) as StubEmail;
      if (this.failNext > 0) {
        this.failNext--;
        res.writeHead(500, { 'content-type': 'application/json' });
        res.end(JSON.stringify({ name: 'internal_server_error', message: 'stub failure', statusCode: 500 }));
        return;
      }
      if (this.mode === 'hang') {
        await new Promise<void>((resolve) => this.hanging.add(resolve));
        res.destroy();
        return;
      }
      if (this.mode === 'fail') {
        res.writeHead(500, { 'content-type': 'application/json' });
        res.end(JSON.stringify({ name: 'internal_server_error', message: 'stub failure', statusCode: 500 }));
        return;
      }
      const key = req.headers['idempotency-key'] as string | undefined;
      let id = key ? this.byKey.get(key) : undefined;
      if (!id) {
        id = `stub_${this.delivered.length + 1}`;
        if (key) this.byKey.set(key, id);
        this.delivered.push({ ...body, to: ([] as string[]).concat(body.to), idempotencyKey: key });
      }
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ id }));
    });
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    const address = this.server.address();
    this.url = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
  }

  async stop(): Promise<void> {
    for (const release of this.hanging) release();
    this.server?.closeAllConnections();
    await new Promise<void>((resolve) => this.server?.close(() => resolve()) ?? resolve());
  }
}

function read(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    let data = '';
    req.on('data', (chunk) => (data += chunk));
    req.on('end', () => resolve(data));
    req.on('error', reject);
  });
}
