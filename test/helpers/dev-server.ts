import { spawn } from 'node:child_process';
import { openSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** A free TCP port on this machine. */
export function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const server = createServer();
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => resolve(typeof address === 'object' && address ? address.port : 0));
    });
  });
}

export interface DevServer {
  base: string;
  /** Stops the server and everything it started (its process group). */
  stop(): void;
}

/**
 * `npm run dev` in `cwd`, as a newcomer's shell runs it (none of Vitest's variables: NODE_ENV=test
 * changes how Vite serves pages), with `env` added; resolves once `readyPath` answers 200, its log in
 * the system's temporary folder (`log`). The caller stops it (`stop`), also when a test fails.
 */
export async function startDevServer(options: { cwd?: string; env: Record<string, string>; readyPath: string; log: string; timeoutMs: number }): Promise<DevServer> {
  const port = await freePort();
  const base = `http://localhost:${port}`;
  const shell = Object.fromEntries(Object.entries(process.env).filter(([key]) => !key.startsWith('VITEST') && key !== 'NODE_ENV' && key !== 'TEST'));
  const dev = spawn('npm', ['run', 'dev', '--', '--port', String(port), '--host', 'localhost'], {
    cwd: options.cwd ?? process.cwd(),
    env: { ...shell, ASTRO_DEV_BACKGROUND: '0', SITE_URL: base, ...options.env },
    stdio: ['ignore', openSync(join(tmpdir(), options.log), 'w'), 'pipe'],
    detached: true,
  });
  const stop = () => {
    try {
      if (dev.pid) process.kill(-dev.pid, 'SIGTERM');
    } catch {
      // already gone
    }
  };
  const deadline = Date.now() + options.timeoutMs;
  for (;;) {
    const ready = await fetch(`${base}${options.readyPath}`).then((r) => r.ok, () => false);
    if (ready) return { base, stop };
    if (Date.now() > deadline) {
      stop();
      throw new Error(`npm run dev did not answer ${options.readyPath} within ${options.timeoutMs / 1000} s (log: ${join(tmpdir(), options.log)})`);
    }
    await new Promise((r) => setTimeout(r, 500));
  }
}
