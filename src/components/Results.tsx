import { useEffect, useMemo, useState } from 'preact/hooks';
import { useStore } from '@nanostores/preact';
import type { Locale } from '../domain/locale.ts';
import { buildReport, type ReportInput } from '../domain/report.ts';
import type { MetricDraft } from '../domain/metric-draft.ts';
import type { LeadErrors } from '../domain/lead-form.ts';
import { pageQuestionnaire } from './report/page-data.ts';
import { $complete, $includeMetrics, adoptStep, initDiagnostic, startOver } from '../stores/diagnostic.ts';
import { $report, initResults } from '../stores/results.ts';
import { $change } from '../stores/change.ts';
import { $pdfDownload, downloadPdf } from '../stores/pdf.ts';
import { $peerStanding } from '../stores/peers.ts';
import { ComparedReport } from './ComparedReport.tsx';
import { LeadForm } from './LeadForm.tsx';
import { privacyPath } from '../domain/routes.ts';

interface Props {
  locale: Locale;
  /** The address of the questionnaire (`ReportQuestionnaire`) the island builds the Report from, fetched by `client:withdata`. */
  questionnaireId: string;
  diagnosticPath: string;
  /** Where the report form posts without JavaScript: this page. */
  resultsPath: string;
  /** The start of the address that opens a step to revise it (the step's number follows): the step drawn by the server, or the embedded diagnostic's `?step=`. */
  reviseBase: string;
  /** Where "start over" posts (the diagnostic's form handler, which forgets the answers). */
  startOverPath: string;
  /** The finished diagnostic the server drew the page from (the visitor's cookie); `null` when it had none. */
  initial: (ReportInput & { draft: MetricDraft; include: boolean }) | null;
  /** The report form as the server drew it: its key, and what was typed with its errors after a post. */
  lead: { idempotencyKey: string; values: Record<string, string | boolean>; errors: LeadErrors };
}

/** The results page's island: the visitor's Report, built in the browser from the stored answers. */
export default function Results({ locale, questionnaireId, diagnosticPath, resultsPath, reviseBase, startOverPath, initial, lead }: Props) {
  const questionnaire = useMemo(() => pageQuestionnaire(questionnaireId), []);
  useMemo(() => {
    if (typeof window === 'undefined') return;
    // `diagnosticPlan`, written out: calling it would put it in the module the diagnostic page shares, over that page's budget.
    const steps = questionnaire.dimensions.map((d) => ({
      dimension: d.id,
      questionIds: questionnaire.questions.filter((q) => q.dimension === d.id).map((q) => q.id),
    }));
    initDiagnostic({ steps }, locale);
    // A diagnostic finished without JavaScript (or in storage since cleared) is the one the server drew: the browser carries on from it.
    if (initial && !$complete.get()) {
      adoptStep({ ...initial, segment: initial.segment ?? {}, step: steps.length });
      $includeMetrics.set(initial.include);
    }
    initResults(questionnaire);
  }, []);
  // The first render is the server's (drawn from the cookie); the Report the browser keeps follows at once.
  const [live, setLive] = useState(false);
  useEffect(() => setLive(true), []);
  const drawn = useMemo(() => initial && buildReport(questionnaire, initial, locale), []);
  const stored = useStore($report);
  const report = live ? stored : drawn;
  const change = useStore($change);
  const pdf = useStore($pdfDownload);
  // Subscribing fetches the peers' distributions; the visitor's scores are placed in them here, never sent.
  const standing = useStore($peerStanding);
  const t = questionnaire.ui.results;
  // Under the locale prefix in every language, Spanish included.
  const masterclassPath = `/${locale}/masterclass/`;

  if (!report) {
    return (
      <div class="card">
        <p>{questionnaire.ui.results['no-results']}</p>
        <a class="button" href={diagnosticPath}>{questionnaire.ui.landing.start}</a>
      </div>
    );
  }
  const step = (n: number) => `${reviseBase}${n}`;
  return (
    <ComparedReport
      report={report}
      ui={questionnaire.ui}
      offer={questionnaire.offer}
      locale={locale}
      businessModels={questionnaire.segments.businessModels}
      change={live ? change : null}
      standing={live ? standing : null}
      offerAction={<p class="no-print"><a class="button" href={masterclassPath}>{questionnaire.offer.cta}</a></p>}
      callAction={<p class="no-print"><a class="button" href="#email-report">{questionnaire.ui.call.book}</a></p>}
      reviseHref={(index) => step(index + 1)}
    >
      <LeadForm live={live} action={resultsPath} drawn={lead} askModel={!initial?.segment?.businessModel} t={questionnaire.ui.lead} segments={questionnaire.segments} privacyHref={privacyPath(locale)} masterclassTitle={questionnaire.offer.title} call={questionnaire.ui.call} booking={questionnaire.offer.booking} />
      <div class="nav-row no-print">
        <a class="button secondary" href={step(1)}>{t['edit-answers']}</a>
        <div class="forward">
          {/* A plain form, so starting over works without JavaScript too (the server forgets the cookie); with it, the visitor confirms first. */}
          <form method="post" action={startOverPath} onSubmit={(e) => { if (window.confirm(questionnaire.ui.diagnostic['start-over-confirm'])) startOver(); else e.preventDefault(); }}>
            <button type="submit" class="button secondary" name="go" value="restart">{questionnaire.ui.diagnostic['start-over']}</button>
          </form>
          {/* The PDF is made from the Report in the browser; without JavaScript, the permalink has it. */}
          {live && <button type="button" class="button" aria-disabled={pdf === 'preparing' ? 'true' : undefined} onClick={() => void downloadPdf()} data-testid="download-pdf">{t['download-pdf']}</button>}
        </div>
      </div>
      <p class="error no-print" role="alert">{pdf === 'error' ? t['download-pdf-error'] : ''}</p>
    </ComparedReport>
  );
}
