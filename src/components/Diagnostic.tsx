import { useEffect, useMemo, useRef } from 'preact/hooks';
import { useStore } from '@nanostores/preact';
import type { Locale } from '../domain/locale.ts';
import type { LocalQuestionnaire } from '../domain/report.ts';
import { DONT_KNOW, NONE_OF_THESE as NONE, NOT_APPLICABLE, YES_NO_OPTIONS } from '../domain/question.ts';
import { fill } from '../domain/format.ts';
import type { StepDuration } from '../domain/duration.ts';
import {
  $answers,
  $metricResult,
  $missing,
  $progress,
  $step,
  answer,
  back,
  clearAnswer,
  finishMetrics,
  followStepInUrl,
  initDiagnostic,
  next,
  openStepFromUrl,
  startOver,
  toggleOption,
} from '../stores/diagnostic.ts';
import { MetricsStep } from './MetricsStep.tsx';

type Ui = LocalQuestionnaire['ui'];
export type DiagnosticQuestion = LocalQuestionnaire['questions'][number];

export interface DiagnosticProps {
  locale: Locale;
  dimensions: (Pick<LocalQuestionnaire['dimensions'][number], 'id' | 'name' | 'description'> & { questions: DiagnosticQuestion[] })[];
  segments: LocalQuestionnaire['segments'];
  ui: Pick<Ui, 'diagnostic' | 'answers' | 'metrics' | 'inputs' | 'metric' | 'errors'> & { given?: { text: string; days: string } };
  resultsPath: string;
  /** The time estimate of each step, computed with the page (`estimateDuration`). */
  duration: StepDuration[];
}

/** The diagnostic: one step per dimension, then the optional metrics step. */
export default function Diagnostic({ locale, dimensions, segments, ui, resultsPath, duration }: DiagnosticProps) {
  useMemo(() => {
    const questions = dimensions.flatMap((d) => d.questions);
    const tracking = questions.filter((q) => q.kind === 'checklist' && q.options?.some((o) => o.metrics));
    initDiagnostic({ steps: dimensions.map((d) => ({ dimension: d.id, questionIds: d.questions.map((q) => q.id) })), duration, tracking }, locale);
    openStepFromUrl(window.location.search);
  }, []);
  useEffect(() => followStepInUrl(), []);
  useEffect(() => {
    // "Take it again" from a permalink: its answers are fetched and filled in (loaded only then, to keep this page light).
    if (new URLSearchParams(window.location.search).has('retake')) void import('../stores/retake.ts').then((m) => m.loadRetake());
  }, []);
  const step = useStore($step);
  const progress = useStore($progress);
  const missing = useStore($missing);
  const heading = useRef<HTMLHeadingElement>(null);
  const shownStep = useRef(step);

  useEffect(() => {
    // Focus follows the step, but never on page load.
    if (shownStep.current !== step) heading.current?.focus();
    shownStep.current = step;
  }, [step]);

  const dimension = dimensions[step];
  const t = ui.diagnostic;
  const status = `${fill(t.progress, { step: progress.step, total: progress.total })} · ${fill(t.percent, { percent: progress.percent })}`;

  function onNext() {
    if (next()) return;
    const first = $missing.get()[0];
    document.querySelector<HTMLInputElement>(`input[name="${first}"]`)?.focus();
  }

  function onStartOver() {
    if (window.confirm(t['start-over-confirm'])) {
      startOver();
      heading.current?.focus();
    }
  }

  function toResults(include: boolean) {
    if (finishMetrics(include)) window.location.assign(resultsPath);
    else document.getElementById(`metric-${$metricResult.get().problems[0]}`)?.focus();
  }

  return (
    <div class="diagnostic">
      <div class="progress">
        <div class="progress-row">
          <span>{status}</span>
          <span data-testid="remaining">{progress.remainingMinutes > 0 ? fill(t.remaining, { minutes: progress.remainingMinutes }) : t['remaining-optional']}</span>
        </div>
        <progress max={100} value={progress.percent} aria-label={status} />
        <p class="visually-hidden" aria-live="polite">{status}</p>
      </div>

      {dimension ? (
        <form onSubmit={(e) => { e.preventDefault(); onNext(); }} noValidate>
          <h2 ref={heading} tabIndex={-1} class="step-heading">{dimension.name}</h2>
          <p>{dimension.description}</p>
          {missing.length > 0 && <p class="error" role="alert">{t.unanswered}</p>}
          {dimension.questions.map((question) => (
            <QuestionField key={question.id} question={question} ui={ui} missing={missing.includes(question.id)} />
          ))}
          <div class="nav-row">
            <div>{step > 0 && <button type="button" class="button secondary" onClick={back}>{t.back}</button>}</div>
            <div class="forward">
              <button type="submit" class="button">{t.next}</button>
            </div>
          </div>
        </form>
      ) : (
        <div>
          <h2 ref={heading} tabIndex={-1} class="step-heading">{ui.metrics.title}</h2>
          <MetricsStep locale={locale} segments={segments} ui={ui} />
          <div class="nav-row">
            <button type="button" class="button secondary" onClick={back}>{t.back}</button>
            <div class="forward">
              <button type="button" class="button secondary" onClick={() => toResults(false)}>{ui.metrics.skip}</button>
              <button type="button" class="button" onClick={() => toResults(true)}>{t['see-results']}</button>
            </div>
          </div>
        </div>
      )}
      <p class="no-print">
        <button type="button" class="button link" onClick={onStartOver}>{t['start-over']}</button>
      </p>
    </div>
  );
}

function QuestionField({ question, ui, missing }: { question: DiagnosticQuestion; ui: DiagnosticProps['ui']; missing: boolean }) {
  const answers = useStore($answers);
  const value = answers[question.id];
  const checklist = question.kind === 'checklist';
  const options =
    question.kind === 'yes-no'
      ? YES_NO_OPTIONS.map((o) => ({ id: o.id, label: ui.answers[o.id] }))
      : (question.options ?? []).map((o) => ({ id: o.id, label: o.label }));
  const extras = [
    ...(checklist ? [{ id: NONE, label: ui.answers.none }] : []),
    ...(question.notApplicable ? [{ id: NOT_APPLICABLE, label: ui.answers['not-applicable'] }] : []),
    ...(question.dontKnow ? [{ id: DONT_KNOW, label: ui.answers['dont-know'] }] : []),
  ];
  // A checklist's boxes: its options tick together; "None of these", "Not applicable" and "I don't know" each stand alone.
  const isChecked = (id: string) =>
    Array.isArray(value) ? (id === NONE ? value.length === 0 : value.includes(id)) : value === id;
  const onChange = (id: string, checked: boolean) => {
    if (!checklist) answer(question.id, id);
    else if (options.some((o) => o.id === id)) toggleOption(question.id, id, checked);
    else if (!checked) clearAnswer(question.id);
    else answer(question.id, id === NONE ? [] : id);
  };
  const errorId = `${question.id}--error`;
  const helpId = `${question.id}--help`;
  const describedBy = [question.help ? helpId : '', missing ? errorId : ''].filter(Boolean).join(' ') || undefined;
  return (
    <fieldset class="question" data-missing={missing ? 'true' : undefined} aria-describedby={describedBy}>
      <legend>{question.text}</legend>
      {question.help && <p class="help" id={helpId}>{question.help}</p>}
      {missing && <p class="error" id={errorId}>{ui.diagnostic.unanswered}</p>}
      <div class="options">
        {[...options, ...extras].map((option) => (
          <label class={`option${extras.includes(option) ? ' extra' : ''}`} key={option.id}>
            <input
              type={checklist ? 'checkbox' : 'radio'}
              name={question.id}
              value={option.id}
              checked={isChecked(option.id)}
              onChange={(e) => onChange(option.id, e.currentTarget.checked)}
            />
            <span>{option.label}</span>
          </label>
        ))}
      </div>
    </fieldset>
  );
}
