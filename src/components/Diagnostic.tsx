import { useEffect, useMemo, useRef, useState } from 'preact/hooks';
import { useStore } from '@nanostores/preact';
import type { Locale } from '../domain/locale.ts';
import type { LocalQuestionnaire } from '../domain/report.ts';
import { DONT_KNOW, NONE_OF_THESE as NONE, NOT_APPLICABLE, YES_NO_OPTIONS } from '../domain/question.ts';
import { fill } from '../domain/format.ts';
import type { StepDuration } from '../domain/duration.ts';
import type { Answers } from '../domain/scoring.ts';
import type { DiagnosticView } from '../domain/diagnostic-form.ts';
import { diagnosticProgress } from '../domain/diagnostic-progress.ts';
import {
  $missing,
  $view,
  adoptStep,
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
import { recordFirstTouch } from '../stores/first-touch.ts';

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
  /** Where the form posts each step when the browser runs no JavaScript (`/<locale>/step/`). */
  formPath: string;
  /** The step the server drew: the first, unanswered, on the diagnostic's page; the visitor's on a page posted without JavaScript. */
  view: DiagnosticView;
  /** Whether `view` is the visitor's (a page posted without JavaScript): the island then carries on from it rather than from the browser's storage. */
  carryOn?: boolean;
}


/** The diagnostic: one step per dimension, then the optional metrics step. */
export default function Diagnostic({ locale, dimensions, segments, ui, resultsPath, duration, formPath, view, carryOn }: DiagnosticProps) {
  const plan = useMemo(() => {
    const questions = dimensions.flatMap((d) => d.questions);
    const tracking = questions.filter((q) => q.kind === 'checklist' && q.options?.some((o) => o.metrics));
    const plan = { steps: dimensions.map((d) => ({ dimension: d.id, questionIds: d.questions.map((q) => q.id) })), duration, tracking };
    if (typeof window !== 'undefined') {
      initDiagnostic(plan, locale);
      // A page the server drew holds the visitor's step: the island carries on from it.
      if (carryOn) adoptStep(view);
      else openStepFromUrl(location.search);
    }
    return plan;
  }, []);
  // The first render is the server's (the HTML it sent); the visitor's own step, kept in the browser, follows at once.
  const [live, setLive] = useState(false);
  useEffect(() => {
    // Here rather than in a script of the page's own: no script is fetched before the page has painted.
    recordFirstTouch();
    // What was ticked on the page before the island was ready counts, as if ticked now (the page's only inputs are the diagnostic's;
    // Preact listens on each input, so the event need not bubble; a select's chosen option, also `:checked`, has no listener).
    for (const input of document.querySelectorAll(':checked')) input.dispatchEvent(new Event('change'));
    setLive(true);
    // "Take it again" from a permalink: its answers are fetched and filled in (loaded only then, to keep this page light).
    if (/[?&]retake=/.test(location.search)) void import('../stores/retake.ts').then((m) => m.loadRetake());
    return followStepInUrl();
  }, []);
  const stored = useStore($view);
  const { step, answers, missing } = live ? stored : view;
  const progress = diagnosticProgress(plan, answers, step);
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

  // One handler for every button: the one pressed says what to do, as it tells the server without JavaScript.
  function onSubmit(event: SubmitEvent) {
    event.preventDefault();
    const go = (event.submitter as HTMLButtonElement | null)?.value;
    if (go === 'back') back();
    else if (go === 'restart') {
      // Back to step 1, whose heading the step's change focuses.
      if (confirm(t['start-over-confirm'])) startOver();
    } else if (go === 'results' || go === 'skip') {
      if (finishMetrics(go === 'results')) location.assign(resultsPath);
      else document.querySelector<HTMLElement>('[aria-invalid]')?.focus();
    } else if (!next()) document.querySelector<HTMLInputElement>(`input[name="${$missing.get()[0]}"]`)?.focus();
  }

  return (
    <div class="diagnostic">
      <div class="progress">
        <div class="progress-row">
          <span>{status}</span>
          <span>{progress.remainingMinutes > 0 ? fill(t.remaining, { minutes: progress.remainingMinutes }) : t['remaining-optional']}</span>
        </div>
        <progress max={100} value={progress.percent} aria-label={status} />
        <p class="visually-hidden" aria-live="polite">{status}</p>
      </div>

      <form method="post" action={formPath} onSubmit={onSubmit} noValidate>
        <input type="hidden" name="n" value={step + 1} />
        {dimension ? (
          <>
            <h2 ref={heading} tabIndex={-1} class="step-heading">{dimension.name}</h2>
            <p>{dimension.description}</p>
            {missing.length > 0 && <p class="error" role="alert">{t.unanswered}</p>}
            {dimension.questions.map((question) => (
              <QuestionField key={question.id} question={question} ui={ui} value={answers[question.id]} missing={missing.includes(question.id)} />
            ))}
            {/* "Next" comes first: Enter in a field submits the form's first button. */}
            <div class="nav-row steps">
              <button type="submit" class="button" name="go" value="next">{t.next}</button>
              {step > 0 && <button type="submit" class="button secondary" name="go" value="back">{t.back}</button>}
            </div>
          </>
        ) : (
          <>
            <h2 ref={heading} tabIndex={-1} class="step-heading">{ui.metrics.title}</h2>
            <MetricsStep locale={locale} segments={segments} ui={ui} view={live ? stored : view} tracking={plan.tracking} />
            <div class="nav-row steps">
              <div class="forward">
                <button type="submit" class="button" name="go" value="results">{t['see-results']}</button>
                <button type="submit" class="button secondary" name="go" value="skip">{ui.metrics.skip}</button>
              </div>
              <button type="submit" class="button secondary" name="go" value="back">{t.back}</button>
            </div>
          </>
        )}
        <p class="no-print">
          <button type="submit" name="go" value="restart" class="button link">{t['start-over']}</button>
        </p>
      </form>
    </div>
  );
}

/**
 * One question. Each unanswered one asks for the focus (`autofocus`) on the page the server drew again:
 * the browser gives it to the first, and without JavaScript nothing else could move it there.
 */
function QuestionField({ question, ui, value, missing }: { question: DiagnosticQuestion; ui: DiagnosticProps['ui']; value: Answers[string] | undefined; missing: boolean }) {
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
        {[...options, ...extras].map((option, index) => (
          <label class={`option${extras.includes(option) ? ' extra' : ''}`} key={option.id}>
            <input
              type={checklist ? 'checkbox' : 'radio'}
              name={question.id}
              value={option.id}
              autoFocus={missing && !index}
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
