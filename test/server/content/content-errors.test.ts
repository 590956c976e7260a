import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

// A copy of the project with one content file broken, to see what `npm test` and `npm run build` say.
let dir: string;
const root = process.cwd();

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'broken-content-'));
  for (const entry of ['package.json', 'tsconfig.json', 'astro.config.mjs', 'src', 'content']) cpSync(join(root, entry), join(dir, entry), { recursive: true });
  symlinkSync(join(root, 'node_modules'), join(dir, 'node_modules'), 'dir');
  const file = join(dir, 'content/dimensions.yaml');
  // Drop the first Portuguese name: `name:` is followed by es, pt, en lines.
  const text = readFileSync(file, 'utf8');
  const broken = text.replace(/(\n\s+name:\s*\n(?:\s+es:.*\n))\s+pt:.*\n/, '$1');
  expect(broken).not.toBe(text);
  writeFileSync(file, broken);
});

afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('a broken content file', () => {
  it('fails npm run check:content (the first step of npm test) naming the file and field', () => {
    const run = spawnSync(process.execPath, ['src/server/jobs/check-content.ts'], { cwd: dir, encoding: 'utf8' });
    expect(run.status).toBe(1);
    expect(run.stderr).toContain('content/dimensions.yaml: dimensions[0].name.pt: required');
  });

  it('fails npm run build naming the file and field', () => {
    const run = spawnSync(process.execPath, [join(root, 'node_modules/astro/bin/astro.mjs'), 'build'], {
      cwd: dir,
      encoding: 'utf8',
      env: { ...process.env, ASTRO_TELEMETRY_DISABLED: '1' },
      timeout: 120_000,
    });
    expect(run.status).not.toBe(0);
    expect(`${run.stdout}\n${run.stderr}`).toContain('content/dimensions.yaml: dimensions[0].name.pt: required');
  }, 150_000);
});
