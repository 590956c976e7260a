import { eq, inArray } from 'drizzle-orm';
import { upcomingSessions } from '../../domain/masterclass.ts';
import { retakePath } from '../../domain/retake.ts';
import { resultPath } from '../../domain/routes.ts';
import { isLocale, type Locale } from '../../domain/locale.ts';
import { readStoredReport } from '../../domain/schemas/report.ts';
import type { Questionnaire } from '../../domain/schemas/questionnaire.ts';
import type { Db } from '../db/client.ts';
import { submissions } from '../db/schema.ts';
import type { Env } from '../env.ts';
import { consultantEmail, masterclassEmail, reportEmail } from '../email/index.ts';
import type { EmailRenderer, RenderOutcome } from '../outbox/index.ts';
import { consultantRecipients } from '../consultants/index.ts';
import { peerStandingFor } from '../peers/index.ts';
import { reportPdfAttachment } from '../report-pdf/index.ts';
import { unsubscribeLinks } from '../lib/signed-links.ts';
import { changeSince } from './retake.ts';

/** What rendering a submission's emails needs besides the database. */
export interface SubmissionEmailDeps {
  /** The questionnaire the emails' texts come from (the current one). */
  questionnaire: () => Promise<Questionnaire> | Questionnaire;
  env: Pick<Env, 'IP_HASH_SALT' | 'CONSULTANT_EMAILS'>;
}

const columns = {
  id: submissions.id,
  token: submissions.token,
  locale: submissions.locale,
  report: submissions.report,
  contactName: submissions.contactName,
  contactEmail: submissions.contactEmail,
  contactCompany: submissions.contactCompany,
  contactRole: submissions.contactRole,
  masterclass: submissions.masterclass,
  previousSubmissionId: submissions.previousSubmissionId,
  erasedAt: submissions.erasedAt,
  createdAt: submissions.createdAt,
};
type StoredSubmission = { [K in keyof typeof columns]: (typeof submissions.$inferSelect)[K] };

/**
 * Renders a new submission's emails after the response (the outbox drain's renderer): the report to
 * the visitor, with where it stands among its peers, the change since their previous diagnostic and
 * the PDF; the notice to the consultants, to the team as it is now; the masterclass welcome. Each
 * submission is read once for all its rows. What `storeSubmission` used to do before answering.
 */
export function submissionEmailRenderer(deps: SubmissionEmailDeps): EmailRenderer {
  return async (db, rows, now) => {
    const outcomes = new Map<string, RenderOutcome>();
    const ids = [...new Set(rows.map((row) => row.submissionId).filter((id): id is string => id !== null))];
    const stored = ids.length > 0 ? await db.select(columns).from(submissions).where(inArray(submissions.id, ids)) : [];
    const byId = new Map(stored.map((row) => [row.id, row]));
    const questionnaire = await deps.questionnaire();
    // A row that throws is caught by renderSubmissionEmails; anything else thrown fails the batch (`renderPending` retries it).
    for (const id of ids) {
      const own = rows.filter((row) => row.submissionId === id);
      for (const [rowId, outcome] of await renderSubmissionEmails(db, byId.get(id), own, questionnaire, deps.env, now)) outcomes.set(rowId, outcome);
    }
    for (const row of rows) if (!row.submissionId) outcomes.set(row.id, { drop: 'an unrendered email must belong to a submission' });
    return outcomes;
  };
}

type Row = Parameters<EmailRenderer>[1][number];

async function renderSubmissionEmails(
  db: Db,
  submission: StoredSubmission | undefined,
  rows: Row[],
  questionnaire: Questionnaire,
  env: SubmissionEmailDeps['env'],
  now: Date,
): Promise<Map<string, RenderOutcome>> {
  const all = (outcome: RenderOutcome) => new Map(rows.map((row) => [row.id, outcome]));
  // An erased lead's rows are deleted with it; one erased between the claim and now has nothing to send.
  if (!submission || submission.erasedAt) return all({ drop: 'the submission no longer exists' });
  const read = readStoredReport(submission.report);
  if (!read.ok) return all({ drop: `the stored report is unreadable: ${read.error}` });
  const report = read.report;
  const locale: Locale = isLocale(submission.locale) ? submission.locale : report.locale;
  const links = (site: string) => {
    const base = site.replace(/\/$/, '');
    return {
      base,
      permalink: `${base}${resultPath(locale, submission.token)}`,
      masterclassUrl: `${base}/${locale}/masterclass/?r=${submission.token}`,
      unsubscribe: unsubscribeLinks(base, locale, submission.contactEmail, env.IP_HASH_SALT),
    };
  };
  const renderRow = async (row: Row): Promise<RenderOutcome> => {
    const site = links(row.renderFrom?.site ?? '');
    if (row.kind === 'report') {
      const [peers, previous] = await Promise.all([
        // Without the distribution (it could not be read) the email just leaves the standing out.
        peerStandingFor(db, report, questionnaire, { now }).catch((error: unknown) => {
          console.error('[submissions] peer standing unavailable:', error instanceof Error ? error.message : error);
          return undefined;
        }),
        previousReport(db, submission.previousSubmissionId),
      ]);
      // The email goes to the address: it always shows the change since that address's previous diagnostic.
      const change = previous ? changeSince(previous, report) : null;
      const pdf = await reportPdfAttachment({
        report,
        questionnaire,
        generatedAt: submission.createdAt,
        siteUrl: site.base,
        permalink: site.permalink,
        name: submission.contactName,
        company: submission.contactCompany,
      });
      const email = reportEmail({
        report,
        questionnaire,
        name: submission.contactName,
        email: submission.contactEmail,
        permalink: site.permalink,
        masterclassUrl: site.masterclassUrl,
        unsubscribe: site.unsubscribe,
        peers,
        change,
        retakeUrl: `${site.base}${retakePath(locale, submission.token)}`,
      });
      return { email, to: [submission.contactEmail], attachments: pdf ? [pdf] : null };
    }
    if (row.kind === 'consultant') {
      // A new lead is assigned to no one yet: the whole team as it is when the notice goes.
      const team = await consultantRecipients(db, { seed: env.CONSULTANT_EMAILS });
      if (team.length === 0) return { drop: 'no consultant to tell: the team is empty and CONSULTANT_EMAILS is unset' };
      const email = consultantEmail({
        report,
        questionnaire,
        contact: { name: submission.contactName, email: submission.contactEmail, company: submission.contactCompany, role: submission.contactRole },
        masterclass: submission.masterclass,
        workspaceUrl: `${site.base}/consultants/submissions/${submission.id}`,
      });
      return { email, to: team };
    }
    if (row.kind === 'masterclass') {
      // The box on the results signs up without a session: the email invites to choose one when some are scheduled.
      const chooseUrl = upcomingSessions(questionnaire.offer.sessions, now).length > 0 ? site.masterclassUrl : null;
      const email = masterclassEmail({ questionnaire, name: submission.contactName, locale, unsubscribe: site.unsubscribe, chooseUrl });
      return { email, to: [submission.contactEmail] };
    }
    return { drop: `a ${row.kind} email is never queued unrendered` };
  };
  // Each row on its own: one that fails to render is retried without holding back the others.
  const outcomes = new Map<string, RenderOutcome>();
  for (const row of rows) {
    try {
      outcomes.set(row.id, await renderRow(row));
    } catch (error) {
      outcomes.set(row.id, { error: error instanceof Error ? error.message : String(error) });
    }
  }
  return outcomes;
}

/** The previous submission's report and date, for the change since; none when it was erased. */
async function previousReport(db: Db, id: string | null): Promise<{ createdAt: Date; report: unknown } | undefined> {
  if (!id) return undefined;
  const [row] = await db.select({ createdAt: submissions.createdAt, report: submissions.report, erasedAt: submissions.erasedAt }).from(submissions).where(eq(submissions.id, id));
  return row && !row.erasedAt ? row : undefined;
}
