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

/** Thrown when `content/` has problems; its message has one line per problem. */
export class ContentError extends Error {
  readonly issues: ContentIssue[];
  constructor(issues: ContentIssue[]) {
    super(`content/ has ${issues.length} problem${issues.length === 1 ? '' : 's'}:\n${issues.map(formatContentIssue).join('\n')}`);
    this.name = 'ContentError';
    this.issues = issues;
  }
}

function readYaml(root: string, file: string, issues: ContentIssue[]): ContentFile {
  const path = relative(root, file).split('\\').join('/');
  if (!existsSync(file)) {
    issues.push({ file: path, path: '', message: 'file is missing' });
    return { path, data: undefined };
  }
  try {
    return { path, data: parseYaml(readFileSync(file, 'utf8')) };
  } catch (error) {
    if (error instanceof YAMLParseError) {
      const where = error.linePos ? `line ${error.linePos[0].line}, column ${error.linePos[0].col}` : '';
      issues.push({ file: path, path: where, message: `not valid YAML: ${error.message.split('\n')[0]}` });
      return { path, data: undefined };
    }
    throw error;
  }
}

/** Reads every content file under `<root>/content`. */
export function readContentSources(root: string): { sources: ContentSources; issues: ContentIssue[] } {
  const issues: ContentIssue[] = [];
  const dir = join(root, 'content');
  const read = (name: string) => readYaml(root, join(dir, name), issues);
  const questionsDir = join(dir, 'questions');
  const questionFiles = existsSync(questionsDir)
    ? readdirSync(questionsDir).filter((name) => /\.ya?ml$/.test(name)).sort()
    : [];
  return {
    sources: {
      dimensions: read('dimensions.yaml'),
      questions: questionFiles.map((name) => read(join('questions', name))),
      bands: read('bands.yaml'),
      recommendations: read('recommendations.yaml'),
      rules: read('rules.yaml'),
      benchmarks: read('benchmarks.yaml'),
      segments: read('segments.yaml'),
      offer: read('offer.yaml'),
      ui: read('ui.yaml'),
      emails: read('emails.yaml'),
      duration: read('duration.yaml'),
      workspace: read('workspace.yaml'),
      consultancy: read('consultancy.yaml'),
    },
    issues,
  };
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
