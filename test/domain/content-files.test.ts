import { describe, expect, it } from 'vitest';
import { z } from 'astro/zod';
import { CONTENT_FILES, contentFileKind, fileSchema, withoutEmpty, type ContentFileKind } from '../../src/domain/content-files.ts';

describe('contentFileKind', () => {
  it('knows every top-level file by its exact path', () => {
    for (const kind of CONTENT_FILES.filter((k) => !k.path.endsWith('/'))) expect(contentFileKind(kind.path)?.source).toBe(kind.source);
    expect(contentFileKind('bands.yaml')?.source).toBe('bands');
    expect(contentFileKind('content/bands.yaml')).toBeUndefined();
    expect(contentFileKind('old/bands.yaml')).toBeUndefined();
    expect(contentFileKind('bands.yml')).toBeUndefined();
    expect(contentFileKind('notes.yaml')).toBeUndefined();
  });

  it('takes any YAML file directly in a folder kind as one of its files, and nothing deeper or of another type', () => {
    expect(contentFileKind('questions/tooling.yaml')?.source).toBe('questions');
    expect(contentFileKind('questions/new-area.yml')?.source).toBe('questions');
    expect(contentFileKind('questions/')).toBeUndefined();
    expect(contentFileKind('questions/.yaml')).toBeUndefined();
    expect(contentFileKind('questions/drafts/tooling.yaml')).toBeUndefined();
    expect(contentFileKind('questions/tooling.yaml.bak')).toBeUndefined();
    expect(contentFileKind('questions/tooling.json')).toBeUndefined();
    expect(contentFileKind('more-questions/tooling.yaml')).toBeUndefined();
  });
});

describe('fileSchema', () => {
  const kind = (listKey?: string): ContentFileKind => ({
    source: 'rules',
    path: 'rules.yaml',
    ...(listKey === undefined ? {} : { listKey }),
    label: 'Rules',
    schema: z.array(z.object({ id: z.string() })),
  });

  it('holds a list file under its key, and nothing else beside it', () => {
    const schema = fileSchema(kind('rules'));
    expect(schema.safeParse({ rules: [{ id: 'a' }] })).toMatchObject({ success: true, data: { rules: [{ id: 'a' }] } });
    expect(schema.safeParse([{ id: 'a' }]).success).toBe(false);
    expect(schema.safeParse({ rules: [{ id: 'a' }], extra: true }).success).toBe(false);
    expect(schema.safeParse({ items: [{ id: 'a' }] }).success).toBe(false);
  });

  it('is the schema itself for a file that is not a list', () => {
    const schema = fileSchema(kind());
    expect(schema.safeParse([{ id: 'a' }]).success).toBe(true);
    expect(schema.safeParse({ rules: [{ id: 'a' }] }).success).toBe(false);
  });

  it('makes every real list file a group holding its list under its key', () => {
    for (const k of CONTENT_FILES) {
      if (!('listKey' in k)) continue;
      expect(fileSchema(k).safeParse([]).error?.issues[0], k.path).toMatchObject({ code: 'invalid_type', expected: 'object' });
      expect(fileSchema(k).safeParse({ [k.listKey]: [], unknown: 1 }).error?.issues.map((i) => i.code), k.path).toContain('unrecognized_keys');
    }
  });
});

describe('withoutEmpty', () => {
  it('leaves out empty lists and groups at every depth, innermost first', () => {
    expect(withoutEmpty({ id: 'a', claims: [], hint: {}, nested: { list: [], group: { empty: {} } }, kept: { x: 1 } })).toEqual({ id: 'a', kept: { x: 1 } });
    expect(withoutEmpty([{ claims: [] }, { id: 'b', claims: ['c'] }])).toEqual([{}, { id: 'b', claims: ['c'] }]);
    expect(withoutEmpty({ list: [{ empty: [] }] })).toEqual({ list: [{}] });
  });

  it('keeps every value that is not an empty list or group: null, zero, false, empty text', () => {
    const data = { none: null, zero: 0, no: false, text: '', words: 'abc', list: ['x', null, ''] };
    expect(withoutEmpty(data)).toStrictEqual(data);
  });

  it('gives back values that are not lists or groups as they are', () => {
    for (const value of ['abc', '', 0, 7, true, null, undefined]) expect(withoutEmpty(value)).toBe(value);
  });

  it('does not change the data it is given', () => {
    const data = { claims: [], hint: { text: {} } };
    withoutEmpty(data);
    expect(data).toEqual({ claims: [], hint: { text: {} } });
  });
});
