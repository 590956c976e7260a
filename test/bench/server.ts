import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { delimiter, dirname, join } from 'node:path';
import { processes } from './proc.ts';

/** The repository's root (two folders up from this file). */
export const ROOT = new URL('../..', import.meta.url).pathname;

/** A free TCP port on loopback. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => (typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port'))));
    });
  });
}

export interface BuiltServer {
  /** `http://127.0.0.1:PORT` */
  url: string;
  /** The temporary DATA_DIR (PGlite lives in `DATA_DIR/pglite` when DATABASE_URL is unset). */
  dataDir: string;
  /** The last 64 KB the server printed. */
  output(): string;
  /** The server's process group (its shell and Node). */
  pgid: number;
  /** The id of the Node process serving (not the shell that started it), for reading its memory in /proc. */
  serverPid(): number;
  /** SIGTERM to the server's process group; resolves once it exited. Removes DATA_DIR unless `keepDataDir`. */
  stop(options?: { keepDataDir?: boolean }): Promise<void>;
}

export interface ServerOptions {
  /** The project folder whose build is served (a copy built with other content); the repository by default. */
  root?: string;
  /** Variables on top of the defaults below; `undefined` removes a variable. */
  env?: Record<string, string | undefined>;
  /** How long to wait for `GET /` to answer 200 (ms). */
  readyTimeoutMs?: number;
}

/**
 * Starts the production build the way `npm start` does (its command is read from
 * package.json, so a change there is followed) on a free loopback port, with a
 * temporary DATA_DIR, no RESEND_API_KEY and SITE_URL set to its own address.
 */
export async function startBuiltServer(options: ServerOptions = {}): Promise<BuiltServer> {
  const root = options.root ?? ROOT;
  const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { scripts: Record<string, string> };
  const command = pkg.scripts.start;
  if (!command) throw new Error('package.json has no "start" script');
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const dataDir = mkdtempSync(join(tmpdir(), 'revops-bench-'));
  const env: Record<string, string | undefined> = {
    ...process.env,
    // The same Node as this process first, and the project's binaries, as npm would set them.
    PATH: [dirname(process.execPath), join(ROOT, 'node_modules/.bin'), process.env.PATH].join(delimiter),
    HOST: '127.0.0.1',
    PORT: String(port),
    SITE_URL: url,
    DATA_DIR: dataDir,
    DATABASE_URL: '',
    RESEND_API_KEY: undefined,
    RESEND_BASE_URL: undefined,
    ASTRO_TELEMETRY_DISABLED: '1',
    ...options.env,
  };
  for (const key of Object.keys(env)) if (env[key] === undefined) delete env[key];

  let output = '';
  const child = spawn(command, { cwd: root, env: env as NodeJS.ProcessEnv, shell: true, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
  const keep = (chunk: Buffer) => {
    output = (output + chunk.toString()).slice(-64 * 1024);
  };
  child.stdout.on('data', keep);
  child.stderr.on('data', keep);
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));

  const stop = async ({ keepDataDir = false } = {}) => {
    if (child.exitCode === null && child.signalCode === null) {
      try {
        process.kill(-child.pid!, 'SIGTERM');
      } catch {
        // already gone
      }
      const killed = setTimeout(() => {
        try {
          process.kill(-child.pid!, 'SIGKILL');
        } catch {
          // already gone
        }
      }, 5000);
      await exited;
      clearTimeout(killed);
    }
    if (!keepDataDir) rmSync(dataDir, { recursive: true, force: true });
  };

  const deadline = Date.now() + (options.readyTimeoutMs ?? 30_000);
  for (;;) {
    if (child.exitCode !== null) throw new Error(`\`${command}\` exited with ${child.exitCode}:\n${output}`);
    try {
      const response = await fetch(`${url}/`);
      if (response.ok) break;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) {
      await stop();
      throw new Error(`The server did not answer ${url}/ in time:\n${output}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  return { url, dataDir, output: () => output, stop, pgid: child.pid!, serverPid: () => nodeProcessIn(child.pid!) };
}

/** The Node process of process group `pgid` (a shell may run the command as its child). */
function nodeProcessIn(pgid: number): number {
  for (const { pid, group } of processes()) {
    try {
      if (group === pgid && readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0')[0]!.endsWith('node')) return pid;
    } catch {
      // gone meanwhile
    }
  }
  throw new Error(`no Node process in process group ${pgid}`);
}
