import type { z } from 'astro/zod';

/**
 * What the web editor needs to know of a zod schema, read from its definition: the shapes the
 * content schemas use (groups, lists, texts, numbers, choices, yes/no, unions), with wrappers
 * (optional, default, pipes, refinements) unwrapped. Anything else is an error naming the field,
 * so a new kind of schema cannot silently go missing from the editor.
 */
export type Shape =
  | { kind: 'object'; fields: Record<string, Field> }
  | { kind: 'record'; value: Shape }
  | { kind: 'array'; element: Shape; min: number }
  | { kind: 'string' }
  | { kind: 'number' }
  | { kind: 'enum'; values: string[] }
  | { kind: 'literal'; value: string | number | boolean }
  | { kind: 'boolean' }
  | { kind: 'union'; variants: Shape[] };

export interface Field {
  shape: Shape;
  optional: boolean;
  /** The value a missing field takes (`.default(...)`). */
  defaultValue?: unknown;
  description?: string;
}

type Def = z.core.$ZodTypeDef & Record<string, any>;
const defOf = (schema: z.core.$ZodType): Def => schema._zod.def as Def;
const describe = (schema: z.core.$ZodType): string | undefined =>
  (schema as { description?: string }).description ?? (schema as { meta?: () => { description?: string } | undefined }).meta?.()?.description;

/** Reads a field: its wrappers (optional, default…) first, then its shape. `path` names it in errors. */
export function readField(schema: z.core.$ZodType, path: string): Field {
  const field: Field = { shape: { kind: 'string' }, optional: false };
  let current = schema;
  for (;;) {
    field.description ??= describe(current);
    const def = defOf(current);
    if (def.type === 'optional') field.optional = true;
    else if (def.type === 'default' || def.type === 'prefault') {
      field.optional = true;
      field.defaultValue = typeof def.defaultValue === 'function' ? def.defaultValue() : def.defaultValue;
    } else if (def.type === 'pipe') {
      current = def.in;
      continue;
    } else if (def.type !== 'nullable' && def.type !== 'readonly' && def.type !== 'nonoptional') break;
    current = def.innerType;
  }
  field.shape = readShape(current, path);
  return field;
}

/** Reads a schema's shape (its wrappers ignored). */
export function readShape(schema: z.core.$ZodType, path: string): Shape {
  const def = defOf(schema);
  switch (def.type) {
    case 'object':
      return {
        kind: 'object',
        fields: Object.fromEntries(Object.entries(def.shape as Record<string, z.core.$ZodType>).map(([key, value]) => [key, readField(value, path ? `${path}.${key}` : key)])),
      };
    case 'record':
      return { kind: 'record', value: readField(def.valueType, `${path}.<key>`).shape };
    case 'array':
      return { kind: 'array', element: readField(def.element, `${path}[]`).shape, min: minLength(def) };
    case 'string':
    case 'custom':
      return { kind: 'string' };
    case 'number':
    case 'int':
      return { kind: 'number' };
    case 'enum':
      return { kind: 'enum', values: Object.values(def.entries as Record<string, string>) };
    case 'literal':
      return { kind: 'literal', value: (def.values as (string | number | boolean)[])[0]! };
    case 'boolean':
      return { kind: 'boolean' };
    case 'union':
      return { kind: 'union', variants: (def.options as z.core.$ZodType[]).flatMap((option, i) => flattenUnion(readShape(option, `${path}|${i}`))) };
    default:
      throw new Error(`${path}: the editor has no field for a zod ${def.type}`);
  }
}

const flattenUnion = (shape: Shape): Shape[] => (shape.kind === 'union' ? shape.variants : [shape]);

function minLength(def: Def): number {
  for (const check of (def.checks ?? []) as unknown as z.core.$ZodType[]) {
    const d = defOf(check) as Def;
    if (d.check === 'min_length') return d.minimum as number;
  }
  return 0;
}

/** Every leaf's path in a shape: `overall[].min`, `dimensions.<key>[].label.es`; a union's variants' fields each once. */
export function leafPaths(shape: Shape, path = ''): string[] {
  switch (shape.kind) {
    case 'object':
      return Object.entries(shape.fields).flatMap(([key, field]) => leafPaths(field.shape, path ? `${path}.${key}` : key));
    case 'record':
      return leafPaths(shape.value, `${path}.<key>`);
    case 'array':
      return leafPaths(shape.element, `${path}[]`);
    case 'union':
      return [...new Set(shape.variants.flatMap((variant) => leafPaths(variant, path)))];
    default:
      return [path];
  }
}
