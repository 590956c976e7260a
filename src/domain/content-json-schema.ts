import { z } from 'astro/zod';
import { CONTENT_FILES, contentFileKind, fileSchema, type ContentFileKind } from './content-files.ts';

/**
 * The JSON Schemas of the content files, generated from their zod schemas (`npm run content:schemas`),
 * so that an editor with the YAML language server (VS Code's YAML extension, and others) completes
 * the fields, shows each field's guidance on hover and flags a mistake as it is typed. The line
 * `# yaml-language-server: $schema=…` at the top of each file points the editor at its schema.
 * zod remains the judge: `npm run check:content` checks what a JSON Schema cannot (references
 * between files, bands without gaps…).
 */

/** The folder of the JSON Schemas, under `content/`. */
const SCHEMA_FOLDER = 'schemas/';

/** `content/schemas/bands.schema.json`: the JSON Schema of a kind of content file. */
export const jsonSchemaPath = (kind: ContentFileKind): string => `content/${SCHEMA_FOLDER}${kind.source}.schema.json`;

/** Draft 7: the newest draft every version of the YAML language server reads. */
const TARGET = 'draft-07';

/**
 * zod types without a JSON Schema equivalent. The one the content uses is `knownId` in
 * `schemas/rule.ts`: a `z.custom` whose metadata gives its JSON Schema (`type` and `enum`), merged in
 * by zod. Anything else throws, so that no field silently accepts anything.
 */
const unrepresentable = ({ zodSchema }: { zodSchema: z.core.$ZodType }): 'throw' | Record<string, never> =>
  zodSchema._zod.def.type === 'custom' && Array.isArray(z.globalRegistry.get(zodSchema)?.enum) ? {} : 'throw';

/** The JSON Schema of a whole file of this kind, as an object. */
export function contentJsonSchema(kind: ContentFileKind): Record<string, unknown> {
  // `input`: what the author writes (a field with a default may be left out; a pipe is read before its transform).
  const { $schema, ...schema } = z.toJSONSchema(fileSchema(kind), { target: TARGET, io: 'input', unrepresentable }) as Record<string, unknown>;
  const what = z.globalRegistry.get(kind.schema)?.description;
  if (!what) throw new Error(`${kind.path}: its schema has no description (.meta({ description })) to describe the file with`);
  return {
    $schema,
    title: kind.label,
    description: `${what} How to edit: see the comment at the top of the file.`,
    ...Object.fromEntries(Object.entries(schema).filter(([key]) => key !== 'title' && key !== 'description')),
  };
}

/** Every JSON Schema file and its text (2-space indented, with a final line break), in `CONTENT_FILES` order. */
export function contentJsonSchemas(): { path: string; text: string }[] {
  return CONTENT_FILES.map((kind) => ({ path: jsonSchemaPath(kind), text: `${JSON.stringify(contentJsonSchema(kind), null, 2)}\n` }));
}

const SCHEMA_LINE = '# yaml-language-server:';

/**
 * The first line of a content file (`content/bands.yaml`, `content/questions/tooling.yaml`): its JSON
 * Schema, relative to the file. Undefined for a file `CONTENT_FILES` does not cover.
 */
export function schemaLine(file: string): string | undefined {
  const inContent = file.replace(/^content\//, '');
  const kind = contentFileKind(inContent);
  if (!kind) return undefined;
  const up = '../'.repeat(inContent.split('/').length - 1);
  return `${SCHEMA_LINE} $schema=${up}${jsonSchemaPath(kind).slice('content/'.length)}`;
}

/** What is wrong with a content file's first line, or undefined when it is the right `$schema` line. */
export function schemaLineProblem(file: string, text: string): string | undefined {
  const wanted = schemaLine(file);
  if (wanted === undefined) return undefined;
  const first = text.split('\n', 1)[0]!.replace(/\r$/, '');
  if (first === wanted) return undefined;
  return first.startsWith(SCHEMA_LINE) ? `the first line must be "${wanted}", not "${first}"` : `the first line must be "${wanted}" (missing)`;
}

/**
 * The file's text with the right `$schema` line first: an existing `# yaml-language-server:` first
 * line is replaced, otherwise the line is added above the rest, which stays as it was.
 */
export function withSchemaLine(file: string, text: string): string {
  const wanted = schemaLine(file);
  if (wanted === undefined || schemaLineProblem(file, text) === undefined) return text;
  const rest = text.startsWith(SCHEMA_LINE) ? text.slice(text.indexOf('\n') + 1 || text.length) : text;
  return `${wanted}\n${rest}`;
}
