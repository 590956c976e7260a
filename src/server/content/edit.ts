import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { parse as parseYaml, YAMLParseError } from 'yaml';
import { assembleQuestionnaire, formatContentIssue, type ContentFile, type ContentIssue, type ContentSources } from '../../domain/questionnaire.ts';
import { contentFileKind, withoutEmpty } from '../../domain/content-files.ts';
import { contentFile, readContentSources } from './load.ts';
import { rewriteYaml } from './yaml-document.ts';

/** A save from the web editor: files written (whole) and files removed, by path from the project's root. */
export interface ContentEdit {
  additions: { path: string; contents: Uint8Array }[];
  deletions: { path: string }[];
}

export type ContentEditResult = { ok: true; written: string[]; deleted: string[] } | { ok: false; errors: string[] };

/**
 * Applies an edit to `<root>/content` only if the content it leads to is valid: the edited files
 * are checked together with the others, as `npm run check:content` would check them; a problem
 * refuses the whole edit with the same `file: field: message` lines and writes nothing.
 * Each file is written into its own YAML (`rewriteYaml`), so its comments and untouched text stay.
 */
export function applyContentEdit(root: string, edit: ContentEdit): ContentEditResult {
  const issues: ContentIssue[] = [];
  const { sources, issues: readIssues } = readContentSources(root);
  issues.push(...readIssues);
  const changed: { path: string; data: unknown }[] = [];

  for (const { path, contents } of edit.additions) {
    const kind = contentKindOf(path);
    if (!kind) {
      issues.push({ file: path, path: '', message: 'not a content file (content/*.yaml, content/questions/*.yaml)' });
      continue;
    }
    let data: unknown;
    try {
      data = parseYaml(new TextDecoder().decode(contents));
    } catch (error) {
      if (!(error instanceof YAMLParseError)) throw error;
      issues.push({ file: path, path: '', message: `not valid YAML: ${error.message.split('\n')[0]}` });
      continue;
    }
    put(sources, kind.source, contentFile(path, data, issues, 'listKey' in kind ? kind.listKey : undefined));
    changed.push({ path, data: withoutEmpty(data) });
  }
  for (const { path } of edit.deletions) {
    const kind = contentKindOf(path);
    if (kind?.source !== 'questions') {
      issues.push({ file: path, path: '', message: 'only a question file can be removed' });
      continue;
    }
    sources.questions = sources.questions.filter((file) => file.path !== path);
  }

  const result = assembleQuestionnaire(sources, 'edit');
  if (!result.ok) issues.push(...result.issues);
  if (issues.length > 0) return { ok: false, errors: [...new Set(issues.map(formatContentIssue))] };

  for (const { path, data } of changed) {
    const file = join(root, path);
    const text = existsSync(file) ? rewriteYaml(readFileSync(file, 'utf8'), data) : rewriteYaml('', data);
    mkdirSync(dirname(file), { recursive: true });
    writeFileSync(file, text);
  }
  for (const { path } of edit.deletions) rmSync(join(root, path), { force: true });
  return { ok: true, written: changed.map((c) => c.path), deleted: edit.deletions.map((d) => d.path) };
}

function contentKindOf(path: string) {
  if (!path.startsWith('content/') || path.includes('..') || path.includes('\\')) return undefined;
  return contentFileKind(path.slice('content/'.length));
}

function put(sources: ContentSources, source: keyof ContentSources, file: ContentFile) {
  if (source !== 'questions') {
    (sources as unknown as Record<string, ContentFile>)[source] = file;
    return;
  }
  const others = sources.questions.filter((existing) => existing.path !== file.path);
  sources.questions = [...others, file].sort((a, b) => a.path.localeCompare(b.path));
}
