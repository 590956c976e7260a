import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse, stringify } from 'yaml';
import { applyContentEdit } from '../../../src/server/content/index.ts';
import { rewriteYaml } from '../../../src/server/content/yaml-document.ts';

// A save from the web editor, applied to a copy of the project's content/.
let root: string;
beforeEach(() => {
  root = mkdtempSync(join(tmpdir(), 'content-edit-'));
  cpSync(join(process.cwd(), 'content'), join(root, 'content'), { recursive: true });
});
afterEach(() => rmSync(root, { recursive: true, force: true }));

const read = (path: string) => readFileSync(join(root, path), 'utf8');
/** The file as the editor would send it (its own YAML, no comments), after `change`. */
function edited(path: string, change: (data: any) => void) {
  const data = parse(read(path));
  change(data);
  return { path, contents: new TextEncoder().encode(stringify(data)) };
}

describe('applyContentEdit', () => {
  it('writes a valid edit into the file\'s own YAML: only the changed line differs, comments and quoting stay', () => {
    const before = read('content/bands.yaml');
    const result = applyContentEdit(root, { additions: [edited('content/bands.yaml', (d) => { d.overall[0].max = 35; d.overall[1].min = 35; })], deletions: [] });
    expect(result).toEqual({ ok: true, written: ['content/bands.yaml'], deleted: [] });
    const after = read('content/bands.yaml');
    const changed = after.split('\n').map((line, i) => [line, before.split('\n')[i]]).filter(([a, b]) => a !== b);
    expect(changed).toEqual([['    max: 35', '    max: 30'], ['    min: 35', '    min: 30']]);
    expect(after.startsWith('# yaml-language-server: $schema=schemas/bands.schema.json\n# Bands:')).toBe(true);
  });

  it('refuses an edit that breaks the content with file: field: message lines, and writes nothing', () => {
    const before = read('content/bands.yaml');
    const result = applyContentEdit(root, { additions: [edited('content/bands.yaml', (d) => { d.overall[1].min = 41; })], deletions: [] });
    expect(result).toEqual({ ok: false, errors: ["content/bands.yaml: overall[1].min: gap: must equal the previous band's max (30)"] });
    expect(read('content/bands.yaml')).toBe(before);
  });

  it('checks an edit against the other files: an unknown dimension, a missing translation', () => {
    const rules = edited('content/rules.yaml', (d) => { d.rules[0].when[0].dimension = 'pricing'; });
    const ui = edited('content/ui.yaml', (d) => { delete d.results.title.pt; });
    const result = applyContentEdit(root, { additions: [rules, ui], deletions: [] });
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.errors).toEqual([
      'content/ui.yaml: results.title.pt: required',
      expect.stringMatching(/^content\/rules\.yaml: rules\[0\]\.when\[0\]\.dimension: unknown dimension "pricing" \(known: overall, alignment/),
    ]);
  });

  it('refuses a file outside content/, unreadable YAML, and removing anything but a question file', () => {
    const outside = applyContentEdit(root, { additions: [{ path: 'src/pages/x.astro', contents: new TextEncoder().encode('x') }], deletions: [] });
    expect(outside).toEqual({ ok: false, errors: ['src/pages/x.astro: not a content file (content/*.yaml, content/questions/*.yaml)'] });
    const broken = applyContentEdit(root, { additions: [{ path: 'content/offer.yaml', contents: new TextEncoder().encode('title: [') }], deletions: [] });
    expect(broken.ok).toBe(false);
    if (!broken.ok) expect(broken.errors[0]).toMatch(/^content\/offer\.yaml: not valid YAML/);
    expect(applyContentEdit(root, { additions: [], deletions: [{ path: 'content/bands.yaml' }] })).toEqual({ ok: false, errors: ['content/bands.yaml: only a question file can be removed'] });
    expect(existsSync(join(root, 'content/bands.yaml'))).toBe(true);
  });

  it('removes a question file only when the content stays valid (its dimension needs questions)', () => {
    const result = applyContentEdit(root, { additions: [], deletions: [{ path: 'content/questions/tooling.yaml' }] });
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.errors).toContain('content/dimensions.yaml: dimensions[3]: dimension "tooling" has no questions');
    expect(existsSync(join(root, 'content/questions/tooling.yaml'))).toBe(true);
  });

  it('leaves out the empty lists and groups the editor writes for a field left empty', () => {
    const before = read('content/bands.yaml');
    const result = applyContentEdit(root, { additions: [edited('content/bands.yaml', (d) => { d.overall[0].claims = []; d.notAssessed.extra = {}; })], deletions: [] });
    expect(result.ok).toBe(true);
    expect(read('content/bands.yaml')).toBe(before);
  });
});

describe('rewriteYaml', () => {
  const original = '# header\n# more\nname: "Quoted" # why\nlist: [a, b]\nitems:\n  # first\n  - id: x\n    n: 0.10\n  - id: y\n';

  it('keeps the text of what did not change, as written (quotes, 0.10, flow lists, comments)', () => {
    expect(rewriteYaml(original, parse(original))).toBe(original);
  });

  it('keeps a changed text\'s quoting and comment; adds, removes and reorders by key and position', () => {
    const out = rewriteYaml(original, { name: 'Nuevo', list: ['a'], items: [{ id: 'x', n: 0.2 }], added: 'z' });
    expect(out).toBe('# header\n# more\nname: "Nuevo" # why\nlist: [a]\nitems:\n  # first\n  - id: x\n    n: 0.2\nadded: z\n');
  });
});
