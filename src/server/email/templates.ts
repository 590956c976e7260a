import type { Report } from '../../domain/report.ts';
import type { Questionnaire } from '../../domain/schemas/questionnaire.ts';
import type { VerdictTone } from '../../domain/benchmark.ts';
import { localize, type Locale } from '../../domain/locale.ts';
import { fill } from '../../domain/format.ts';
import { reportView, scoreText, weakestDimension } from '../../domain/report-view.ts';

/**
 * The emails the site sends, built from a Report and the texts in
 * `content/emails.yaml`. Pure functions: the caller sends the result.
 *
 * The HTML is written for Gmail and Outlook: tables for layout, inline styles,
 * `bgcolor` attributes as fallbacks, no images, fonts, classes or scripts.
 */

export interface EmailMessage {
  subject: string;
  html: string;
  text: string;
}

const COLOR = {
  ink: '#1b2430',
  muted: '#4a5565',
  brand: '#0b4f6c',
  canvas: '#f5f7f9',
  surface: '#ffffff',
  line: '#d3dae2',
  track: '#e1e7ec',
  panel: '#eef4f7',
} as const;
const VERDICT_COLOR: Record<VerdictTone, string> = { worse: '#a3261b', neutral: '#8a5a00', better: '#1d6b3a' };
const FONT = 'font-family:Arial,Helvetica,sans-serif;';
const WIDTH = 600;

// ---------------------------------------------------------------------------
// Safety

const HTML_ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

/** Makes any value safe to put in HTML text or a quoted attribute. */
export function escapeHtml(value: string | number): string {
  return String(value).replace(/[&<>"']/g, (char) => HTML_ESCAPES[char]!);
}

/** The URL if it is http:, https: or mailto:, otherwise `#`: a `javascript:` link must never become clickable. */
export function safeUrl(url: string): string {
  try {
    const parsed = new URL(url.trim());
    return ['http:', 'https:', 'mailto:'].includes(parsed.protocol) ? parsed.href : '#';
  } catch {
    return '#';
  }
}

/** Header values must stay on one line, whatever a visitor typed as their name. */
function oneLine(text: string): string {
  return text.replace(/[\r\n\t]+/g, ' ').trim();
}

// ---------------------------------------------------------------------------
// HTML building blocks. Every helper takes plain text and escapes it; `…Html`
// parameters are markup built by another helper.

function presentationTable(rowsHtml: string, attributes = 'width="100%"', style = ''): string {
  return `<table role="presentation" ${attributes} cellpadding="0" cellspacing="0" border="0" style="border-collapse:collapse;${style}">${rowsHtml}</table>`;
}

/** Vertical space that Outlook keeps (it drops margins on many elements). */
function spacer(px: number): string {
  return `<div style="height:${px}px;line-height:${px}px;font-size:0;">&nbsp;</div>`;
}

/** One row of the white card, full width. */
function block(innerHtml: string, padding = '0 32px 24px'): string {
  return `<tr><td style="padding:${padding};${FONT}font-size:16px;line-height:24px;color:${COLOR.ink};">${innerHtml}</td></tr>`;
}

function heading(text: string): string {
  return `<h2 style="margin:0 0 12px;${FONT}font-size:20px;line-height:28px;color:${COLOR.brand};">${escapeHtml(text)}</h2>`;
}

function paragraph(text: string, style = ''): string {
  return `<p style="margin:0 0 12px;${style}">${escapeHtml(text)}</p>`;
}

function small(text: string): string {
  return paragraph(text, `font-size:14px;line-height:20px;color:${COLOR.muted};`);
}

/** A tinted box, for the masterclass offer. */
function panel(innerHtml: string): string {
  return presentationTable(
    `<tr><td style="padding:20px 24px;${FONT}font-size:16px;line-height:24px;color:${COLOR.ink};">${innerHtml}</td></tr>`,
    `width="100%" bgcolor="${COLOR.panel}"`,
    `background-color:${COLOR.panel};`,
  );
}

/** A titled paragraph: findings, recommendations, the offer. */
function titled(title: string, body: string): string {
  return `<p style="margin:0 0 16px;"><strong>${escapeHtml(title)}</strong><br>${escapeHtml(body)}</p>`;
}

function link(label: string, url: string): string {
  return `<a href="${escapeHtml(safeUrl(url))}" style="color:${COLOR.brand};text-decoration:underline;">${escapeHtml(label)}</a>`;
}

/** A link that looks like a button; the padding sits on the cell because Outlook ignores it on links. */
function button(label: string, url: string): string {
  const cell = `<td bgcolor="${COLOR.brand}" style="background-color:${COLOR.brand};border-radius:6px;padding:12px 24px;">`
    + `<a href="${escapeHtml(safeUrl(url))}" style="${FONT}font-size:16px;font-weight:bold;line-height:20px;color:#ffffff;text-decoration:none;display:inline-block;">${escapeHtml(label)}</a></td>`;
  return presentationTable(`<tr>${cell}</tr>`, 'align="left"');
}

/** A horizontal bar, 0–100, as two table cells: email clients draw no SVG or CSS gradients. */
function bar(score: number | null): string {
  const filled = Math.max(0, Math.min(100, Math.round(score ?? 0)));
  const cell = (width: number, color: string) =>
    `<td width="${width}%" height="10" bgcolor="${color}" style="width:${width}%;height:10px;background-color:${color};font-size:0;line-height:0;">&nbsp;</td>`;
  // A cell 0 % wide still shows in some clients, so an empty side is left out.
  const cells = (filled > 0 ? cell(filled, COLOR.brand) : '') + (filled < 100 ? cell(100 - filled, COLOR.track) : '');
  return presentationTable(`<tr>${cells}</tr>`);
}

/** A label–value row of a two-column table; `valueHtml` is already escaped. */
function detailRow(label: string, valueHtml: string): string {
  const td = `padding:6px 0;border-bottom:1px solid ${COLOR.line};${FONT}font-size:15px;line-height:22px;vertical-align:top;`;
  return `<tr><td width="40%" style="${td}color:${COLOR.muted};">${escapeHtml(label)}</td><td style="${td}color:${COLOR.ink};">${valueHtml}</td></tr>`;
}

/** The whole document: a 600px card on a grey canvas, with a hidden preheader and a footer under the card. */
function emailDocument(input: { locale: Locale; title: string; preheader: string; siteName: string; blocks: string[]; footer: string[] }): string {
  const preheader = `<div style="display:none;max-height:0;max-width:0;overflow:hidden;opacity:0;mso-hide:all;font-size:1px;line-height:1px;color:${COLOR.canvas};">${escapeHtml(input.preheader)}</div>`;
  const header = `<tr><td bgcolor="${COLOR.brand}" style="background-color:${COLOR.brand};padding:20px 32px;${FONT}font-size:18px;line-height:24px;font-weight:bold;color:#ffffff;">${escapeHtml(input.siteName)}</td></tr>`;
  const card = presentationTable(
    header + `<tr><td>${spacer(24)}</td></tr>` + input.blocks.join(''),
    `width="${WIDTH}" align="center" bgcolor="${COLOR.surface}"`,
    `width:${WIDTH}px;max-width:100%;background-color:${COLOR.surface};border:1px solid ${COLOR.line};`,
  );
  const footer = presentationTable(
    `<tr><td style="padding:16px 32px 32px;${FONT}font-size:13px;line-height:19px;color:${COLOR.muted};">${input.footer.map((line) => `<p style="margin:0 0 8px;">${escapeHtml(line)}</p>`).join('')}</td></tr>`,
    `width="${WIDTH}" align="center"`,
    `width:${WIDTH}px;max-width:100%;`,
  );
  const canvas = presentationTable(
    `<tr><td align="center" bgcolor="${COLOR.canvas}" style="background-color:${COLOR.canvas};padding:24px 8px;">${card}${footer}</td></tr>`,
    `width="100%" bgcolor="${COLOR.canvas}"`,
    `background-color:${COLOR.canvas};`,
  );
  return `<!doctype html>
<html lang="${escapeHtml(input.locale)}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="X-UA-Compatible" content="IE=edge">
<title>${escapeHtml(input.title)}</title>
</head>
<body style="margin:0;padding:0;background-color:${COLOR.canvas};">
${preheader}
${canvas}
</body>
</html>
`;
}

// ---------------------------------------------------------------------------
// Plain-text building blocks

function textHeading(title: string): string {
  return `${title}\n${'-'.repeat(title.length)}`;
}

/** Joins paragraphs with blank lines, dropping empty ones. */
function textDocument(parts: (string | null | undefined | false)[]): string {
  return `${parts.filter((part): part is string => typeof part === 'string' && part.trim() !== '').join('\n\n')}\n`;
}

/** "Label: https://…", or nothing when the URL is not one we would link to. */
function textLink(label: string, url: string): string | null {
  const safe = safeUrl(url);
  return safe === '#' ? null : `${label}: ${safe}`;
}

// ---------------------------------------------------------------------------
// Shared texts

function textsFor(questionnaire: Questionnaire, locale: Locale) {
  return {
    emails: localize(questionnaire.emails, locale),
    ui: localize(questionnaire.ui, locale),
    offer: localize(questionnaire.offer, locale),
  };
}

// ---------------------------------------------------------------------------
// The report, to the visitor

export function reportEmail(input: { report: Report; questionnaire: Questionnaire; name: string; permalink: string; masterclassUrl: string }): EmailMessage {
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
  const preheader = fill(t.preheader, values);
  const dontKnow = view.dontKnowNote;
  const metrics = view.metrics.map((m) => ({
    ...m,
    verdict: m.verdict && { ...m.verdict, text: [m.verdict.label, m.verdict.indicative ? `(${r.indicative})` : null].filter(Boolean).join(' '), color: VERDICT_COLOR[m.verdict.tone] },
  }));

  const blocks: string[] = [];
  if (greeting) blocks.push(block(paragraph(greeting, 'font-weight:bold;') + paragraph(t.intro, 'margin:0;')));
  else blocks.push(block(paragraph(t.intro, 'margin:0;')));

  blocks.push(block(
    heading(t.overall)
    + `<p style="margin:0 0 8px;${FONT}font-size:44px;line-height:48px;font-weight:bold;color:${COLOR.brand};">${escapeHtml(overall.scoreText)}`
    + ` <span style="font-size:18px;line-height:24px;font-weight:normal;color:${COLOR.muted};">${escapeHtml(r['out-of'])}</span></p>`
    + (overall.band
      ? `<p style="margin:0 0 8px;"><strong style="color:${COLOR.brand};">${escapeHtml(overall.band.label)}</strong></p>${paragraph(overall.band.summary, 'margin:0;')}`
      : '')
    + (overall.notAssessed
      ? `<p style="margin:0 0 8px;"><strong style="color:${COLOR.brand};">${escapeHtml(overall.notAssessed.label)}</strong></p>${paragraph(overall.notAssessed.summary)}`
        + titled(overall.notAssessed.recommendation.title, overall.notAssessed.recommendation.body)
      : ''),
  ));

  const dimensionRows = view.dimensions.map((d) => {
    return `<tr><td style="padding:10px 0 4px;${FONT}font-size:15px;line-height:20px;color:${COLOR.ink};"><strong>${escapeHtml(d.name)}</strong></td>`
      + `<td align="right" style="padding:10px 0 4px;${FONT}font-size:15px;line-height:20px;color:${COLOR.ink};white-space:nowrap;">${escapeHtml(d.line)}</td></tr>`
      + (d.notAssessed ? '' : `<tr><td colspan="2" style="padding:0 0 4px;">${bar(d.score)}</td></tr>`)
      + (d.summary ? `<tr><td colspan="2" style="padding:0 0 4px;${FONT}font-size:13px;line-height:18px;color:${COLOR.muted};">${escapeHtml(d.summary)}</td></tr>` : '');
  });
  blocks.push(block(heading(t.dimensions) + presentationTable(dimensionRows.join('')) + (dontKnow ? spacer(12) + small(dontKnow) : '')));

  blocks.push(block(heading(t.findings) + (view.findings.length === 0 ? paragraph(r['no-findings']) : view.findings.map((f) => titled(f.title, f.body)).join(''))));

  if (view.recommendations.length > 0) {
    blocks.push(block(heading(t.recommendations) + view.recommendations.map((rec, i) => titled(`${i + 1}. ${rec.title} (${rec.dimensionName})`, rec.body)).join('')));
  }

  if (metrics.length > 0) {
    const rows = metrics.map((m) => {
      const working = m.working ? `<br><span style="font-size:13px;line-height:18px;color:${COLOR.muted};">${escapeHtml(m.working.formula)}<br>${escapeHtml(m.working.numbers)}</span>` : '';
      const note = m.note ? `<br><span style="font-size:13px;line-height:18px;color:${COLOR.ink};">${escapeHtml(m.note)}</span>` : '';
      const benchmark = m.verdict
        ? `<br>${escapeHtml(t.benchmark)}: ${m.verdict.text ? `<strong style="color:${m.verdict.color};">${escapeHtml(m.verdict.text)}</strong> · ` : ''}${escapeHtml(m.verdict.figure)}`
          + `<br><span style="font-size:13px;line-height:18px;color:${COLOR.muted};">${escapeHtml(t.source)}: ${escapeHtml(m.verdict.source)}</span>`
        : m.noBenchmark ? `<br><span style="font-size:13px;line-height:18px;color:${COLOR.muted};">${escapeHtml(m.noBenchmark)}</span>` : '';
      return `<tr><td style="padding:10px 0;border-bottom:1px solid ${COLOR.line};${FONT}font-size:15px;line-height:22px;color:${COLOR.ink};">`
        + `<strong>${escapeHtml(m.name)}</strong><br>${escapeHtml(t['your-value'])}: <strong>${escapeHtml(m.value)}</strong>${note}${working}${benchmark}</td></tr>`;
    });
    blocks.push(block(heading(t.metrics) + presentationTable(rows.join(''))));
  }

  blocks.push(block(paragraph(t['permalink-intro']) + button(t['permalink-cta'], permalink)));

  blocks.push(block(panel(heading(offer.title) + paragraph(offer.description) + small(offer.format) + button(t['masterclass-cta'], masterclassUrl)), '0 32px 32px'));

  const html = emailDocument({ locale, title: subject, preheader, siteName: ui.site.name, blocks, footer: [t.footer, ui.site.footer] });

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
    [textHeading(t.dimensions), ...view.dimensions.map((d) => `${d.name}: ${d.line}${d.summary ? `\n  ${d.summary}` : ''}`), dontKnow && `\n${dontKnow}`].filter(Boolean).join('\n'),
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
        m.noBenchmark && `  ${m.noBenchmark}`,
      ].filter(Boolean).join('\n')),
    ].join('\n'),
    [t['permalink-intro'], textLink(t['permalink-cta'], permalink)].filter(Boolean).join('\n'),
    [textHeading(offer.title), offer.description, offer.format, textLink(t['masterclass-cta'], masterclassUrl)].filter(Boolean).join('\n'),
    `--\n${t.footer}\n${ui.site.footer}`,
  ]);

  return { subject, html, text };
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
  // Without a company the subject would show "()", so the empty brackets go.
  const subject = oneLine(fill(t.subject, values).replace(/\s*\(\s*\)/g, ''));
  const intro = fill(t.intro, values);
  const weakest = weakestDimension(report.dimensions);
  const dimensionScore = (d: Report['dimensions'][number]) =>
    d.notAssessed ? questionnaire.bands.notAssessed.dimension.label[locale] : d.score === null ? ui.results['not-scored'] : `${d.score}/100`;
  const mailto = `mailto:${email}`;

  // Label, HTML value, text value; empty fields are left out.
  const contactRows = ([
    [t.name, escapeHtml(name), name],
    [t.email, link(email, mailto), email],
    [t.company, escapeHtml(company), company],
    [t.role, escapeHtml(role), role],
    [t.locale, escapeHtml(localeText), localeText],
    [t.masterclass, escapeHtml(input.masterclass ? t.yes : t.no), input.masterclass ? t.yes : t.no],
  ] satisfies [string, string, string][]).filter(([, , plain]) => plain !== '');
  const overallText = `${score}/100 · ${overallBand}`;
  const scoreRows = report.dimensions.map((d): [string, string] => [dimensionName(d), dimensionScore(d)]);
  const weakestText = weakest ? `${t.weakest}: ${dimensionName(weakest)} (${weakest.score}/100)` : null;

  const blocks = [
    block(paragraph(intro, 'margin:0;')),
    block(heading(t.contact) + presentationTable(contactRows.map(([label, html]) => detailRow(label, html)).join(''))),
    block(
      heading(t.scores)
        + paragraph(overallText, `font-size:20px;line-height:28px;font-weight:bold;color:${COLOR.brand};`)
        + presentationTable(scoreRows.map(([label, value]) => detailRow(label, escapeHtml(value))).join(''))
        + (weakestText ? spacer(12) + paragraph(weakestText, 'font-weight:bold;') : ''),
    ),
    block(button(t.open, workspaceUrl), '0 32px 32px'),
  ];
  const html = emailDocument({ locale, title: subject, preheader: intro, siteName: ui.site.name, blocks, footer: [ui.site.footer] });

  const text = textDocument([
    intro,
    [textHeading(t.contact), ...contactRows.map(([label, , plain]) => `${label}: ${plain}`)].join('\n'),
    [textHeading(t.scores), overallText, '', ...scoreRows.map(([label, value]) => `${label}: ${value}`), weakestText && `\n${weakestText}`].filter((line) => line !== null).join('\n'),
    textLink(t.open, workspaceUrl),
  ]);

  return { subject, html, text };
}

// ---------------------------------------------------------------------------
// Masterclass sign-up confirmation

export function masterclassEmail(input: { questionnaire: Questionnaire; name: string; locale: Locale }): EmailMessage {
  const { emails, ui, offer } = textsFor(input.questionnaire, input.locale);
  const t = emails.masterclass;
  const name = oneLine(input.name);
  const subject = oneLine(fill(t.subject, { name }));
  const greeting = name ? fill(t.greeting, { name }) : null;

  const blocks = [
    block((greeting ? paragraph(greeting, 'font-weight:bold;') : '') + paragraph(t.body, 'margin:0;')),
    block(panel(heading(offer.title) + paragraph(offer.description) + small(offer.format)), '0 32px 32px'),
  ];
  const html = emailDocument({ locale: input.locale, title: subject, preheader: t.body, siteName: ui.site.name, blocks, footer: [t.footer, ui.site.footer] });
  const text = textDocument([greeting, t.body, [textHeading(offer.title), offer.description, offer.format].join('\n'), `--\n${t.footer}\n${ui.site.footer}`]);
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

  const blocks = [
    block(paragraph(body) + button(t.cta, url)),
    // Written out too, for clients that hide the button.
    block(`<p style="margin:0;font-size:13px;line-height:19px;color:${COLOR.muted};word-break:break-all;">${link(url, url)}</p>`),
    block(small(t.footer), '0 32px 32px'),
  ];
  const html = emailDocument({ locale: input.locale, title: subject, preheader: body, siteName: ui.site.name, blocks, footer: [ui.site.footer] });
  const text = textDocument([body, textLink(t.cta, url), t.footer]);
  return { subject, html, text };
}
