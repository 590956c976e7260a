import type { ComponentChildren, VNode } from 'preact';
import { render } from 'preact-render-to-string';
import type { VerdictTone } from '../../domain/benchmark.ts';
import type { Locale } from '../../domain/locale.ts';

/**
 * The building blocks of every email, as Preact components rendered to a string
 * (text is escaped by the renderer). Written for Gmail and Outlook: tables for
 * layout, inline styles, `bgcolor` attributes as fallbacks, no images, fonts,
 * classes or scripts.
 */

export const COLOR = {
  ink: '#1b2430',
  muted: '#4a5565',
  brand: '#0b4f6c',
  canvas: '#f5f7f9',
  surface: '#ffffff',
  line: '#d3dae2',
  track: '#e1e7ec',
  panel: '#eef4f7',
} as const;
export const VERDICT_COLOR: Record<VerdictTone, string> = { worse: '#a3261b', neutral: '#8a5a00', better: '#1d6b3a' };
export const FONT = 'font-family:Arial,Helvetica,sans-serif;';
const WIDTH = 600;

/** Attributes email clients still read but that the DOM typings leave out (`bgcolor`, `align` on tables…). */
type LegacyAttributes = Record<string, string | number>;
const legacy = (attributes: LegacyAttributes) => attributes as object;

/** The URL if it is http:, https: or mailto:, otherwise `#`: a `javascript:` link must never become clickable. */
export function safeUrl(url: string): string {
  try {
    const parsed = new URL(url.trim());
    return ['http:', 'https:', 'mailto:'].includes(parsed.protocol) ? parsed.href : '#';
  } catch {
    return '#';
  }
}

/** A layout table: `role="presentation"`, no spacing, collapsed borders. */
export function Table({ children, attributes = { width: '100%' }, style = '' }: { children: ComponentChildren; attributes?: LegacyAttributes; style?: string }) {
  return (
    <table role="presentation" {...legacy({ cellpadding: 0, cellspacing: 0, border: 0, ...attributes })} style={`border-collapse:collapse;${style}`}>
      {children}
    </table>
  );
}

/** Vertical space that Outlook keeps (it drops margins on many elements). */
export function Spacer({ px }: { px: number }) {
  return <div style={`height:${px}px;line-height:${px}px;font-size:0;`}>{'\u00a0'}</div>;
}

/** One row of the white card, full width. */
export function Block({ children, padding = '0 32px 24px' }: { children: ComponentChildren; padding?: string }) {
  return (
    <tr>
      <td style={`padding:${padding};${FONT}font-size:16px;line-height:24px;color:${COLOR.ink};`}>{children}</td>
    </tr>
  );
}

export function Heading({ children }: { children: ComponentChildren }) {
  return <h2 style={`margin:0 0 12px;${FONT}font-size:20px;line-height:28px;color:${COLOR.brand};`}>{children}</h2>;
}

export function Paragraph({ children, style = '' }: { children: ComponentChildren; style?: string }) {
  return <p style={`margin:0 0 12px;${style}`}>{children}</p>;
}

export function Small({ children }: { children: ComponentChildren }) {
  return <Paragraph style={`font-size:14px;line-height:20px;color:${COLOR.muted};`}>{children}</Paragraph>;
}

/** Muted small text inside a line (working, sources). */
export function Muted({ children }: { children: ComponentChildren }) {
  return <span style={`font-size:13px;line-height:18px;color:${COLOR.muted};`}>{children}</span>;
}

/** A tinted box, for the masterclass offer. */
export function Panel({ children }: { children: ComponentChildren }) {
  return (
    <Table attributes={{ width: '100%', bgcolor: COLOR.panel }} style={`background-color:${COLOR.panel};`}>
      <tr><td style={`padding:20px 24px;${FONT}font-size:16px;line-height:24px;color:${COLOR.ink};`}>{children}</td></tr>
    </Table>
  );
}

/** A titled paragraph: findings, recommendations, the offer. */
export function Titled({ title, body }: { title: string; body: string }) {
  return <p style="margin:0 0 16px;"><strong>{title}</strong><br />{body}</p>;
}

export function Link({ url, children }: { url: string; children: ComponentChildren }) {
  return <a href={safeUrl(url)} style={`color:${COLOR.brand};text-decoration:underline;`}>{children}</a>;
}

/** A link that looks like a button; the padding sits on the cell because Outlook ignores it on links. */
export function Button({ url, label }: { url: string; label: string }) {
  return (
    <Table attributes={{ align: 'left' }}>
      <tr>
        <td {...legacy({ bgcolor: COLOR.brand })} style={`background-color:${COLOR.brand};border-radius:6px;padding:12px 24px;`}>
          <a href={safeUrl(url)} style={`${FONT}font-size:16px;font-weight:bold;line-height:20px;color:#ffffff;text-decoration:none;display:inline-block;`}>{label}</a>
        </td>
      </tr>
    </Table>
  );
}

/** A horizontal bar, 0–100, as two table cells: email clients draw no SVG or CSS gradients. */
export function Bar({ score }: { score: number | null }) {
  const filled = Math.max(0, Math.min(100, Math.round(score ?? 0)));
  const cell = (width: number, color: string) => (
    <td {...legacy({ width: `${width}%`, height: 10, bgcolor: color })} style={`width:${width}%;height:10px;background-color:${color};font-size:0;line-height:0;`}>{'\u00a0'}</td>
  );
  // A cell 0 % wide still shows in some clients, so an empty side is left out.
  return (
    <Table>
      <tr>
        {filled > 0 && cell(filled, COLOR.brand)}
        {filled < 100 && cell(100 - filled, COLOR.track)}
      </tr>
    </Table>
  );
}

/** A label–value row of a two-column table. */
export function DetailRow({ label, children }: { label: string; children: ComponentChildren }) {
  const td = `padding:6px 0;border-bottom:1px solid ${COLOR.line};${FONT}font-size:15px;line-height:22px;vertical-align:top;`;
  return (
    <tr>
      <td {...legacy({ width: '40%' })} style={`${td}color:${COLOR.muted};`}>{label}</td>
      {/* Long addresses and names break rather than push the card wider than a phone. */}
      <td style={`${td}color:${COLOR.ink};word-break:break-word;overflow-wrap:anywhere;`}>{children}</td>
    </tr>
  );
}

/** The whole document: a 600px card on a grey canvas, with a hidden preheader and a footer under the card. */
export function EmailDocument(props: {
  locale: Locale;
  title: string;
  preheader: string;
  siteName: string;
  footer: string[];
  /** The unsubscribe link under the footer, on every email to a prospect. */
  unsubscribe?: { url: string; label: string } | undefined;
  /** Who sends it and their privacy policy, on every email to a prospect (content/consultancy.yaml). */
  sender?: { line: string; privacy: { url: string; label: string } | undefined } | undefined;
  children: ComponentChildren;
}) {
  return (
    <html lang={props.locale}>
      <head>
        <meta charSet="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <meta {...legacy({ 'http-equiv': 'X-UA-Compatible' })} content="IE=edge" />
        <title>{props.title}</title>
      </head>
      <body style={`margin:0;padding:0;background-color:${COLOR.canvas};`}>
        <div style={`display:none;max-height:0;max-width:0;overflow:hidden;opacity:0;mso-hide:all;font-size:1px;line-height:1px;color:${COLOR.canvas};`}>{props.preheader}</div>
        <Table attributes={{ width: '100%', bgcolor: COLOR.canvas }} style={`background-color:${COLOR.canvas};`}>
          <tr>
            <td {...legacy({ align: 'center', bgcolor: COLOR.canvas })} style={`background-color:${COLOR.canvas};padding:24px 8px;`}>
              <Table attributes={{ width: WIDTH, align: 'center', bgcolor: COLOR.surface }} style={`width:100%;max-width:${WIDTH}px;background-color:${COLOR.surface};border:1px solid ${COLOR.line};`}>
                <tr>
                  <td {...legacy({ bgcolor: COLOR.brand })} style={`background-color:${COLOR.brand};padding:20px 32px;${FONT}font-size:18px;line-height:24px;font-weight:bold;color:#ffffff;`}>{props.siteName}</td>
                </tr>
                <tr><td><Spacer px={24} /></td></tr>
                {props.children}
              </Table>
              <Table attributes={{ width: WIDTH, align: 'center' }} style={`width:100%;max-width:${WIDTH}px;`}>
                <tr>
                  <td style={`padding:16px 32px 32px;${FONT}font-size:13px;line-height:19px;color:${COLOR.muted};`}>
                    {props.footer.map((line) => <p style="margin:0 0 8px;">{line}</p>)}
                    {props.sender && (
                      <p style="margin:0 0 8px;">
                        {props.sender.line}
                        {props.sender.privacy && (
                          <> · <a href={safeUrl(props.sender.privacy.url)} style={`color:${COLOR.muted};text-decoration:underline;`}>{props.sender.privacy.label}</a></>
                        )}
                      </p>
                    )}
                    {props.unsubscribe && (
                      <p style="margin:0 0 8px;">
                        <a href={safeUrl(props.unsubscribe.url)} style={`color:${COLOR.muted};text-decoration:underline;`}>{props.unsubscribe.label}</a>
                      </p>
                    )}
                  </td>
                </tr>
              </Table>
            </td>
          </tr>
        </Table>
      </body>
    </html>
  );
}

/** The HTML of an email: the doctype, then the rendered document. */
export function renderEmail(document: VNode): string {
  return `<!doctype html>\n${render(document)}\n`;
}

// ---------------------------------------------------------------------------
// Plain text

/** Header values must stay on one line, whatever a visitor typed as their name. */
export function oneLine(text: string): string {
  return text.replace(/[\r\n\t]+/g, ' ').trim();
}

export function textHeading(title: string): string {
  return `${title}\n${'-'.repeat(title.length)}`;
}

/** Joins paragraphs with blank lines, dropping empty ones. */
export function textDocument(parts: (string | null | undefined | false)[]): string {
  return `${parts.filter((part): part is string => typeof part === 'string' && part.trim() !== '').join('\n\n')}\n`;
}

/** "Label: https://…", or nothing when the URL is not one we would link to. */
export function textLink(label: string, url: string): string | null {
  const safe = safeUrl(url);
  return safe === '#' ? null : `${label}: ${safe}`;
}
