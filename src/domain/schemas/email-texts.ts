import { z } from 'astro/zod';
import { textGroup as group } from './text.ts';


export const EmailTextsSchema = z.strictObject({
  report: group([
    'subject', 'subject-not-assessed', 'preheader', 'greeting', 'intro', 'overall', 'dimensions', 'findings', 'recommendations',
    'metrics', 'your-value', 'benchmark', 'source', 'permalink-intro', 'permalink-cta', 'masterclass-cta', 'footer',
  ]).meta({
    description:
      'The full report sent to the visitor. `{name}`, `{score}`, `{band}` are filled in; ' +
      '`subject-not-assessed` is the subject when the answers were too few for a score. ' +
      'The report\'s own wording (verdicts, "could not be calculated", "indicative") comes from ' +
      '`results` in content/ui.yaml, as on the results page.',
  }),
  consultant: group([
    'subject', 'intro', 'contact', 'name', 'email', 'company', 'role', 'locale', 'masterclass', 'yes', 'no',
    'scores', 'weakest', 'open',
  ]).meta({ description: 'The notification to the consultants. `{name}`, `{company}`, `{score}`, `{band}`, `{locale}` are filled in.' }),
  'call-request': group(['subject', 'intro', 'email', 'phone', 'no-phone', 'when', 'time-zone', 'no-time-zone', 'open']).meta({
    description:
      "The notification to the consultants of a call request (the site's own form). `{name}`, `{company}` " +
      'and `{zone}` are filled in; the days and time windows use the texts of `call` in content/ui.yaml.',
  }),
  masterclass: group([
    'subject', 'greeting', 'body', 'footer', 'confirmed-subject', 'confirmed-body', 'when', 'join', 'join-note', 'waitlist-subject', 'waitlist-body', 'reminder-24h-subject', 'reminder-24h-body', 'add-to-calendar', 'add-to-google', 'add-to-outlook', 'ics-attachment-note',
    'choose-session', 'choose-session-cta',
  ]).meta({
    description:
      'The confirmation of a masterclass sign-up. `{name}` is filled in; with a session chosen, the ' +
      '`confirmed-*` texts (`{title}`, `{date}`) and the joining link, calendar links and an `.ics` ' +
      "invitation; on a full session's waitlist, `waitlist-*`; `reminder-24h-*` the day before. " +
      'Without a session (none scheduled yet), `subject` and `body`, and `choose-session` once there are some.',
  }),
  'masterclass-signup': group(['subject', 'intro', 'session', 'no-session', 'waitlist', 'diagnostic', 'open']).meta({
    description: 'The notice to the consultants of a masterclass sign-up. `{name}` is filled in.',
  }),
  common: group(['unsubscribe']).meta({
    description: 'Shared by every email to a prospect that is not a reply to what they just asked for: the unsubscribe link in the footer.',
  }),
  erasure: group(['subject', 'greeting', 'body', 'cta', 'footer']).meta({
    description: "The link that confirms a prospect's request to erase their data. `{name}` and `{hours}` are filled in.",
  }),
  'sign-in': group(['subject', 'body', 'cta', 'footer']).meta({ description: 'The sign-in link for consultants. `{minutes}` is filled in.' }),
  pdf: group(['prepared-for', 'generated', 'by', 'metric', 'verdict', 'permalink', 'site', 'page', 'filename']).meta({
    description:
      "The labels of the report's PDF (downloaded from the results page or the permalink, attached to the " +
      "report email). `{who}` is the visitor's name and company, `{date}` the day it was made, " +
      '`{consultancy}` the name in content/consultancy.yaml, `{page}` and `{pages}` the page numbers. ' +
      '`permalink` and `site` label links to the report online and to the site. `filename` is the ' +
      "downloaded file's name before the date: lowercase letters, digits and hyphens, no accents.",
  }),
}).meta({
  description:
    '`content/emails.yaml`: the texts of every email the site sends. `{placeholders}` ' +
    'in braces are filled in when the email is built; keep them as they are.',
});
export type EmailTexts = z.infer<typeof EmailTextsSchema>;
