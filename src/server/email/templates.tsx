import type { ComponentChildren } from 'preact';
import type { Report } from '../../domain/report.ts';
import type { Questionnaire } from '../../domain/schemas/questionnaire.ts';
import type { CallRequest } from '../../domain/schemas/call-request.ts';
import { bookingLink, callTimes } from '../../domain/booking.ts';
import { localize, type Locale } from '../../domain/locale.ts';
import { fill } from '../../domain/format.ts';
import { privacyPath } from '../../domain/routes.ts';
import type { CalendarLinks, SessionTimes } from '../../domain/masterclass.ts';
import { reportView, scoreText, weakestDimension, type MetricVerdict } from '../../domain/report-view.ts';
import { changeSummary, dimensionChange, metricChange, metricChangeWords, scoreChangeWords, type ChangeWords, type ReportChange } from '../../domain/change.ts';
import { peerView, type PeerStanding } from '../../domain/peers.ts';
import {
  Bar, Block, Button, COLOR, DetailRow, EmailDocument, FONT, Heading, Link, Muted, oneLine, Panel, Paragraph, renderEmail, safeUrl, Small,
  Spacer, Table, textDocument, textHeading, textLink, Titled, VERDICT_COLOR,
} from './layout.tsx';

/**
 * The emails the site sends, built from the Report's view model and the texts in
 * `content/emails.yaml`: components rendered to HTML (see `layout.tsx`), and a
 * plain-text part saying the same. Pure functions: the caller sends the result.
 */

export interface EmailMessage {
  subject: string;
  html: string;
  text: string;
  /** Headers the email must be sent with (`List-Unsubscribe`, RFC 8058). */
  headers?: Record<string, string>;
}

/** The unsubscribe links of an email to a prospect: the page (in the footer) and the RFC 8058 one-click POST address (in the headers). */
export interface UnsubscribeLinks {
  pageUrl: string;
  oneClickUrl: string;
}

/** `List-Unsubscribe` with `List-Unsubscribe-Post` (RFC 8058): mail clients show an unsubscribe button that POSTs without opening a page. */
export function unsubscribeHeaders(links: UnsubscribeLinks): Record<string, string> {
  return { 'List-Unsubscribe': `<${links.oneClickUrl}>`, 'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click' };
}

function textsFor(questionnaire: Questionnaire, locale: Locale) {
  return {
    emails: localize(questionnaire.emails, locale),
    ui: localize(questionnaire.ui, locale),
    offer: localize(questionnaire.offer, locale),
  };
}

/**
 * Who sends an email to a prospect and their privacy policy (content/consultancy.yaml), for the footer:
 * the policy's address is on the site that `siteLink` (any of its absolute links) points at; without
 * an http(s) site there, the footer names the sender only.
 */
function senderOf(questionnaire: Questionnaire, locale: Locale, siteLink: string) {
  const consultancy = localize(questionnaire.consultancy, locale);
  let url: string | null = null;
  try {
    const policy = new URL(privacyPath(locale), siteLink);
    if (policy.protocol === 'https:' || policy.protocol === 'http:') url = policy.href;
  } catch {
    // Not an absolute link: no policy address to give.
  }
  return { line: fill(consultancy.texts['footer-by'], { name: consultancy.name }), privacy: url ? { url, label: consultancy.texts['privacy-policy'] } : undefined };
}

/** The sender's footer in plain text. */
function senderText(sender: ReturnType<typeof senderOf>): string {
  return sender.privacy ? `${sender.line} · ${sender.privacy.label}: ${sender.privacy.url}` : sender.line;
}

/** The footer's unsubscribe link of an email to a prospect, labelled in its language; none without links. */
function unsubscribeLink(emails: ReturnType<typeof textsFor>['emails'], links: UnsubscribeLinks | undefined): { url: string; label: string } | undefined {
  return links && { url: links.pageUrl, label: emails.common.unsubscribe };
}

/** The plain-text footer of an email to a prospect: its own footer and the site's, who sends it, and the unsubscribe link. */
function textFooter(lines: string[], sender: ReturnType<typeof senderOf> | undefined, unsubscribe: { label: string; url: string } | undefined): string {
  return [`--\n${lines.join('\n')}`, sender && senderText(sender), unsubscribe && textLink(unsubscribe.label, unsubscribe.url)].filter(Boolean).join('\n');
}

/** The masterclass offer in a tinted box, with an optional call to action under it. */
function OfferPanel({ offer, children }: { offer: { title: string; description: string; format: string }; children?: ComponentChildren }) {
  return (
    <Panel>
      <Heading>{offer.title}</Heading>
      <Paragraph>{offer.description}</Paragraph>
      <Small>{offer.format}</Small>
      {children}
    </Panel>
  );
}

// ---------------------------------------------------------------------------
// The report, to the visitor

export function reportEmail(input: {
  report: Report;
  questionnaire: Questionnaire;
  name: string;
  email?: string;
  permalink: string;
  masterclassUrl: string;
  /** What changed since the same person's previous diagnostic; none for a first one. */
  change?: ReportChange | null | undefined;
  /** "Take it again": the diagnostic prefilled from this report (`retakePath`). */
  retakeUrl?: string | undefined;
  unsubscribe?: UnsubscribeLinks | undefined;
  /** Where the report stands among its peers (`peerStandingFor`); left out when unknown. */
  peers?: PeerStanding | undefined;
}): EmailMessage {
  const { report, questionnaire, permalink, masterclassUrl } = input;
  const locale = report.locale;
  const { emails, ui, offer } = textsFor(questionnaire, locale);
  const t = emails.report;
  const r = ui.results;
  const name = oneLine(input.name);
  const view = reportView(report, r);
  const overall = view.overall;
  const values = { name, score: overall.scoreText, band: overall.band?.label ?? overall.notAssessed?.label ?? r['not-scored'] };
  // "—/100 (Not assessed)" would read as a broken score: a report without one has its own subject.
  const subject = oneLine(fill(overall.notAssessed ? t['subject-not-assessed'] : t.subject, values));
  const greeting = name ? fill(t.greeting, values) : null;
  // A call: the booking page, prefilled where the tool reads parameters, or the permalink's own form.
  const call = offer.booking
    ? { url: bookingLink(offer.booking.url, offer.booking.prefill, { name, email: input.email, permalink }), label: ui.call.book }
    : { url: `${permalink}#call`, label: ui.call.request };
  const preheader = fill(t.preheader, values);
  const peers = input.peers && peerWords(input.peers, questionnaire, report);
  const sender = senderOf(questionnaire, locale, permalink);
  const inWords = (v: MetricVerdict) => ({ ...v, text: [v.label, v.indicative ? `(${r.indicative})` : null].filter(Boolean).join(' '), color: VERDICT_COLOR[v.tone] });
  const metrics = view.metrics.map((m) => ({
    ...m,
    verdict: m.verdict && inWords(m.verdict),
    target: m.target && inWords(m.target),
  }));
  // The change since last time: each dimension and metric that compares, an arrow and the points, and the same in words (no colour alone).
  const c = ui.change;
  const change = input.change ?? null;
  const changeRows = change
    ? [
        ...view.dimensions.map((d) => ({ name: d.name, words: scoreChangeWords(dimensionChange(change, d.id), c, locale) })),
        ...view.metrics.map((m) => ({ name: m.name, words: metricChangeWords(metricChange(change, m.id), report.currency, c, locale) })),
      ].filter((row): row is { name: string; words: ChangeWords } => row.words !== null)
    : [];
  const changeLine = (w: ChangeWords) => `${w.amount ? `${w.arrow} ${w.amount}` : w.arrow} (${w.words})`;
  const changeColor = (w: ChangeWords) => (w.tone === 'neutral' ? COLOR.muted : VERDICT_COLOR[w.tone]);

  const html = renderEmail(
    <EmailDocument
      locale={locale}
      title={subject}
      preheader={preheader}
      siteName={ui.site.name}
      footer={[t.footer, ui.site.footer]}
      sender={sender}
      unsubscribe={unsubscribeLink(emails, input.unsubscribe)}
    >
      <Block>
        {greeting && <Paragraph style="font-weight:bold;">{greeting}</Paragraph>}
        <Paragraph style="margin:0;">{t.intro}</Paragraph>
      </Block>

      <Block>
        <Heading>{t.overall}</Heading>
        <p style={`margin:0 0 8px;${FONT}font-size:44px;line-height:48px;font-weight:bold;color:${COLOR.brand};`}>
          {overall.scoreText} <span style={`font-size:18px;line-height:24px;font-weight:normal;color:${COLOR.muted};`}>{r['out-of']}</span>
        </p>
        {overall.band && (
          <>
            <p style="margin:0 0 8px;"><strong style={`color:${COLOR.brand};`}>{overall.band.label}</strong></p>
            <Paragraph style="margin:0;">{overall.band.summary}</Paragraph>
          </>
        )}
        {overall.notAssessed && (
          <>
            <p style="margin:0 0 8px;"><strong style={`color:${COLOR.brand};`}>{overall.notAssessed.label}</strong></p>
            <Paragraph>{overall.notAssessed.summary}</Paragraph>
            <Titled title={overall.notAssessed.recommendation.title} body={overall.notAssessed.recommendation.body} />
          </>
        )}
      </Block>

      {change && (
        <Block>
          <Heading>{c.title}</Heading>
          <Paragraph>{changeSummary(change, c, locale)}</Paragraph>
          {changeRows.length > 0 && (
            <Table>
              {changeRows.map((row) => (
                <DetailRow label={row.name}><strong style={`color:${changeColor(row.words)};`}>{changeLine(row.words)}</strong></DetailRow>
              ))}
            </Table>
          )}
        </Block>
      )}

      <Block>
        <Heading>{t.dimensions}</Heading>
        <Table>
          {view.dimensions.map((d) => (
            <>
              <tr>
                <td style={`padding:10px 0 4px;${FONT}font-size:15px;line-height:20px;color:${COLOR.ink};`}><strong>{d.name}</strong></td>
                <td {...({ align: 'right' } as object)} style={`padding:10px 0 4px;${FONT}font-size:15px;line-height:20px;color:${COLOR.ink};white-space:nowrap;`}>{d.line}</td>
              </tr>
              {!d.notAssessed && <tr><td colSpan={2} style="padding:0 0 4px;"><Bar score={d.score} /></td></tr>}
              {d.summary && <tr><td colSpan={2} style={`padding:0 0 4px;${FONT}font-size:13px;line-height:18px;color:${COLOR.muted};`}>{d.summary}</td></tr>}
            </>
          ))}
        </Table>
        {view.dontKnowNote && <><Spacer px={12} /><Small>{view.dontKnowNote}</Small></>}
      </Block>

      {peers && (
        <Block>
          <Heading>{peers.title}</Heading>
          {peers.headline && <Paragraph style="font-weight:bold;">{peers.headline}</Paragraph>}
          {peers.dimensions.length > 0 && <Paragraph>{peers.dimensions.map((d, i) => <>{i > 0 && <br />}{d.text}</>)}</Paragraph>}
          {peers.missing && <Paragraph>{peers.missing}</Paragraph>}
          <Small>{peers.sample}</Small>
        </Block>
      )}

      <Block>
        <Heading>{t.findings}</Heading>
        {view.findings.length === 0 ? <Paragraph>{r['no-findings']}</Paragraph> : view.findings.map((f) => <Titled title={f.title} body={f.body} />)}
      </Block>

      {view.recommendations.length > 0 && (
        <Block>
          <Heading>{t.recommendations}</Heading>
          {view.recommendations.map((rec, i) => <Titled title={`${i + 1}. ${rec.title} (${rec.dimensionName})`} body={rec.body} />)}
        </Block>
      )}

      {metrics.length > 0 && (
        <Block>
          <Heading>{t.metrics}</Heading>
          <Table>
            {metrics.map((m) => (
              <tr>
                <td style={`padding:10px 0;border-bottom:1px solid ${COLOR.line};${FONT}font-size:15px;line-height:22px;color:${COLOR.ink};`}>
                  <strong>{m.name}</strong><br />{t['your-value']}: <strong>{m.value}</strong>
                  {m.note && <><br /><span style={`font-size:13px;line-height:18px;color:${COLOR.ink};`}>{m.note}</span></>}
                  {m.working && <><br /><Muted>{m.working.formula}<br />{m.working.numbers}</Muted></>}
                  {m.verdict ? (
                    <>
                      <br />{t.benchmark}: {m.verdict.text && <><strong style={`color:${m.verdict.color};`}>{m.verdict.text}</strong>{' · '}</>}{m.verdict.figure}
                      <br /><Muted>{t.source}: {m.verdict.source}</Muted>
                      {m.target && (
                        <>
                          <br /><strong style={`color:${m.target.color};`}>{m.target.text}</strong>{' · '}{m.target.figure}
                          <br /><Muted>{t.source}: {m.target.source}</Muted>
                        </>
                      )}
                    </>
                  ) : m.noBenchmark && <><br /><Muted>{m.noBenchmark}</Muted></>}
                </td>
              </tr>
            ))}
          </Table>
        </Block>
      )}

      <Block>
        <Paragraph>{t['permalink-intro']}</Paragraph>
        <Button url={permalink} label={t['permalink-cta']} />
      </Block>

      {input.retakeUrl && (
        <Block>
          <Paragraph>{c['retake-intro']}</Paragraph>
          <Button url={input.retakeUrl} label={c.retake} />
        </Block>
      )}

      <Block>
        <Paragraph style="font-weight:bold;">{ui.call.title}</Paragraph>
        <Paragraph>{ui.call.intro}</Paragraph>
        <Button url={call.url} label={call.label} />
      </Block>

      <Block padding="0 32px 32px">
        <OfferPanel offer={offer}>
          <Button url={masterclassUrl} label={t['masterclass-cta']} />
        </OfferPanel>
      </Block>
    </EmailDocument>,
  );

  const text = textDocument([
    greeting,
    t.intro,
    [
      textHeading(t.overall),
      overall.line,
      overall.band?.summary,
      overall.notAssessed?.summary,
      overall.notAssessed && `* ${overall.notAssessed.recommendation.title}\n  ${overall.notAssessed.recommendation.body}`,
    ].filter(Boolean).join('\n'),
    change && [textHeading(c.title), changeSummary(change, c, locale), ...changeRows.map((row) => `${row.name}: ${changeLine(row.words)}`)].join('\n'),
    [textHeading(t.dimensions), ...view.dimensions.map((d) => `${d.name}: ${d.line}${d.summary ? `\n  ${d.summary}` : ''}`), view.dontKnowNote && `\n${view.dontKnowNote}`].filter(Boolean).join('\n'),
    peers && [textHeading(peers.title), peers.headline, ...peers.dimensions.map((d) => `* ${d.text}`), peers.missing, peers.sample].filter(Boolean).join('\n'),
    [textHeading(t.findings), ...(view.findings.length === 0 ? [r['no-findings']] : view.findings.map((f) => `* ${f.title}\n  ${f.body}`))].join('\n'),
    view.recommendations.length > 0
      && [textHeading(t.recommendations), ...view.recommendations.map((rec, i) => `${i + 1}. ${rec.title} (${rec.dimensionName})\n   ${rec.body}`)].join('\n'),
    metrics.length > 0 && [
      textHeading(t.metrics),
      ...metrics.map((m) => [
        `* ${m.name}: ${m.value}`,
        m.note && `  ${m.note}`,
        m.working && `  ${m.working.formula}\n  ${m.working.numbers}`,
        m.verdict && `  ${t.benchmark}: ${m.verdict.text ? `${m.verdict.text} · ` : ''}${m.verdict.figure}\n  ${t.source}: ${m.verdict.source}`,
        m.target && `  ${m.target.text} · ${m.target.figure}\n  ${t.source}: ${m.target.source}`,
        m.noBenchmark && `  ${m.noBenchmark}`,
      ].filter(Boolean).join('\n')),
    ].join('\n'),
    [t['permalink-intro'], textLink(t['permalink-cta'], permalink)].filter(Boolean).join('\n'),
    input.retakeUrl && [c['retake-intro'], textLink(c.retake, input.retakeUrl)].filter(Boolean).join('\n'),
    [textHeading(ui.call.title), ui.call.intro, textLink(call.label, call.url)].join('\n'),
    [textHeading(offer.title), offer.description, offer.format, textLink(t['masterclass-cta'], masterclassUrl)].filter(Boolean).join('\n'),
    textFooter([t.footer, ui.site.footer], sender, unsubscribeLink(emails, input.unsubscribe)),
  ]);

  return { subject, html, text, ...(input.unsubscribe ? { headers: unsubscribeHeaders(input.unsubscribe) } : {}) };
}

/** A peer standing in words, in the report's language: the segment and the dimensions named as the visitor read them. */
function peerWords(standing: PeerStanding, questionnaire: Questionnaire, report: Report) {
  const locale = report.locale;
  const segmentName = questionnaire.segments.businessModels.find((m) => m.id === standing.segmentId)?.label[locale] ?? null;
  return peerView(standing, { texts: localize(questionnaire.ui.peers, locale), locale, segmentName, dimensionNames: Object.fromEntries(report.dimensions.map((d) => [d.id, d.name])) });
}

/** A subject on one line, without the "()" a blank company leaves (e.g. "Ana ()" → "Ana"). */
function subjectLine(filled: string): string {
  return oneLine(filled.replace(/\s*\(\s*\)/g, ''));
}

// ---------------------------------------------------------------------------
// The notice to the consultants

export function consultantEmail(input: {
  report: Report;
  questionnaire: Questionnaire;
  contact: { name: string; email: string; company?: string | null; role?: string | null };
  masterclass: boolean;
  workspaceUrl: string;
  /** Language of the email, default 'es'; the report keeps the visitor's language. */
  locale?: Locale;
}): EmailMessage {
  const { report, questionnaire, contact, workspaceUrl } = input;
  const locale = input.locale ?? 'es';
  const { emails, ui } = textsFor(questionnaire, locale);
  const t = emails.consultant;
  const name = oneLine(contact.name);
  const email = oneLine(contact.email);
  const company = oneLine(contact.company ?? '');
  const role = oneLine(contact.role ?? '');

  // The report is in the visitor's language; the consultants read names and bands in theirs.
  const dimensionName = (d: Pick<Report['dimensions'][number], 'id' | 'name'>) => questionnaire.dimensions.find((x) => x.id === d.id)?.name[locale] ?? d.name;
  const overallBand = report.overall.band
    ? questionnaire.bands.overall.find((b) => b.id === report.overall.band?.id)?.label[locale] ?? report.overall.band.label
    : report.overall.notAssessed ? questionnaire.bands.notAssessed.overall.label[locale] : ui.results['not-scored'];
  const language = new Intl.DisplayNames([locale], { type: 'language' }).of(report.locale) ?? report.locale;
  const localeText = `${language} (${report.locale})`;
  const score = scoreText(report.overall.score);
  const values = { name, company, score, band: overallBand, locale: localeText };
  const subject = subjectLine(fill(t.subject, values));
  const intro = fill(t.intro, values);
  const weakest = weakestDimension(report.dimensions);
  const dimensionScore = (d: Report['dimensions'][number]) =>
    d.notAssessed ? questionnaire.bands.notAssessed.dimension.label[locale] : d.score === null ? ui.results['not-scored'] : `${d.score}/100`;
  const mailto = `mailto:${email}`;

  // Label, value, and the value as plain text; empty fields are left out.
  const contactRows = ([
    [t.name, name, name],
    [t.email, <Link url={mailto}>{email}</Link>, email],
    [t.company, company, company],
    [t.role, role, role],
    [t.locale, localeText, localeText],
    [t.masterclass, input.masterclass ? t.yes : t.no, input.masterclass ? t.yes : t.no],
  ] as const).filter(([, , plain]) => plain !== '');
  const overallText = `${score}/100 · ${overallBand}`;
  const scoreRows = report.dimensions.map((d): [string, string] => [dimensionName(d), dimensionScore(d)]);
  const weakestText = weakest ? `${t.weakest}: ${dimensionName(weakest)} (${weakest.score}/100)` : null;

  const html = renderEmail(
    <EmailDocument locale={locale} title={subject} preheader={intro} siteName={ui.site.name} footer={[ui.site.footer]}>
      <Block><Paragraph style="margin:0;">{intro}</Paragraph></Block>
      <Block>
        <Heading>{t.contact}</Heading>
        <Table>{contactRows.map(([label, value]) => <DetailRow label={label}>{value}</DetailRow>)}</Table>
      </Block>
      <Block>
        <Heading>{t.scores}</Heading>
        <Paragraph style={`font-size:20px;line-height:28px;font-weight:bold;color:${COLOR.brand};`}>{overallText}</Paragraph>
        <Table>{scoreRows.map(([label, value]) => <DetailRow label={label}>{value}</DetailRow>)}</Table>
        {weakestText && <><Spacer px={12} /><Paragraph style="font-weight:bold;">{weakestText}</Paragraph></>}
      </Block>
      <Block padding="0 32px 32px"><Button url={workspaceUrl} label={t.open} /></Block>
    </EmailDocument>,
  );

  const text = textDocument([
    intro,
    [textHeading(t.contact), ...contactRows.map(([label, , plain]) => `${label}: ${plain}`)].join('\n'),
    [textHeading(t.scores), overallText, '', ...scoreRows.map(([label, value]) => `${label}: ${value}`), weakestText && `\n${weakestText}`].filter((line) => line !== null).join('\n'),
    textLink(t.open, workspaceUrl),
  ]);

  return { subject, html, text };
}

// ---------------------------------------------------------------------------
// Call request, to the consultants

export function callRequestEmail(input: {
  questionnaire: Questionnaire;
  contact: { name: string; email: string; company?: string | null };
  request: CallRequest;
  workspaceUrl: string;
  /** Language of the email, default 'es'. */
  locale?: Locale;
}): EmailMessage {
  const locale = input.locale ?? 'es';
  const { emails, ui } = textsFor(input.questionnaire, locale);
  const t = emails['call-request'];
  const name = oneLine(input.contact.name);
  const email = oneLine(input.contact.email);
  const company = oneLine(input.contact.company ?? '');
  const subject = subjectLine(fill(t.subject, { name, company }));
  const intro = fill(t.intro, { name });
  const when = callTimes(input.request, ui.call);
  const zone = input.request.timeZone ? fill(t['time-zone'], { zone: input.request.timeZone }) : t['no-time-zone'];
  const phone = input.request.phone ? oneLine(input.request.phone) : t['no-phone'];
  const rows: [string, ComponentChildren, string][] = [
    [t.email, <Link url={`mailto:${email}`}>{email}</Link>, email],
    [t.phone, phone, phone],
    [t.when, when, when],
  ];

  const html = renderEmail(
    <EmailDocument locale={locale} title={subject} preheader={intro} siteName={ui.site.name} footer={[ui.site.footer]}>
      <Block><Paragraph style="margin:0;">{intro}</Paragraph></Block>
      <Block>
        <Table>{rows.map(([label, value]) => <DetailRow label={label}>{value}</DetailRow>)}</Table>
        <Spacer px={12} />
        <Paragraph>{zone}</Paragraph>
      </Block>
      <Block padding="0 32px 32px"><Button url={input.workspaceUrl} label={t.open} /></Block>
    </EmailDocument>,
  );
  const text = textDocument([intro, [...rows.map(([label, , plain]) => `${label}: ${plain}`), zone].join('\n'), textLink(t.open, input.workspaceUrl)]);
  return { subject, html, text };
}

// ---------------------------------------------------------------------------
// Masterclass sign-up confirmation

/** A chosen session as the emails show it: its times worded, the joining link and "add to calendar" links. */
export interface SessionForEmail {
  times: SessionTimes;
  joinUrl: string;
  calendar: CalendarLinks;
}

export function masterclassEmail(input: {
  questionnaire: Questionnaire;
  name: string;
  locale: Locale;
  unsubscribe?: UnsubscribeLinks | undefined;
  /** The session chosen; without one, the email says the date will follow (or, with `chooseUrl`, to choose one). */
  session?: SessionForEmail | null | undefined;
  /** On the session's waitlist (it was full): no joining link yet. */
  waitlisted?: boolean | undefined;
  /** The sign-up page, when sessions are scheduled but none was chosen (a sign-up from the results' box). */
  chooseUrl?: string | null | undefined;
}): EmailMessage {
  const { emails, ui, offer } = textsFor(input.questionnaire, input.locale);
  const t = emails.masterclass;
  const name = oneLine(input.name);
  const session = input.session ?? null;
  const values = { name, title: offer.title, date: session?.times.session.date ?? '', time: session ? `${session.times.session.time} (${session.times.session.zone})` : '' };
  const booked = session && !input.waitlisted;
  const sender = input.unsubscribe ? senderOf(input.questionnaire, input.locale, input.unsubscribe.pageUrl) : undefined;
  const subject = oneLine(fill(booked ? t['confirmed-subject'] : session ? t['waitlist-subject'] : t.subject, values));
  const body = booked ? t['confirmed-body'] : session ? fill(t['waitlist-body'], values) : input.chooseUrl ? t['choose-session'] : t.body;
  const greeting = name ? fill(t.greeting, values) : null;
  const when = session ? [session.times.session.text, session.times.visitor?.text].filter(Boolean).join('\n') : null;

  const html = renderEmail(
    <EmailDocument
      locale={input.locale}
      title={subject}
      preheader={body}
      siteName={ui.site.name}
      footer={[t.footer, ui.site.footer]}
      sender={sender}
      unsubscribe={unsubscribeLink(emails, input.unsubscribe)}
    >
      <Block>
        {greeting && <Paragraph style="font-weight:bold;">{greeting}</Paragraph>}
        <Paragraph style="margin:0;">{body}</Paragraph>
      </Block>
      {session && (
        <Block>
          <Titled title={t.when} body={session.times.session.text} />
          {session.times.visitor && <Paragraph>{session.times.visitor.text}</Paragraph>}
        </Block>
      )}
      {booked && (
        <Block>
          <Button url={session.joinUrl} label={t.join} />
          <Spacer px={8} />
          <Small>{t['join-note']}</Small>
        </Block>
      )}
      {booked && (
        <Block>
          <Paragraph style="font-weight:bold;">{t['add-to-calendar']}</Paragraph>
          <Paragraph>
            <Link url={session.calendar.google}>{t['add-to-google']}</Link> · <Link url={session.calendar.outlook}>{t['add-to-outlook']}</Link>
          </Paragraph>
          <Small>{t['ics-attachment-note']}</Small>
        </Block>
      )}
      {!session && input.chooseUrl && (
        <Block>
          <Button url={input.chooseUrl} label={t['choose-session-cta']} />
        </Block>
      )}
      <Block padding="0 32px 32px">
        <OfferPanel offer={offer} />
      </Block>
    </EmailDocument>,
  );
  const text = textDocument([
    greeting,
    body,
    when && `${t.when}:\n${when}`,
    booked && [textLink(t.join, session.joinUrl), t['join-note']].filter(Boolean).join('\n'),
    booked && [`${t['add-to-calendar']}:`, textLink(t['add-to-google'], session.calendar.google), textLink(t['add-to-outlook'], session.calendar.outlook), t['ics-attachment-note']].filter(Boolean).join('\n'),
    !session && input.chooseUrl && textLink(t['choose-session-cta'], input.chooseUrl),
    [textHeading(offer.title), offer.description, offer.format].join('\n'),
    textFooter([t.footer, ui.site.footer], sender, unsubscribeLink(emails, input.unsubscribe)),
  ]);
  return { subject, html, text, ...(input.unsubscribe ? { headers: unsubscribeHeaders(input.unsubscribe) } : {}) };
}

/** The reminder a day before a booked session: when, and the joining link again. Not transactional: an unsubscribe stops it. */
export function masterclassReminderEmail(input: { questionnaire: Questionnaire; name: string; locale: Locale; session: SessionForEmail; unsubscribe: UnsubscribeLinks }): EmailMessage {
  const { emails, ui, offer } = textsFor(input.questionnaire, input.locale);
  const t = emails.masterclass;
  const name = oneLine(input.name);
  const subject = oneLine(fill(t['reminder-24h-subject'], { title: offer.title }));
  const greeting = name ? fill(t.greeting, { name }) : null;
  const body = t['reminder-24h-body'];
  const sender = senderOf(input.questionnaire, input.locale, input.unsubscribe.pageUrl);
  const html = renderEmail(
    <EmailDocument
      locale={input.locale}
      title={subject}
      preheader={body}
      siteName={ui.site.name}
      footer={[t.footer, ui.site.footer]}
      sender={sender}
      unsubscribe={unsubscribeLink(emails, input.unsubscribe)}
    >
      <Block>
        {greeting && <Paragraph style="font-weight:bold;">{greeting}</Paragraph>}
        <Paragraph>{body}</Paragraph>
        <Titled title={t.when} body={input.session.times.session.text} />
      </Block>
      <Block padding="0 32px 32px">
        <Button url={input.session.joinUrl} label={t.join} />
      </Block>
    </EmailDocument>,
  );
  const text = textDocument([
    greeting,
    body,
    `${t.when}:\n${input.session.times.session.text}`,
    textLink(t.join, input.session.joinUrl),
    textFooter([t.footer, ui.site.footer], sender, unsubscribeLink(emails, input.unsubscribe)),
  ]);
  return { subject, html, text, headers: unsubscribeHeaders(input.unsubscribe) };
}

/** The consultants' notice of a masterclass sign-up, whether or not the person took the diagnostic. */
export function masterclassSignupEmail(input: {
  questionnaire: Questionnaire;
  name: string;
  email: string;
  /** The session's words (in the consultants' language), or null when none was chosen. */
  session: string | null;
  waitlisted: boolean;
  /** The workspace page of the person's diagnostic, when they took it. */
  submissionUrl: string | null;
  workspaceUrl: string;
  locale?: Locale;
}): EmailMessage {
  const locale = input.locale ?? 'es';
  const { emails, ui } = textsFor(input.questionnaire, locale);
  const t = emails['masterclass-signup'];
  const name = oneLine(input.name);
  const subject = subjectLine(fill(t.subject, { name }));
  const session = input.session ? `${input.session}${input.waitlisted ? ` · ${t.waitlist}` : ''}` : t['no-session'];
  const html = renderEmail(
    <EmailDocument locale={locale} title={subject} preheader={t.intro} siteName={ui.site.name} footer={[ui.site.footer]}>
      <Block>
        <Paragraph>{t.intro}</Paragraph>
        <Table>
          <DetailRow label={emails.consultant.name}>{name}</DetailRow>
          <DetailRow label={emails.consultant.email}><Link url={`mailto:${input.email}`}>{input.email}</Link></DetailRow>
          <DetailRow label={t.session}>{session}</DetailRow>
          {input.submissionUrl && <DetailRow label={t.diagnostic}><Link url={input.submissionUrl}>{input.submissionUrl}</Link></DetailRow>}
        </Table>
      </Block>
      <Block padding="0 32px 32px">
        <Button url={input.workspaceUrl} label={t.open} />
      </Block>
    </EmailDocument>,
  );
  const text = textDocument([
    t.intro,
    [`${emails.consultant.name}: ${name}`, `${emails.consultant.email}: ${input.email}`, `${t.session}: ${session}`, input.submissionUrl && `${t.diagnostic}: ${input.submissionUrl}`].filter(Boolean).join('\n'),
    textLink(t.open, input.workspaceUrl),
  ]);
  return { subject, html, text };
}

// ---------------------------------------------------------------------------
// Erasure confirmation, to the prospect who asked for it

export function erasureEmail(input: { questionnaire: Questionnaire; name: string; locale: Locale; url: string; hours: number }): EmailMessage {
  const { emails, ui } = textsFor(input.questionnaire, input.locale);
  const t = emails.erasure;
  const name = oneLine(input.name);
  const subject = oneLine(t.subject);
  const greeting = name ? fill(t.greeting, { name }) : null;
  const body = fill(t.body, { hours: input.hours });
  const sender = senderOf(input.questionnaire, input.locale, input.url);
  const html = renderEmail(
    <EmailDocument locale={input.locale} title={subject} preheader={body} siteName={ui.site.name} footer={[t.footer, ui.site.footer]} sender={sender}>
      <Block>
        {greeting && <Paragraph style="font-weight:bold;">{greeting}</Paragraph>}
        <Paragraph>{body}</Paragraph>
      </Block>
      <Block padding="0 32px 32px">
        <Button url={input.url} label={t.cta} />
      </Block>
    </EmailDocument>,
  );
  const text = textDocument([greeting, body, textLink(t.cta, input.url), textFooter([t.footer, ui.site.footer], sender, undefined)]);
  return { subject, html, text };
}

// ---------------------------------------------------------------------------
// Sign-in link for consultants

export function signInEmail(input: { questionnaire: Questionnaire; url: string; minutes: number; locale: Locale }): EmailMessage {
  const { emails, ui } = textsFor(input.questionnaire, input.locale);
  const t = emails['sign-in'];
  const subject = oneLine(t.subject);
  const body = fill(t.body, { minutes: input.minutes });
  const url = safeUrl(input.url);

  const html = renderEmail(
    <EmailDocument locale={input.locale} title={subject} preheader={body} siteName={ui.site.name} footer={[ui.site.footer]}>
      <Block>
        <Paragraph>{body}</Paragraph>
        <Button url={url} label={t.cta} />
      </Block>
      {/* Written out too, for clients that hide the button. */}
      <Block><p style={`margin:0;font-size:13px;line-height:19px;color:${COLOR.muted};word-break:break-all;`}><Link url={url}>{url}</Link></p></Block>
      <Block padding="0 32px 32px"><Small>{t.footer}</Small></Block>
    </EmailDocument>,
  );
  const text = textDocument([body, textLink(t.cta, url), t.footer]);
  return { subject, html, text };
}
