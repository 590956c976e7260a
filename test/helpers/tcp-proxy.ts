import { createConnection, createServer, type Server, type Socket } from 'node:net';

/**
 * A loopback TCP proxy that can be cut and restored, to take a database away
 * from a running server and give it back on the same address.
 */
export class TcpProxy {
  readonly target: { host: string; port: number };
  port = 0;
  private server: Server | undefined;
  private readonly sockets = new Set<Socket>();

  constructor(target: { host: string; port: number }) {
    this.target = target;
  }

  /** Listens on loopback: on `port` when given (a restart), else on a free one. */
  async start(port = this.port): Promise<void> {
    const server = createServer((client) => {
      const upstream = createConnection(this.target);
      for (const socket of [client, upstream]) {
        this.sockets.add(socket);
        socket.on('close', () => this.sockets.delete(socket));
        socket.on('error', () => {
          client.destroy();
          upstream.destroy();
        });
      }
      client.pipe(upstream).pipe(client);
    });
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(port, '127.0.0.1', () => resolve());
    });
    const address = server.address();
    this.port = typeof address === 'object' && address ? address.port : port;
    this.server = server;
  }

  /** Cuts every open connection and stops listening: new connections are refused. */
  async stop(): Promise<void> {
    const server = this.server;
    this.server = undefined;
    for (const socket of this.sockets) socket.destroy();
    this.sockets.clear();
    if (server) await new Promise<void>((resolve) => server.close(() => resolve()));
  }
}
