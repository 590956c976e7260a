/**
 * The diagnostic as a plain HTML form, for a browser that runs no JavaScript: what one step's
 * fields say, and what is kept between the pages (the answers so far, the numbers as typed).
 * The island renders the same form; with JavaScript it answers in the browser instead.
 */
import { answerIssues, type Answers } from './scoring.ts';
import { DONT_KNOW, NONE_OF_THESE, NOT_APPLICABLE, type ScorableQuestion } from './question.ts';
import type { Segment } from './schemas/segment.ts';
import type { MetricDraft } from './metric-draft.ts';

/** A step's answers as the form posted them, and the questions whose choices contradict each other. */
export interface StepAnswers {
  /** The answers the step's questions were given; an unanswered question is absent. */
  answers: Answers;
  /** Checklists ticked both with options and with "None of these" (or "I don't know"): unanswered until the visitor chooses. */
  conflicts: string[];
}

const ALONE = new Set([NONE_OF_THESE, NOT_APPLICABLE, DONT_KNOW]);

/**
 * Reads one step's questions from a posted form: a radio's value, or a checklist's ticked boxes
 * (`none` alone is "None of these", `[]`). A value that is not one of the question's answers is
 * dropped, so the question shows as unanswered; nothing posted for another question is read.
 * @example readStepAnswers(questions, (id) => form.getAll(id).map(String))
 */
export function readStepAnswers(questions: readonly ScorableQuestion[], values: (questionId: string) => string[]): StepAnswers {
  const answers: Answers = {};
  const conflicts: string[] = [];
  for (const question of questions) {
    const given = [...new Set(values(question.id))];
    if (given.length === 0) continue;
    let answer: Answers[string];
    if (question.kind !== 'checklist') {
      if (given.length > 1) continue;
      answer = given[0]!;
    } else {
      const alone = given.filter((value) => ALONE.has(value));
      if (alone.length > 0 && given.length > 1) {
        conflicts.push(question.id);
        continue;
      }
      answer = alone[0] === NONE_OF_THESE ? [] : (alone[0] ?? given);
    }
    if (answerIssues([question], { [question.id]: answer }, { requireAll: false }).length === 0) answers[question.id] = answer;
  }
  return { answers, conflicts };
}

/**
 * What a visitor without JavaScript carries from page to page, in a cookie of their own browser
 * (nothing is stored on the server until the report is asked for); with JavaScript the island
 * writes it too on the way to the results, so the results page is drawn by the server.
 */
export interface DiagnosticState {
  answers: Answers;
  segment: Segment;
  /** The numbers step as typed, when it was reached. */
  draft?: MetricDraft | undefined;
  /** Whether the numbers go into the results: set when the numbers step was left by "see results" (true) or "skip". */
  include?: boolean | undefined;
  /** The server's signed start (see `start-token`), given on the first page posted. */
  startToken?: string | undefined;
  /** When the first page was posted (ISO 8601). */
  startedAt?: string | undefined;
}

/** What the diagnostic shows: the step (0-based), the answers, the numbers as typed, and what is missing: drawn by the server, then kept by the island. */
export interface DiagnosticView {
  step: number;
  answers: Answers;
  segment: Segment;
  draft: MetricDraft;
  /** Questions of the step left unanswered (or answered both ways) when the visitor tried to go on. */
  missing: string[];
  /** The numbers step was left by "see results" while a figure was unreadable or unconfirmed. */
  blocked: boolean;
}

/** The cookie that holds a `DiagnosticState`, on every path of the site. */
export const DIAGNOSTIC_COOKIE = 'revops-diagnostic';

/** How long the cookie keeps the answers, in seconds: about five weeks, as the island's localStorage keeps them for a later visit. */
export const DIAGNOSTIC_COOKIE_SECONDS = 3e6;

/** The largest cookie value written, in bytes: browsers keep 4,096 per cookie, name and attributes included. */
export const MAX_DIAGNOSTIC_COOKIE_BYTES = 3_800;

/** A state as the cookie's value (URI-encoded JSON); `null` when it would not fit in a cookie. */
export function encodeDiagnosticState(state: DiagnosticState): string | null {
  const value = encodeURIComponent(JSON.stringify(state));
  return value.length > MAX_DIAGNOSTIC_COOKIE_BYTES ? null : value;
}
