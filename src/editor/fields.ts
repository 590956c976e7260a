import { fields, type ComponentSchema } from '@keystatic/core';
import type { z } from 'astro/zod';
import { LOCALES } from '../domain/locale.ts';
import { readShape, type Field, type Shape } from './zod-walk.ts';
import { booleanField, choiceField, literalField, numberField, unionField } from './inputs.tsx';
import { fieldLabel } from './labels.ts';

const isLocalizedText = (shape: Shape) =>
  shape.kind === 'object' && Object.keys(shape.fields).join() === LOCALES.join() && Object.values(shape.fields).every((f) => f.shape.kind === 'string');

export interface FieldOptions {
  /** The keys of a record (`bands.dimensions`: the dimension ids), by the record's path. */
  recordKeys(path: string): string[];
}

/** The editor's field for a content field. `path` as in `leafPaths` (`overall[].label`). */
export function editorField(field: Field, key: string, path: string, options: FieldOptions, inOptional = false): ComponentSchema {
  const label = fieldLabel(key);
  const { description, shape } = field;
  // A field of an optional group is optional too: the editor shows every group, filled or not.
  const optional = field.optional || inOptional;
  switch (shape.kind) {
    case 'string':
      // Texts in a language are prose: a box of several lines; ids, addresses and dates: one line.
      return fields.text({ label, description, multiline: (LOCALES as readonly string[]).includes(key), validation: { isRequired: !optional } });
    case 'number':
      return numberField(label, description, optional);
    case 'boolean':
      return booleanField(label, description, typeof field.defaultValue === 'boolean' ? field.defaultValue : false);
    case 'enum':
      return choiceField(label, description, shape.values, optional);
    case 'literal':
      return literalField(label, shape.value);
    case 'union':
      return unionField(label, description, shape.variants);
    case 'object':
      return fields.object(
        Object.fromEntries(Object.entries(shape.fields).map(([k, f]) => [k, editorField(f, k, path ? `${path}.${k}` : k, options, optional)])),
        { label, description, ...(isLocalizedText(shape) ? { layout: [4, 4, 4] } : {}) },
      );
    case 'record':
      // The editor has no field with keys of the author's choosing: one field per key there is.
      return Object.assign(
        fields.object(
          Object.fromEntries(options.recordKeys(path).map((k) => [k, editorField({ shape: shape.value, optional: false }, k, `${path}.<key>`, options)])),
          { label, description },
        ),
        { record: true },
      );
    case 'array': {
      const element = editorField({ shape: shape.element, optional: false }, key.replace(/s$/, ''), `${path}[]`, options);
      return fields.array(element, { label, description, itemLabel: itemLabel(shape.element) });
    }
  }
}

/** What a list shows for each item: its id, else its Spanish text, else its value. */
function itemLabel(element: Shape): ((props: unknown) => string) | undefined {
  if (element.kind === 'string') return (props) => String((props as { value?: unknown }).value ?? '');
  if (element.kind !== 'object') return undefined;
  return (props) => {
    const f = (props as { fields: Record<string, { value?: unknown; fields?: Record<string, { value?: unknown }> }> }).fields;
    for (const key of ['id', 'question', 'dimension', 'metric', 'name', 'label', 'title']) {
      const v = f[key]?.value ?? f[key]?.fields?.es?.value;
      if (typeof v === 'string' && v) return v;
    }
    return '…';
  };
}

/** A whole file's fields (its top level is a group of fields). */
export function fileFields(schema: z.core.$ZodType, options: FieldOptions): Record<string, ComponentSchema> {
  const shape = readShape(schema, '');
  if (shape.kind !== 'object') throw new Error('a content file must be a group of fields');
  return Object.fromEntries(Object.entries(shape.fields).map(([k, f]) => [k, editorField(f, k, k, options)]));
}
