// `npm run test:all`: the unit files and the browser files at the same time, as two Vitest runs.
// A browser file spends much of its time waiting on Chromium and the server, a unit file on one
// core; side by side they use the machine's two cores. Each line of output is labelled with its run;
// the exit code is the first failure's, and Ctrl-C stops both.
import { spawn, type ChildProcess } from 'node:child_process';
import { createInterface } from 'node:readline';

const RUNS: Record<string, string[]> = {
  unit: ['--project', 'unit', '--project', 'stores'],
  e2e: ['--project', 'e2e'],
};
const vitest = new URL('../node_modules/vitest/vitest.mjs', import.meta.url).pathname;
const config = new URL('./vitest.config.ts', import.meta.url).pathname;
const width = Math.max(...Object.keys(RUNS).map((name) => name.length));

function run(name: string, args: string[]): { child: ChildProcess; done: Promise<number> } {
  const child = spawn(process.execPath, [vitest, 'run', '--config', config, ...args, ...process.argv.slice(2)], { stdio: ['ignore', 'pipe', 'pipe'] });
  const label = `[${name.padEnd(width)}] `;
  for (const [stream, out] of [[child.stdout!, process.stdout], [child.stderr!, process.stderr]] as const) {
    createInterface({ input: stream }).on('line', (line) => out.write(label + line + '\n'));
  }
  const done = new Promise<number>((resolve) => child.on('close', (code, signal) => resolve(code ?? (signal ? 1 : 0))));
  return { child, done };
}

const started = Date.now();
const runs = Object.entries(RUNS).map(([name, args]) => ({ name, ...run(name, args) }));
for (const signal of ['SIGINT', 'SIGTERM'] as const) process.on(signal, () => runs.forEach(({ child }) => child.kill(signal)));
const codes = await Promise.all(runs.map(({ done }) => done));
const seconds = Math.round((Date.now() - started) / 1000);
for (const [i, { name }] of runs.entries()) console.log(`${name}: ${codes[i] === 0 ? 'passed' : `failed (exit ${codes[i]})`}`);
console.log(`both runs took ${seconds} s`);
process.exit(codes.find((code) => code !== 0) ?? 0);
