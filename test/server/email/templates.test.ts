import { describe, expect, it } from 'vitest';
import { buildReport } from '../../../src/domain/report.ts';
import { DONT_KNOW, scoredOptions } from '../../../src/domain/question.ts';
import type { Locale } from '../../../src/domain/locale.ts';
import { formatMetricValue } from '../../../src/domain/format.ts';
import type { MetricInputs } from '../../../src/domain/metrics.ts';
import type { Answers } from '../../../src/domain/scoring.ts';
import { callRequestEmail, consultantEmail, masterclassEmail, reportEmail, signInEmail, type EmailMessage } from '../../../src/server/email/templates.tsx';
import { realQuestionnaire } from '../../helpers/content.ts';

const q = realQuestionnaire();
// A spread of answers, so dimensions get different scores and bands.
const answers: Answers = Object.fromEntries(
  q.questions.map((question, i) => {
    const options = scoredOptions(question);
    return [question.id, options[i % options.length]!.id];
  }),
);
const segment = { businessModel: 'saas', dealSize: 'acv-under-12k' };
const metricInputs: MetricInputs = {
  period: 'month', customersAtStart: 200, customersLost: 6, mrrAtStart: 100_000, churnedMrr: 1_000, contractionMrr: 0, expansionMrr: 2_000,
  leads: 1_000, newCustomers: 20,
};
const PERMALINK = 'https://diagnostico.example.com/es/informe/abc123?ref=email&x=1';
const MASTERCLASS = 'https://diagnostico.example.com/es/masterclass';
const WORKSPACE = 'https://diagnostico.example.com/consultores/diagnosticos/42';

const reportIn = (locale: Locale, inputs: MetricInputs | null = metricInputs) => buildReport(q, { answers, segment, metricInputs: inputs }, locale);
const visitorEmail = (locale: Locale, overrides: Partial<Parameters<typeof reportEmail>[0]> = {}) =>
  reportEmail({ report: reportIn(locale), questionnaire: q, name: 'Ana', permalink: PERMALINK, masterclassUrl: MASTERCLASS, ...overrides });
const leadEmail = (contact: Parameters<typeof consultantEmail>[0]['contact'], overrides: Partial<Parameters<typeof consultantEmail>[0]> = {}) =>
  consultantEmail({ report: reportIn('pt'), questionnaire: q, contact, masterclass: true, workspaceUrl: WORKSPACE, ...overrides });

const hrefs = (html: string) => [...html.matchAll(/href="([^"]*)"/g)].map((m) => m[1]!);

function everyEmail(): [string, EmailMessage][] {
  return [
    ['report', visitorEmail('es')],
    ['consultant', leadEmail({ name: 'Ana', email: 'ana@example.com', company: 'Acme', role: 'CEO' })],
    ['masterclass', masterclassEmail({ questionnaire: q, name: 'Ana', locale: 'en' })],
    ['sign-in', signInEmail({ questionnaire: q, url: 'https://diagnostico.example.com/login?token=t', minutes: 15, locale: 'pt' })],
    ['call-request', callRequestEmail({ questionnaire: q, contact: { name: 'Ana', email: 'ana@example.com', company: null }, request: { days: ['mon'], windows: ['morning'], timeZone: null, phone: '+34 600 000 000' }, workspaceUrl: WORKSPACE })],
  ];
}

/** Text as the renderer escapes it in HTML: `&`, `<` and `"` (a lone `>` cannot open a tag). */
const escapeHtml = (value: string) => value.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/"/g, '&quot;');

describe('reportEmail', () => {
  it("offers a call: the permalink's own form without a booking page, the booking page prefilled with one", () => {
    for (const locale of ['es', 'pt', 'en'] as const) {
      const own = visitorEmail(locale, { email: 'ana@example.com' });
      expect(hrefs(own.html)).toContain(escapeHtml(`${PERMALINK}#call`));
      expect(own.html).toContain(q.ui.call.request[locale]);
      expect(own.text).toContain(`${PERMALINK}#call`);
    }
    const booking = { url: 'https://cal.com/acme/30min', prefill: { name: 'name', email: 'email', notes: 'notes' } };
    const booked = reportEmail({ report: reportIn('en'), questionnaire: { ...q, offer: { ...q.offer, booking } }, name: 'Ana', email: 'ana@example.com', permalink: PERMALINK, masterclassUrl: MASTERCLASS });
    const link = hrefs(booked.html).map((href) => href.replaceAll('&amp;', '&')).find((href) => href.startsWith(booking.url))!;
    expect(Object.fromEntries(new URL(link).searchParams)).toEqual({ name: 'Ana', email: 'ana@example.com', notes: PERMALINK });
    expect(booked.html).toContain(q.ui.call.book.en);
    expect(booked.html).not.toContain('#call');
  });

  it('names the consultancy behind it and links its privacy policy, in the report language, in html and text', () => {
    for (const locale of ['es', 'pt', 'en'] as const) {
      const { html, text } = visitorEmail(locale);
      const policy = new URL(`/${locale}/privacy/`, PERMALINK).href;
      expect(html).toContain(`href="${policy}"`);
      expect(html).toContain(q.consultancy.name);
      expect(text).toContain(`${q.consultancy.texts['privacy-policy'][locale]}: ${policy}`);
    }
  });

  it('puts the score and band in the subject, in the report language', () => {
    const es = reportIn('es');
    const pt = reportIn('pt');
    const esSubject = visitorEmail('es').subject;
    const ptSubject = reportEmail({ report: pt, questionnaire: q, name: 'Ana', permalink: PERMALINK, masterclassUrl: MASTERCLASS }).subject;
    expect(esSubject).toContain(`${es.overall.score}/100`);
    expect(esSubject).toContain(es.overall.band!.label);
    expect(esSubject).toMatch(/^Tu diagnóstico/);
    expect(ptSubject).toContain(`${pt.overall.score}/100`);
    expect(ptSubject).toContain(q.bands.overall.find((b) => b.id === pt.overall.band!.id)!.label.pt);
    expect(ptSubject).toMatch(/^Seu diagnóstico/);
  });

  it('writes the html in the report language', () => {
    expect(visitorEmail('pt').html).toContain('<html lang="pt">');
    expect(visitorEmail('pt').text).toContain(q.emails.report.intro.pt);
  });

  it('lists every dimension with its name and score in html and text', () => {
    const report = reportIn('es');
    const { html, text } = visitorEmail('es');
    for (const d of report.dimensions) {
      expect(html).toContain(escapeHtml(d.name));
      expect(html).toContain(`${d.score}/100`);
      expect(text).toContain(`${d.name}: ${d.score}/100`);
    }
  });

  it('draws each dimension bar as wide as its score', () => {
    const report = reportIn('es');
    const { html } = visitorEmail('es');
    for (const d of report.dimensions) expect(html).toContain(`width="${d.score}%"`);
  });

  it('gives the overall score with its band summary, findings and top recommendations', () => {
    const report = reportIn('es');
    const { html, text } = visitorEmail('es');
    expect(text).toContain(`${report.overall.score}/100 · ${report.overall.band!.label}`);
    expect(html).toContain(escapeHtml(report.overall.band!.summary));
    expect(report.recommendations.length).toBeGreaterThan(0);
    for (const r of report.recommendations) {
      expect(html).toContain(escapeHtml(r.title));
      expect(text).toContain(r.body);
    }
    for (const f of report.findings) expect(text).toContain(f.title);
  });

  it('links the permalink and the masterclass in html and writes them out in text', () => {
    const { html, text } = visitorEmail('es');
    expect(hrefs(html)).toContain(escapeHtml(PERMALINK));
    expect(text).toContain(PERMALINK);
    expect(hrefs(html)).toContain(MASTERCLASS);
    expect(text).toContain(MASTERCLASS);
    expect(text).toContain(q.offer.title.es);
    expect(html).toContain(escapeHtml(q.offer.format.es));
  });

  it('shows a computed metric with its value, working, verdict and source with year', () => {
    const report = reportIn('es');
    const nrr = report.metrics.find((m) => m.id === 'nrr')!;
    expect(nrr.benchmark?.source).toMatchObject({ publisher: 'SaaS Capital', year: 2023 });
    const { html, text } = visitorEmail('es');
    const nrrText = text.slice(text.indexOf(`* ${nrr.name}`)).split('\n* ')[0]!;
    expect(nrrText).toContain(nrr.working!.numbers);
    expect(nrrText).toContain(nrr.benchmark!.label);
    expect(nrrText).toMatch(/SaaS Capital, .*\(2023\)/);
    expect(html).toContain(escapeHtml(nrr.benchmark!.figure));
    expect(html).toMatch(/SaaS Capital, [^<]*\(2023\)/);
  });

  it('marks a weak-quality benchmark as indicative', () => {
    const conversion = reportIn('en').metrics.find((m) => m.id === 'conversionRate')!;
    expect(conversion.benchmark?.quality).toBe('weak');
    const { html, text } = visitorEmail('en');
    expect(text).toContain(`${conversion.benchmark!.label} (${q.ui.results.indicative.en})`);
    expect(html).toContain(`(${q.ui.results.indicative.en})`);
    // Solid benchmarks are not called indicative.
    const nrrBlock = text.slice(text.indexOf('* Net revenue retention')).split('\n* ')[0]!;
    expect(nrrBlock).not.toContain(q.ui.results.indicative.en);
  });

  it('repeats no verdict for a report stored before verdicts named their comparison, and leaves no empty one', () => {
    const report = reportIn('es');
    const old = { ...report, metrics: report.metrics.map((m) => (m.benchmark ? { ...m, benchmark: { ...m.benchmark, label: undefined } } : m)) } as typeof report;
    const { html, text } = reportEmail({ report: old, questionnaire: q, name: 'Ana', permalink: PERMALINK, masterclassUrl: MASTERCLASS });
    const nrr = old.metrics.find((m) => m.id === 'nrr')!;
    expect(text).toContain(`${q.emails.report.benchmark.es}: ${nrr.benchmark!.figure}`);
    expect(text).not.toMatch(/: · /);
    expect(html).not.toMatch(/<strong[^>]*><\/strong> · /);
  });

  it('says when a metric has no benchmark for the segment', () => {
    const report = buildReport(q, { answers, segment: { businessModel: 'other', dealSize: 'acv-under-12k' }, metricInputs }, 'es');
    const without = report.metrics.find((m) => m.value !== null && m.benchmark === null)!;
    expect(without.noBenchmark).toBeTruthy();
    const { text, html } = reportEmail({ report, questionnaire: q, name: 'Ana', permalink: PERMALINK, masterclassUrl: MASTERCLASS });
    expect(text).toContain(without.noBenchmark);
    expect(html).toContain(escapeHtml(without.noBenchmark!));
  });

  it('leaves out metrics the visitor gave no numbers for, but keeps those that failed on a zero', () => {
    // No churn makes CLV unbounded: computable inputs, no value.
    const inputs: MetricInputs = { period: 'month', customersAtStart: 200, customersLost: 0, arpa: 100, grossMarginPct: 80 };
    const report = reportIn('es', inputs);
    const { text } = reportEmail({ report, questionnaire: q, name: 'Ana', permalink: PERMALINK, masterclassUrl: MASTERCLASS });
    const cac = report.metrics.find((m) => m.id === 'cac')!;
    expect(cac.value).toBeNull();
    expect(cac.missing.length).toBeGreaterThan(0);
    expect(text).not.toContain(cac.name);
    const clv = report.metrics.find((m) => m.id === 'clv')!;
    expect(clv).toMatchObject({ value: null, missing: [] });
    expect(text).toContain(`${clv.name}: ${q.ui.results['not-computable'].es}`);
    expect(text).toContain(`${q.ui.metric.monthlyChurnRate.es}: ${formatMetricValue('monthlyChurnRate', 0, 'es')}`);
  });

  it('has no metrics section when the visitor gave no numbers', () => {
    const { text } = reportEmail({ report: reportIn('es', null), questionnaire: q, name: 'Ana', permalink: PERMALINK, masterclassUrl: MASTERCLASS });
    expect(text).not.toContain(q.emails.report.metrics.es);
    expect(text).toContain(PERMALINK);
  });

  it('greets the visitor by name, escaped, and explains why they got the email', () => {
    const { html, text } = visitorEmail('es', { name: 'Ana <b>"Jefa"</b>' });
    expect(html).toContain('Hola, Ana &lt;b>&quot;Jefa&quot;&lt;/b>:');
    expect(html).not.toContain('<b>');
    expect(text).toContain('Hola, Ana <b>"Jefa"</b>:');
    expect(text).toContain(q.emails.report.footer.es);
    expect(html).toContain(escapeHtml(q.emails.report.footer.es));
  });
});

describe('reportEmail when the answers say too little', () => {
  const unknown: Answers = Object.fromEntries(q.questions.map((question) => [question.id, question.dontKnow ? DONT_KNOW : scoredOptions(question)[0]!.id]));
  for (const locale of ['es', 'pt', 'en'] as const) {
    it(`says the result could not be assessed, why, and to start by measuring (${locale})`, () => {
      const report = buildReport(q, { answers: unknown }, locale);
      const email = reportEmail({ report, questionnaire: q, name: 'Ana', permalink: PERMALINK, masterclassUrl: MASTERCLASS });
      const texts = q.bands.notAssessed;
      for (const [body, as] of [[email.text, (x: string) => x], [email.html, escapeHtml]] as const) {
        expect(body).toContain(as(texts.overall.label[locale]));
        expect(body).toContain(as(report.overall.notAssessed!.summary));
        expect(body).toContain(as(texts.overall.recommendation.title[locale]));
        expect(body).toContain(as(texts.dimension.summary[locale]));
        for (const band of q.bands.overall) expect(body).not.toContain(as(band.summary[locale]));
      }
      expect(email.subject).toBe(q.emails.report['subject-not-assessed'][locale].replace('{band}', texts.overall.label[locale]));
      expect(email.subject).not.toContain('/100');
    });
  }
});

describe('consultantEmail', () => {
  it('escapes a script tag in the lead name', () => {
    const { html, subject } = leadEmail({ name: '<script>alert(1)</script>', email: 'lead@example.com' });
    expect(html).not.toMatch(/<script/i);
    expect(html).toContain('&lt;script>alert(1)&lt;/script>');
    expect(subject).toContain('<script>alert(1)</script>');
  });

  it('shows a spreadsheet formula in the name as text, not as a link', () => {
    const { html } = leadEmail({ name: '=HYPERLINK("http://x")', email: 'lead@example.com', company: '=HYPERLINK("http://x")' });
    expect(html).toContain('=HYPERLINK(&quot;http://x&quot;)');
    expect(html).not.toContain('"http://x"');
    expect(hrefs(html)).not.toContain('http://x');
    expect(hrefs(html)).not.toContain('http://x/');
  });

  it('links the email with mailto and the workspace URL', () => {
    const { html, text } = leadEmail({ name: 'Ana', email: 'lead@example.com' });
    expect(hrefs(html)).toContain('mailto:lead@example.com');
    expect(hrefs(html)).toContain(WORKSPACE);
    expect(text).toContain(WORKSPACE);
    expect(text).toContain('lead@example.com');
  });

  it('lists the contact, language, masterclass opt-in and scores in the consultants\' language', () => {
    const report = reportIn('pt');
    const t = q.emails.consultant;
    const { text, subject } = leadEmail({ name: 'Ana', email: 'lead@example.com', company: 'Acme', role: 'CFO' });
    expect(subject).toBe(`Nuevo diagnóstico: Ana (Acme) · ${report.overall.score}/100`);
    expect(text).toContain(`${t.company.es}: Acme`);
    expect(text).toContain(`${t.role.es}: CFO`);
    expect(text).toContain(`${t.masterclass.es}: ${t.yes.es}`);
    expect(text).toMatch(new RegExp(`${t.locale.es}: .*\\(pt\\)`));
    for (const d of report.dimensions) expect(text).toContain(`${q.dimensions.find((x) => x.id === d.id)!.name.es}: ${d.score}/100`);
    const weakest = report.dimensions.reduce((low, d) => (d.score! < low.score! ? d : low));
    expect(text).toContain(`${t.weakest.es}: ${q.dimensions.find((x) => x.id === weakest.id)!.name.es} (${weakest.score}/100)`);
    const no = leadEmail({ name: 'Ana', email: 'lead@example.com' }, { masterclass: false, locale: 'en' });
    expect(no.text).toContain(`${t.masterclass.en}: ${t.no.en}`);
  });

  it('leaves out an empty company and role', () => {
    const { text, subject } = leadEmail({ name: 'Ana', email: 'lead@example.com', company: null, role: '' });
    expect(text).not.toContain(`${q.emails.consultant.company.es}:`);
    expect(text).not.toContain(`${q.emails.consultant.role.es}:`);
    expect(subject).not.toContain('()');
  });

  it('keeps the subject on one line whatever the name holds', () => {
    const { subject } = leadEmail({ name: 'Ana\r\nBcc: x@example.com', email: 'lead@example.com' });
    expect(subject).not.toMatch(/[\r\n]/);
  });
});

describe('unsafe URLs', () => {
  const bad = ['javascript:alert(1)', ' JavaScript:alert(1)', 'java\tscript:alert(1)', 'data:text/html,<script>alert(1)</script>', 'vbscript:x'];

  it.each(bad)('never puts %j in an href or the text', (url) => {
    const emails = [
      visitorEmail('es', { permalink: url, masterclassUrl: url }),
      leadEmail({ name: 'Ana', email: 'lead@example.com' }, { workspaceUrl: url }),
      signInEmail({ questionnaire: q, url, minutes: 15, locale: 'es' }),
    ];
    for (const { html, text } of emails) {
      for (const href of hrefs(html)) expect(href).toMatch(/^(https?:|mailto:|#$)/);
      expect(html).not.toMatch(/script:/i);
      expect(text).not.toMatch(/script:|data:/i);
    }
  });
});

describe('masterclassEmail', () => {
  it('confirms the sign-up in the visitor language, with their name and the offer', () => {
    for (const locale of ['es', 'pt', 'en'] as const) {
      const { subject, html, text } = masterclassEmail({ questionnaire: q, name: 'João & Ana', locale });
      expect(subject).toBe(q.emails.masterclass.subject[locale]);
      expect(html).toContain(`<html lang="${locale}">`);
      expect(html).toContain('João &amp; Ana');
      expect(text).toContain('João & Ana');
      expect(html).toContain(escapeHtml(q.offer.title[locale]));
      expect(text).toContain(q.offer.format[locale]);
      expect(text).toContain(q.emails.masterclass.footer[locale]);
    }
  });
});

describe('signInEmail', () => {
  it('carries the link and its validity in the consultant language', () => {
    const url = 'https://diagnostico.example.com/login?token=abc&next=/consultores';
    const pt = signInEmail({ questionnaire: q, url, minutes: 15, locale: 'pt' });
    expect(pt.subject).toBe(q.emails['sign-in'].subject.pt);
    expect(pt.text).toContain('15 minutos');
    expect(pt.text).toContain(url);
    expect(hrefs(pt.html)).toContain(escapeHtml(url));
    expect(pt.html).toContain(escapeHtml(q.emails['sign-in'].cta.pt));
    const en = signInEmail({ questionnaire: q, url, minutes: 10, locale: 'en' });
    expect(en.text).toContain('10 minutes');
    expect(en.html).toContain('<html lang="en">');
  });
});

describe('html built for email clients', () => {
  it.each(everyEmail())('%s email is a full document with inline styles and presentation tables only', (_name, { html, text, subject }) => {
    expect(html).toMatch(/^<!doctype html>/i);
    expect(html).toMatch(/<meta charset="utf-8"\s*\/?>/);
    expect(html).toMatch(/<html lang="(es|pt|en)">/);
    expect(html).not.toMatch(/<style|<script|<link|<img|class=|display:\s*(flex|grid)/i);
    const tables = html.match(/<table\b[^>]*>/g) ?? [];
    expect(tables.length).toBeGreaterThan(0);
    for (const table of tables) expect(table).toContain('role="presentation"');
    expect(html).toContain('width="600"');
    expect(html).toMatch(/bgcolor="#[0-9a-f]{6}"/i);
    // The hidden preheader comes before the layout.
    expect(html.indexOf('display:none')).toBeLessThan(html.indexOf('<table'));
    expect(subject.trim()).not.toBe('');
    expect(text).not.toMatch(/<[a-z]/i);
  });
});
