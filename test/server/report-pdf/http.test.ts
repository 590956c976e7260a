import { beforeEach, describe, expect, it } from 'vitest';
import { count, eq } from 'drizzle-orm';
import { outbox, rateLimitCounters, submissions } from '../../../src/server/db/schema.ts';
import { createSubmission } from '../../../src/server/leads/submissions.ts';
import { resendReport } from '../../../src/server/workspace/index.ts';
import { findReportByToken } from '../../../src/server/leads/index.ts';
import { MAX_REQUEST_BODY_BYTES } from '../../../src/server/lib/body.ts';
import { permalinkReportPdf, postedReportPdf, type ReportPdfDeps } from '../../../src/server/report-pdf/index.ts';
import { buildReport } from '../../../src/domain/report.ts';
import { localize } from '../../../src/domain/locale.ts';
import { realQuestionnaire } from '../../helpers/content.ts';
import { openForSuite, TEST_DATABASES } from '../../helpers/db.ts';
import { clearLeadTables, jsonRequest, testLeadDeps, validPayload } from '../../helpers/submission.ts';
import { collapse, readPdf } from '../../helpers/pdf.ts';
import { settled } from '../../../src/server/lib/after.ts';

const q = realQuestionnaire();
const NOW = new Date('2026-09-03T10:00:00Z');
const SITE = 'https://diagnostico.example';

/** What the results page posts: the answers, segment, numbers and language of a valid submission. */
const resultsBody = (overrides: Record<string, unknown> = {}) => {
  const { locale, answers, segment, metricInputs } = validPayload(q);
  return { locale, answers, segment, metricInputs, ...overrides };
};
const post = (body: unknown, init: { headers?: Record<string, string>; raw?: string } = {}) =>
  new Request(`${SITE}/api/report.pdf`, { method: 'POST', headers: { 'content-type': 'application/json', origin: SITE, ...init.headers }, body: init.raw ?? JSON.stringify(body) });

describe.each(TEST_DATABASES)('the report PDF endpoints on $name', (testDb) => {
  const database = openForSuite(testDb);
  let deps: ReportPdfDeps;

  beforeEach(async () => {
    await clearLeadTables(database.db);
    deps = { db: async () => database.db, questionnaire: q, env: { SITE_URL: SITE, IP_HASH_SALT: 'test-salt-0123456789' }, ip: '203.0.113.20', now: () => NOW };
  });

  /** Stores a submission the way the site does; its permalink's token. */
  async function submit(locale: 'es' | 'pt' | 'en' = 'es'): Promise<string> {
    const response = await createSubmission(jsonRequest(validPayload(q, { locale })), testLeadDeps(database.db, q));
    expect(response.status).toBe(201);
    const { resultUrl } = (await response.json()) as { resultUrl: string };
    // Its emails are rendered after the response.
    await settled();
    return resultUrl.split('/').at(-1)!;
  }
  const download = (token: string, locale = 'es', extra: Partial<ReportPdfDeps> = {}) => permalinkReportPdf({ locale, token }, { ...deps, ...extra, findReport: findReportByToken });

  describe('GET /{locale}/r/{token}/report.pdf', () => {
    it('downloads the stored report as a PDF attachment that is never cached', async () => {
      const token = await submit();
      const response = await download(token);
      expect(response.status).toBe(200);
      expect(response.headers.get('content-type')).toBe('application/pdf');
      expect(response.headers.get('content-disposition')).toBe('attachment; filename="diagnostico-revops-2026-09-03.pdf"');
      expect(response.headers.get('cache-control')).toBe('private, no-store');
      const bytes = new Uint8Array(await response.arrayBuffer());
      expect(Number(response.headers.get('content-length'))).toBe(bytes.byteLength);
      expect(new TextDecoder().decode(bytes.slice(0, 5))).toBe('%PDF-');
      const [stored] = await database.db.select({ report: submissions.report, name: submissions.contactName }).from(submissions);
      const pdf = await readPdf(bytes);
      expect(pdf.pages[0]!.text).toContain(`${stored!.report.overall.score}`);
      // The permalink names no one, and neither does its PDF.
      expect(pdf.text).not.toContain(stored!.name!);
      expect(pdf.text.replace(/ /g, '')).toContain(`${SITE}/es/r/${token}`);
    });

    it('is in the stored report\'s language, with its file name', async () => {
      const token = await submit('en');
      const response = await download(token, 'es');
      expect(response.headers.get('content-disposition')).toBe('attachment; filename="revops-diagnostic-2026-09-03.pdf"');
      expect((await readPdf(new Uint8Array(await response.arrayBuffer()))).text).toContain(localize(q.ui, 'en').results.recommendations);
    });

    it('answers 404 for an unknown token or locale', async () => {
      const token = await submit();
      expect((await download('x'.repeat(32))).status).toBe(404);
      expect((await download(token, 'fr')).status).toBe(404);
      expect(await (await download('nope')).json()).toEqual({ error: 'No report has this address' });
    });

    it('refuses an address past its hourly downloads with 429 and Retry-After', async () => {
      const token = await submit();
      expect((await download(token, 'es', { perHour: 2 })).status).toBe(200);
      expect((await download('x'.repeat(32), 'es', { perHour: 2 })).status).toBe(404);
      const refused = await download(token, 'es', { perHour: 2 });
      expect(refused.status).toBe(429);
      expect(Number(refused.headers.get('retry-after'))).toBeGreaterThan(0);
      // Another address still gets its own.
      expect((await download(token, 'es', { perHour: 2, ip: '198.51.100.1' })).status).toBe(200);
    });
  });

  describe('POST /api/report.pdf', () => {
    const storedRows = async () => ({
      submissions: (await database.db.select({ n: count() }).from(submissions))[0]!.n,
      outbox: (await database.db.select({ n: count() }).from(outbox))[0]!.n,
    });

    it('makes the PDF of the posted answers with the server\'s Report, and stores nothing', async () => {
      const body = resultsBody({ locale: 'pt', contact: { name: 'João Conceição', company: 'Ação Ltda' } });
      const response = await postedReportPdf(post(body), deps);
      expect(response.status).toBe(200);
      expect(response.headers.get('content-type')).toBe('application/pdf');
      expect(response.headers.get('content-disposition')).toBe('attachment; filename="diagnostico-revops-2026-09-03.pdf"');
      expect(response.headers.get('cache-control')).toBe('private, no-store');
      const report = buildReport(q, { answers: body.answers, segment: body.segment, metricInputs: body.metricInputs ?? null }, 'pt');
      const pdf = await readPdf(new Uint8Array(await response.arrayBuffer()));
      expect(pdf.pages[0]!.text).toContain(collapse(`${report.overall.score} /100 · ${report.overall.band!.label}`));
      expect(pdf.pages[0]!.text).toContain('João Conceição · Ação Ltda');
      for (const rec of report.recommendations) expect(pdf.text).toContain(collapse(rec.title));
      expect(await storedRows()).toEqual({ submissions: 0, outbox: 0 });
    });

    it('answers 400 naming each bad field', async () => {
      const { [q.questions[0]!.id]: _left, ...answers } = resultsBody().answers;
      const missing = await postedReportPdf(post(resultsBody({ answers })), deps);
      expect(missing.status).toBe(400);
      expect(((await missing.json()) as { issues: unknown[] }).issues).toContainEqual({ path: ['answers', q.questions[0]!.id], message: 'required' });
      const segment = await postedReportPdf(post(resultsBody({ segment: { businessModel: 'lemonade-stand' } })), deps);
      expect(((await segment.json()) as { issues: { path: string[] }[] }).issues.map((i) => i.path)).toEqual([['segment', 'businessModel']]);
      const locale = await postedReportPdf(post(resultsBody({ locale: 'fr' })), deps);
      expect(locale.status).toBe(400);
      expect(((await locale.json()) as { issues: { path: string[] }[] }).issues.map((i) => i.path)).toContainEqual(['locale']);
      const name = await postedReportPdf(post(resultsBody({ contact: { name: 'x'.repeat(121) } })), deps);
      expect(((await name.json()) as { issues: { path: string[] }[] }).issues.map((i) => i.path)).toContainEqual(['contact', 'name']);
      const broken = await postedReportPdf(post(null, { raw: '{"locale":' }), deps);
      expect(broken.status).toBe(400);
    });

    it('refuses a body past the bound with 413, declared or streamed', async () => {
      const big = JSON.stringify(resultsBody({ padding: 'x'.repeat(MAX_REQUEST_BODY_BYTES) }));
      expect((await postedReportPdf(post(null, { raw: big }), deps)).status).toBe(413);
      const streamed = new Request(`${SITE}/api/report.pdf`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', origin: SITE },
        body: new ReadableStream({
          start(controller) {
            controller.enqueue(new TextEncoder().encode(big));
            controller.close();
          },
        }),
        duplex: 'half',
      } as RequestInit);
      expect(streamed.headers.get('content-length')).toBeNull();
      expect((await postedReportPdf(streamed, deps)).status).toBe(413);
    });

    it('refuses another site\'s page (403) and anything but JSON (415)', async () => {
      expect((await postedReportPdf(post(resultsBody(), { headers: { origin: 'https://evil.example' } }), deps)).status).toBe(403);
      expect((await postedReportPdf(post(null, { raw: 'locale=es', headers: { 'content-type': 'application/x-www-form-urlencoded' } }), deps)).status).toBe(415);
      // Without an Origin (not a browser's page), it is left to the rate limit.
      const bare = new Request(`${SITE}/api/report.pdf`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(resultsBody()) });
      expect((await postedReportPdf(bare, deps)).status).toBe(200);
    });

    it('refuses an address past its hourly PDFs with 429, counting downloads from permalinks too', async () => {
      const token = await submit();
      await database.db.delete(rateLimitCounters);
      const limited = { ...deps, perHour: 2 };
      expect((await postedReportPdf(post(resultsBody()), limited)).status).toBe(200);
      expect((await download(token, 'es', { perHour: 2 })).status).toBe(200);
      const refused = await postedReportPdf(post(resultsBody()), limited);
      expect(refused.status).toBe(429);
      expect(refused.headers.get('retry-after')).not.toBeNull();
    });
  });

  describe('the report email', () => {
    it('carries the report\'s PDF, with the visitor\'s name, as an attachment', async () => {
      const token = await submit();
      const [row] = await database.db.select().from(outbox).where(eq(outbox.kind, 'report'));
      expect(row!.attachments).toHaveLength(1);
      const [attachment] = row!.attachments!;
      expect(attachment!.contentType).toBe('application/pdf');
      expect(attachment!.filename).toMatch(/^diagnostico-revops-\d{4}-\d{2}-\d{2}\.pdf$/);
      const bytes = Buffer.from(attachment!.content, 'base64');
      expect(bytes.subarray(0, 5).toString('latin1')).toBe('%PDF-');
      const pdf = await readPdf(new Uint8Array(bytes));
      expect(pdf.pages[0]!.text).toContain('Ana Pérez · Acme');
      expect(pdf.text.replace(/ /g, '')).toContain(`${SITE}/es/r/${token}#call`);
      // The consultants' notice goes without it.
      const [notice] = await database.db.select().from(outbox).where(eq(outbox.kind, 'consultant'));
      expect(notice!.attachments).toBeNull();
    });

    it('carries it again when a consultant resends the report', async () => {
      await submit();
      const [stored] = await database.db.select({ id: submissions.id }).from(submissions);
      const rowId = await resendReport(database.db, stored!.id, 'c1@example.com', { questionnaire: q, siteUrl: SITE, salt: 'test-salt-0123456789' });
      const [row] = await database.db.select().from(outbox).where(eq(outbox.id, rowId));
      expect(row!.kind).toBe('resend');
      const bytes = Buffer.from(row!.attachments![0]!.content, 'base64');
      expect((await readPdf(new Uint8Array(bytes))).pages[0]!.text).toContain('Ana Pérez · Acme');
    });
  });
});
