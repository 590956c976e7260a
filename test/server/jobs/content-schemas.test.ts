import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { contentFilePaths, contentSchemaChanges } from '../../../src/server/jobs/content-schemas.ts';

const root = process.cwd();
const job = join(root, 'src/server/jobs/content-schemas.ts');
const run = (cwd: string, ...args: string[]) => spawnSync(process.execPath, [job, ...args], { cwd, encoding: 'utf8' });

// A copy of content/ to break and repair.
let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'content-schemas-'));
  cpSync(join(root, 'content'), join(dir, 'content'), { recursive: true });
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('npm run content:schemas', () => {
  it('finds nothing to change in the project', () => {
    expect(contentSchemaChanges(root)).toEqual([]);
    expect(contentFilePaths(root)).toContain('content/questions/tooling.yaml');
  });

  it('with --check, lists every missing or stale schema and every wrong first line, changes nothing and exits 1', () => {
    rmSync(join(dir, 'content/schemas/duration.schema.json'));
    writeFileSync(join(dir, 'content/schemas/bands.schema.json'), '{}\n');
    writeFileSync(join(dir, 'content/schemas/old.schema.json'), '{}\n');
    const tooling = join(dir, 'content/questions/tooling.yaml');
    const text = readFileSync(tooling, 'utf8');
    const body = text.slice(text.indexOf('\n') + 1);
    writeFileSync(tooling, body);
    const rules = join(dir, 'content/rules.yaml');
    writeFileSync(rules, readFileSync(rules, 'utf8').replace('$schema=schemas/rules.schema.json', '$schema=rules.json'));

    const check = run(dir, '--check');
    expect(check.status).toBe(1);
    const lines = check.stderr.trim().split('\n');
    expect(lines).toEqual([
      'content/schemas/bands.schema.json: stale (a zod schema changed since it was generated): run npm run content:schemas',
      'content/schemas/duration.schema.json: missing: run npm run content:schemas',
      'content/schemas/old.schema.json: no content file has this kind any more: run npm run content:schemas (deletes it)',
      'content/questions/tooling.yaml: header: the first line must be "# yaml-language-server: $schema=../schemas/questions.schema.json" (missing): run npm run content:schemas',
      'content/rules.yaml: header: the first line must be "# yaml-language-server: $schema=schemas/rules.schema.json", not "# yaml-language-server: $schema=rules.json": run npm run content:schemas',
      '',
      '5 content schema files out of date',
    ]);
    expect(existsSync(join(dir, 'content/schemas/duration.schema.json'))).toBe(false);
    expect(readFileSync(tooling, 'utf8')).toBe(body);
  });

  it('without it, writes them, puts the lines right, keeps the header comments, and then has nothing to do', () => {
    const repair = run(dir);
    expect(repair.status).toBe(0);
    expect(repair.stdout).toContain('5 files updated');
    for (const path of ['content/schemas/bands.schema.json', 'content/schemas/duration.schema.json', 'content/questions/tooling.yaml', 'content/rules.yaml'])
      expect(readFileSync(join(dir, path), 'utf8'), path).toBe(readFileSync(join(root, path), 'utf8'));
    expect(existsSync(join(dir, 'content/schemas/old.schema.json'))).toBe(false);

    const again = run(dir, '--check');
    expect(again.status).toBe(0);
    expect(again.stdout).toContain('up to date');
    expect(run(dir).stdout).toContain('were up to date');
  });
});
