import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { z } from 'zod';
import { parse } from 'yaml';
import type { ComponentSchema } from '@keystatic/core';
import { createReader } from '@keystatic/core/reader';
import config, { editorEntries } from '../../src/editor/keystatic.config.ts';
import { CONTENT_FILES, fileSchema, withoutEmpty, type ContentFileKind } from '../../src/domain/content-files.ts';
import { leafPaths, type Shape } from '../../src/editor/zod-walk.ts';
import { rewriteYaml } from '../../src/server/content/yaml-document.ts';
import { readContentSources } from '../../src/server/content/load.ts';

// The editor's fields are built from the zod schemas (src/editor/fields.ts). These tests hold them to
// zod's own reading of the same schemas (its JSON Schema), and to the files: what the editor reads
// and writes back must be the file, unchanged.

type JsonSchema = { type?: string | string[]; properties?: Record<string, JsonSchema>; additionalProperties?: JsonSchema | boolean; items?: JsonSchema; anyOf?: JsonSchema[]; oneOf?: JsonSchema[]; allOf?: JsonSchema[]; $ref?: string; $defs?: Record<string, JsonSchema>; definitions?: Record<string, JsonSchema> };

/** Every leaf's path zod's JSON Schema declares: `overall[].label.es`, a record's keys as `<key>`. */
function schemaPaths(schema: JsonSchema, root: JsonSchema, path = ''): string[] {
  if (schema.$ref) {
    const name = schema.$ref.split('/').pop()!;
    return schemaPaths((root.$defs ?? root.definitions ?? {})[name]!, root, path);
  }
  const variants = schema.anyOf ?? schema.oneOf ?? schema.allOf;
  if (variants) return [...new Set(variants.flatMap((v) => schemaPaths(v, root, path)))];
  if (schema.properties) return Object.entries(schema.properties).flatMap(([key, value]) => schemaPaths(value, root, path ? `${path}.${key}` : key));
  if (typeof schema.additionalProperties === 'object') return schemaPaths(schema.additionalProperties, root, `${path}.<key>`);
  if (schema.items) return schemaPaths(schema.items, root, `${path}[]`);
  return [path];
}

type Walked = ComponentSchema & { variants?: unknown; record?: boolean };
/** Every leaf's path the editor's fields have: groups, lists, a record's fields once as `<key>`, a union's variants' fields. */
function editorPaths(field: Walked, path: string): string[] {
  if (field.kind === 'object') {
    const entries = Object.entries(field.fields) as [string, Walked][];
    if (field.record) return [...new Set(entries.flatMap(([, value]) => editorPaths(value, `${path}.<key>`)))];
    return entries.flatMap(([key, value]) => editorPaths(value, path ? `${path}.${key}` : key));
  }
  if (field.kind === 'array') return editorPaths(field.element as Walked, `${path}[]`);
  if (field.kind === 'form' && Array.isArray(field.variants)) {
    // A union's variants: each a group of fields.
    return leafPaths({ kind: 'union', variants: field.variants as Shape[] }, path);
  }
  return [path];
}

const entryOf = (kind: ContentFileKind) => editorEntries[kind.source]!;
/** The editor's fields for a file (a collection's file-name field is the file's name, not in it). */
function editorFields(kind: ContentFileKind): Record<string, Walked> {
  const { file: _name, ...fields } = entryOf(kind).schema as Record<string, Walked>;
  return kind.path.endsWith('/') ? fields : (entryOf(kind).schema as Record<string, Walked>);
}

describe('the editor and the zod schemas', () => {
  it.each(CONTENT_FILES.map((kind) => [kind.path, kind] as const))('%s: every schema field has its editor field, and no editor field is not in the schema', (_path, kind) => {
    const json = z.toJSONSchema(fileSchema(kind), { io: 'input', unrepresentable: 'any' }) as JsonSchema;
    const fromSchema = schemaPaths(json, json).sort();
    const fromEditor = Object.entries(editorFields(kind)).flatMap(([key, field]) => editorPaths(field, key)).sort();
    expect(fromEditor.filter((p) => !fromSchema.includes(p)), 'editor fields not in the schema').toEqual([]);
    expect(fromSchema.filter((p) => !fromEditor.includes(p)), 'schema fields with no editor field').toEqual([]);
    expect(fromSchema.length).toBeGreaterThan(0);
  });

  it('has an entry for every kind of content file, and nothing else', () => {
    expect(Object.keys(editorEntries).sort()).toEqual(CONTENT_FILES.map((kind) => kind.source).sort());
  });
});

/**
 * What the editor writes for `data` when nothing is edited: each field parsed the way the editor
 * opens it, then serialized the way it saves it (Keystatic's order: groups by key, lists by
 * position, an undefined value left out).
 */
function throughEditor(field: Walked, value: unknown): unknown {
  if (field.kind === 'object') {
    const group = (value ?? {}) as Record<string, unknown>;
    const out: Record<string, unknown> = {};
    for (const [key, f] of Object.entries(field.fields) as [string, Walked][]) {
      const v = throughEditor(f, group[key]);
      if (v !== undefined) out[key] = v;
    }
    return out;
  }
  if (field.kind === 'array') return ((value ?? []) as unknown[]).map((item) => throughEditor(field.element as Walked, item) ?? null);
  if (field.kind === 'form') {
    const f = field as unknown as { parse(v: unknown): unknown; validate(v: unknown): unknown; serialize(v: unknown): { value: unknown } };
    return f.serialize(f.validate(f.parse(value))).value;
  }
  throw new Error(`unexpected field kind ${field.kind}`);
}

const filesOf = (kind: ContentFileKind): string[] => {
  const { sources } = readContentSources(process.cwd());
  const source = sources[kind.source];
  return (Array.isArray(source) ? source : [source]).map((file) => file.path);
};

describe('opening a file in the editor and saving it unchanged', () => {
  const cases = CONTENT_FILES.flatMap((kind) => filesOf(kind).map((path) => [path, kind] as const));

  it.each(cases)('%s: leaves it byte for byte as it was, and valid', (path, kind) => {
    const original = readFileSync(path, 'utf8');
    const fields = editorFields(kind);
    const saved = withoutEmpty(throughEditor({ kind: 'object', fields } as unknown as Walked, parse(original)));
    expect(fileSchema(kind).safeParse(saved).error?.issues ?? []).toEqual([]);
    expect(saved).toEqual(withoutEmpty(parse(original)));
    expect(rewriteYaml(original, saved)).toBe(original);
  });

  it('reads every file with Keystatic\'s own reader, which validates each field', async () => {
    const reader = createReader(process.cwd(), config);
    for (const name of Object.keys(config.singletons ?? {})) {
      await expect((reader.singletons as Record<string, { readOrThrow(): Promise<unknown> }>)[name]!.readOrThrow(), name).resolves.toBeTruthy();
    }
    const questions = await (reader.collections as Record<string, { all(): Promise<{ slug: string }[]> }>).questions!.all();
    expect(questions.map((entry) => entry.slug).sort()).toEqual(filesOf(CONTENT_FILES[1]).map((p) => p.replace(/^content\/questions\/|\.yaml$/g, '')).sort());
  });
});
