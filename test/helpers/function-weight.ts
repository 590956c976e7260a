import { existsSync, readdirSync, readFileSync, realpathSync, statSync } from 'node:fs';
import { basename, dirname, join, relative, resolve } from 'node:path';

/** A file of a built function: its path inside the function's folder and its size in bytes. */
export interface FunctionFile {
  path: string;
  bytes: number;
}

/** Every file of a Vercel function's folder with its size, symbolic links followed (as the upload does). */
export function functionFiles(folder: string): FunctionFile[] {
  const files: FunctionFile[] = [];
  const seen = new Set<string>();
  const walk = (path: string): void => {
    const stats = statSync(path);
    if (!stats.isDirectory()) {
      files.push({ path: relative(folder, path), bytes: stats.size });
      return;
    }
    const real = realpathSync(path);
    if (seen.has(real)) return;
    seen.add(real);
    for (const name of readdirSync(path)) walk(join(path, name));
  };
  walk(folder);
  return files;
}

/**
 * The folders, relative to `root`, of the packages `names` and of every package they depend on
 * (optional ones included), found as Node finds them: in the nearest `node_modules` up from each.
 */
export function packageFolders(projectRoot: string, names: string[]): string[] {
  const root = resolve(projectRoot);
  const folders = new Set<string>();
  const visit = (name: string, from: string): void => {
    let dir = from;
    let found: string | undefined;
    for (;;) {
      if (basename(dir) !== 'node_modules' && existsSync(join(dir, 'node_modules', name, 'package.json'))) {
        found = join(dir, 'node_modules', name);
        break;
      }
      if (dir === root || dirname(dir) === dir) return; // not installed: another platform's optional package
      dir = dirname(dir);
    }
    const folder = relative(root, found);
    if (folders.has(folder)) return;
    folders.add(folder);
    const pkg = JSON.parse(readFileSync(join(found, 'package.json'), 'utf8')) as { dependencies?: Record<string, string>; optionalDependencies?: Record<string, string> };
    for (const dependency of Object.keys({ ...pkg.dependencies, ...pkg.optionalDependencies })) visit(dependency, found);
  };
  for (const name of names) visit(name, root);
  return [...folders];
}

/** A part of a function with its budget: the files `holds` says are its own (the first part that holds a file has it). */
export interface FunctionPart {
  name: string;
  budgetBytes: number;
  holds(path: string): boolean;
}

export interface PartWeight {
  name: string;
  budgetBytes: number;
  bytes: number;
  files: FunctionFile[];
}

/** The files of a part whose path starts with one of `folders` (each a folder inside the function's folder). */
export function inFolders(folders: string[]): (path: string) => boolean {
  return (path) => folders.some((folder) => path.startsWith(`${folder}/`));
}

/** Each part's weight, every file counted once; a last part, "everything else", holds the files no part claims. */
export function weighParts(files: FunctionFile[], parts: FunctionPart[], restBudgetBytes: number): PartWeight[] {
  const all = [...parts, { name: 'everything else', budgetBytes: restBudgetBytes, holds: () => true }];
  const weights = all.map((part) => ({ name: part.name, budgetBytes: part.budgetBytes, bytes: 0, files: [] as FunctionFile[] }));
  for (const file of files) {
    const weight = weights[all.findIndex((part) => part.holds(file.path))]!;
    weight.bytes += file.bytes;
    weight.files.push(file);
  }
  return weights;
}

/** `bytes` in MB (10^6 bytes), to two decimals: "4.38 MB". */
export function megabytes(bytes: number): string {
  return `${(bytes / 1e6).toFixed(2)} MB`;
}

/** The `count` largest of `files`, one per line with its size: what to look at when a budget is exceeded. */
export function largest(files: FunctionFile[], count = 12): string {
  return [...files]
    .sort((a, b) => b.bytes - a.bytes)
    .slice(0, count)
    .map((file) => `${megabytes(file.bytes).padStart(9)}  ${file.path}`)
    .join('\n');
}
