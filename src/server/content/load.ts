import { createHash } from 'node:crypto';
import { readdirSync, readFileSync, existsSync } from 'node:fs';
import { join, relative } from 'node:path';
import { parse as parseYaml, YAMLParseError } from 'yaml';
import {
  assembleQuestionnaire,
  formatContentIssue,
  type AssembleResult,
  type ContentFile,
  type ContentIssue,
  type ContentSources,
} from '../../domain/questionnaire.ts';
import { CONTENT_FILES, withoutEmpty } from '../../domain/content-files.ts';

/** Thrown when `content/` has problems; its message has one line per problem. */
export class ContentError extends Error {
  readonly issues: ContentIssue[];
  constructor(issues: ContentIssue[]) {
    super(`content/ has ${issues.length} problem${issues.length === 1 ? '' : 's'}:\n${issues.map(formatContentIssue).join('\n')}`);
    this.name = 'ContentError';
    this.issues = issues;
  }
}

function readYaml(root: string, file: string, issues: ContentIssue[], listKey?: string): ContentFile {
  const path = relative(root, file).split('\\').join('/');
  if (!existsSync(file)) {
    issues.push({ file: path, path: '', message: 'file is missing' });
    return { path, data: undefined, listKey };
  }
  let data: unknown;
  try {
    data = parseYaml(readFileSync(file, 'utf8'));
  } catch (error) {
    if (error instanceof YAMLParseError) {
      const where = error.linePos ? `line ${error.linePos[0].line}, column ${error.linePos[0].col}` : '';
      issues.push({ file: path, path: where, message: `not valid YAML: ${error.message.split('\n')[0]}` });
      return { path, data: undefined, listKey };
    }
    throw error;
  }
  return contentFile(path, data, issues, listKey);
}

/**
 * A content file from its parsed data; for a list file, the list under its key (anything else
 * there is an issue). `path` as errors name it (`content/rules.yaml`).
 */
export function contentFile(path: string, parsed: unknown, issues: ContentIssue[], listKey?: string): ContentFile {
  const data = withoutEmpty(parsed);
  if (listKey === undefined) return { path, data };
  const keys = data && typeof data === 'object' && !Array.isArray(data) ? Object.keys(data) : [];
  if (keys.length !== 1 || keys[0] !== listKey) {
    issues.push({ file: path, path: '', message: `must hold its list under "${listKey}:" and nothing else` });
    return { path, data: undefined, listKey };
  }
  return { path, data: (data as Record<string, unknown>)[listKey], listKey };
}

/** Reads every content file under `<root>/content`. */
export function readContentSources(root: string): { sources: ContentSources; issues: ContentIssue[] } {
  const issues: ContentIssue[] = [];
  const dir = join(root, 'content');
  const sources: Partial<Record<keyof ContentSources, ContentFile | ContentFile[]>> = {};
  for (const kind of CONTENT_FILES) {
    const listKey = 'listKey' in kind ? kind.listKey : undefined;
    if (!kind.path.endsWith('/')) {
      sources[kind.source] = readYaml(root, join(dir, kind.path), issues, listKey);
      continue;
    }
    const folder = join(dir, kind.path);
    const names = existsSync(folder) ? readdirSync(folder).filter((name) => /\.ya?ml$/.test(name)).sort() : [];
    sources[kind.source] = names.map((name) => readYaml(root, join(folder, name), issues, listKey));
  }
  return { sources: sources as ContentSources, issues };
}

/** A short hash of the content as parsed, so whitespace and comments do not change it. */
export function contentVersion(sources: ContentSources): string {
  return createHash('sha256').update(JSON.stringify(sources)).digest('hex').slice(0, 12);
}

/** Reads, validates and assembles the questionnaire from `<root>/content`. */
export function loadQuestionnaire(root: string = process.cwd()): AssembleResult {
  const { sources, issues } = readContentSources(root);
  const result = assembleQuestionnaire(sources, contentVersion(sources));
  if (issues.length === 0) return result;
  // A missing or unreadable file would otherwise be reported twice.
  const unreadable = new Set(issues.map((issue) => issue.file));
  const rest = result.ok ? [] : result.issues.filter((issue) => !unreadable.has(issue.file));
  return { ok: false, issues: [...issues, ...rest] };
}

/** Like `loadQuestionnaire`, but throws a `ContentError` listing every problem. */
export function loadQuestionnaireOrThrow(root: string = process.cwd()) {
  const result = loadQuestionnaire(root);
  if (!result.ok) throw new ContentError(result.issues);
  return result.questionnaire;
}
