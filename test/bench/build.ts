import { spawn } from 'node:child_process';
import { delimiter, dirname, join } from 'node:path';
import { ROOT } from './server.ts';

/**
 * Runs `astro build` (the node adapter, as `npm run build` does here) and returns
 * its wall-clock time in seconds; its output is printed only when it fails.
 */
export async function timeBuild(): Promise<number> {
  const started = performance.now();
  let output = '';
  const code = await new Promise<number | null>((resolve, reject) => {
    const child = spawn(process.execPath, [join(ROOT, 'node_modules/astro/bin/astro.mjs'), 'build'], {
      cwd: ROOT,
      env: { ...process.env, PATH: [dirname(process.execPath), process.env.PATH].join(delimiter), ASTRO_TELEMETRY_DISABLED: '1', VERCEL: '' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    child.stdout.on('data', (chunk: Buffer) => (output += chunk));
    child.stderr.on('data', (chunk: Buffer) => (output += chunk));
    child.on('error', reject);
    child.on('exit', resolve);
  });
  if (code !== 0) throw new Error(`astro build failed (${code}):\n${output}`);
  return (performance.now() - started) / 1000;
}
