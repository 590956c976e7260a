import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { Webhook } from 'standardwebhooks';

/**
 * A webhook receiver as the README tells integrators to write one: it verifies each request with
 * the `standardwebhooks` library (refusing a bad or missing signature with 401) and processes each
 * `webhook-id` once, answering 2xx to a repeat without processing it again. `mode` makes it fail
 * (500) or hang; `failNext` fails the next N; `loseAnswersNext` processes the next N and then
 * never answers (the sender times out and retries).
 */
export class WebhookReceiver {
  mode: 'ok' | 'fail' | 'hang' = 'ok';
  failNext = 0;
  loseAnswersNext = 0;
  /** Processed events by `webhook-id`, each once, in the order processed. */
  readonly processed = new Map<string, unknown>();
  /** Verified requests, repeats included. */
  verified = 0;
  /** Requests whose signature did not verify. */
  rejected = 0;
  /** Every request received. */
  requests = 0;
  /** The headers of the last verified request. */
  lastHeaders: Record<string, string> = {};
  url = '';
  private readonly webhook: Webhook;
  private server: Server | undefined;
  private readonly hanging = new Set<() => void>();

  constructor(secret: string) {
    this.webhook = new Webhook(secret);
  }

  reset(): void {
    this.mode = 'ok';
    this.failNext = 0;
    this.loseAnswersNext = 0;
    this.processed.clear();
    this.verified = 0;
    this.rejected = 0;
    this.requests = 0;
    this.lastHeaders = {};
  }

  async start(): Promise<void> {
    this.server = createServer((req, res) => void this.handle(req, res));
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    const address = this.server.address();
    this.url = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}/hooks/revops`;
  }

  async stop(): Promise<void> {
    for (const release of this.hanging) release();
    this.server?.closeAllConnections();
    await new Promise<void>((resolve) => this.server?.close(() => resolve()) ?? resolve());
  }

  private hang(res: ServerResponse): Promise<void> {
    return new Promise<void>((resolve) => {
      const release = () => {
        this.hanging.delete(release);
        res.destroy();
        resolve();
      };
      this.hanging.add(release);
      res.on('close', release);
    });
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    this.requests++;
    const body = await read(req);
    if (this.failNext > 0 || this.mode === 'fail') {
      if (this.failNext > 0) this.failNext--;
      res.writeHead(500).end('receiver failure');
      return;
    }
    if (this.mode === 'hang') return this.hang(res);
    const headers = Object.fromEntries(Object.entries(req.headers).filter((entry): entry is [string, string] => typeof entry[1] === 'string'));
    let payload: unknown;
    try {
      // The raw body, as received: a re-serialized one would not match the signature.
      payload = this.webhook.verify(body, headers);
    } catch {
      this.rejected++;
      res.writeHead(401).end('bad signature');
      return;
    }
    this.verified++;
    this.lastHeaders = headers;
    const id = headers['webhook-id']!;
    if (!this.processed.has(id)) this.processed.set(id, payload);
    if (this.loseAnswersNext > 0) {
      this.loseAnswersNext--;
      return this.hang(res);
    }
    res.writeHead(204).end();
  }
}

function read(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    let data = '';
    req.setEncoding('utf8');
    req.on('data', (chunk: string) => (data += chunk));
    req.on('end', () => resolve(data));
    req.on('error', reject);
  });
}
