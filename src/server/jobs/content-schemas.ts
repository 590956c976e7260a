// `npm run content:schemas`: writes the JSON Schemas of the content files (content/schemas/), generated
// from their zod schemas, and puts at the top of each content file the line that points editors at its
// schema (`# yaml-language-server: $schema=…`). Run it after changing a schema in src/domain/schemas/.
// `--check`: changes nothing, lists what is missing or stale and exits 1 if anything is.
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { CONTENT_FILES } from '../../domain/content-files.ts';
import { contentJsonSchemas, schemaLineProblem, withSchemaLine } from '../../domain/content-json-schema.ts';

/** A file to write (`text`) or to delete (`text` undefined), and why, as `--check` reports it. */
export interface ContentSchemaChange {
  /** From the project's root, e.g. `content/schemas/bands.schema.json`. */
  path: string;
  text: string | undefined;
  problem: string;
}

const RUN = 'run npm run content:schemas';

/** Every content file `CONTENT_FILES` covers, from the project's root (`content/questions/tooling.yaml`). */
export function contentFilePaths(root: string): string[] {
  return CONTENT_FILES.flatMap((kind) => {
    if (!kind.path.endsWith('/')) return existsSync(join(root, 'content', kind.path)) ? [`content/${kind.path}`] : [];
    const folder = join(root, 'content', kind.path);
    return existsSync(folder) ? readdirSync(folder).filter((name) => /\.ya?ml$/.test(name)).sort().map((name) => `content/${kind.path}${name}`) : [];
  });
}

/** What differs between `<root>/content` and what the generator makes of the zod schemas now. */
export function contentSchemaChanges(root: string): ContentSchemaChange[] {
  const changes: ContentSchemaChange[] = [];
  const schemas = contentJsonSchemas();
  for (const { path, text } of schemas) {
    const file = join(root, path);
    if (!existsSync(file)) changes.push({ path, text, problem: `missing: ${RUN}` });
    else if (readFileSync(file, 'utf8') !== text) changes.push({ path, text, problem: `stale (a zod schema changed since it was generated): ${RUN}` });
  }
  const folder = join(root, 'content', 'schemas');
  const wanted = new Set(schemas.map((schema) => schema.path));
  for (const name of existsSync(folder) ? readdirSync(folder).sort() : []) {
    const path = `content/schemas/${name}`;
    if (name.endsWith('.schema.json') && !wanted.has(path)) changes.push({ path, text: undefined, problem: `no content file has this kind any more: ${RUN} (deletes it)` });
  }
  for (const path of contentFilePaths(root)) {
    const text = readFileSync(join(root, path), 'utf8');
    const problem = schemaLineProblem(path, text);
    if (problem) changes.push({ path, text: withSchemaLine(path, text), problem: `header: ${problem}: ${RUN}` });
  }
  return changes;
}

if (import.meta.main) {
  const root = process.cwd();
  const changes = contentSchemaChanges(root);
  if (process.argv.includes('--check')) {
    for (const change of changes) console.error(`${change.path}: ${change.problem}`);
    if (changes.length > 0) {
      console.error(`\n${changes.length} content schema file${changes.length === 1 ? '' : 's'} out of date`);
      process.exit(1);
    }
    console.log('content/schemas/ and the $schema lines are up to date');
  } else {
    for (const change of changes) {
      const file = join(root, change.path);
      if (change.text === undefined) rmSync(file);
      else {
        mkdirSync(dirname(file), { recursive: true });
        writeFileSync(file, change.text);
      }
      console.log(`${change.text === undefined ? 'deleted' : 'wrote'} ${change.path}`);
    }
    console.log(changes.length === 0 ? 'content/schemas/ and the $schema lines were up to date' : `${changes.length} file${changes.length === 1 ? '' : 's'} updated`);
  }
}
