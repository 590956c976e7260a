import { randomUUID } from 'node:crypto';
import { afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { count, desc, eq, isNull, sql } from 'drizzle-orm';
import { masterclassSignups, outbox, submissionActivity, submissions } from '../../../src/server/db/schema.ts';
import { buildReport, type Report } from '../../../src/domain/report.ts';
import { scoredOptions } from '../../../src/domain/question.ts';
import { METRIC_IDS, type MetricInputs } from '../../../src/domain/metrics.ts';
import type { Locale } from '../../../src/domain/locale.ts';
import type { Segment } from '../../../src/domain/schemas/segment.ts';
import { reportEmail } from '../../../src/server/email/templates.tsx';
import { fieldIssues } from '../../../src/server/lib/http.ts';
import { unsubscribeLinks } from '../../../src/server/lib/signed-links.ts';
import { addNote, changeStatus, csvCell, filtersToSearchParams, getSubmission, listSubmissions, masterclassCsv, resendReport, signupsBySession, type SubmissionFilters, SubmissionFiltersSchema, type SubmissionRow, submissionsCsv, submissionsCsvStream, submissionsForExport, workspaceAction, WorkspaceError } from '../../../src/server/workspace/workspace.ts';
import { realQuestionnaire } from '../../helpers/content.ts';
import { openForSuite, TEST_DATABASES } from '../../helpers/db.ts';
import type { Answers } from '../../../src/domain/scoring.ts';

const q = realQuestionnaire();

/** Answers at a maturity level 0–1 (0 = worst option everywhere, 1 = best), optionally per dimension. */
function answersAt(level: number, byDimension: Record<string, number> = {}): Answers {
  return Object.fromEntries(
    q.questions.map((question) => {
      const options = [...scoredOptions(question)].sort((a, b) => a.score - b.score);
      const l = byDimension[question.dimension] ?? level;
      // A checklist ticks a share of its options: none at 0, all of them at 1.
      if (question.kind === 'checklist') return [question.id, options.slice(0, Math.round(l * options.length)).map((o) => o.id)];
      return [question.id, options[Math.round(l * (options.length - 1))]!.id];
    }),
  );
}

const METRIC_INPUTS: MetricInputs = { period: 'month', customersAtStart: 200, customersLost: 6, mrrAtStart: 100_000, churnedMrr: 1000, contractionMrr: 0, expansionMrr: 2000 };

interface Seed {
  createdAt: string;
  locale: Locale;
  level: number;
  byDimension?: Record<string, number>;
  segment: Segment;
  masterclass: boolean;
  status: string;
  name: string;
  email: string;
  company: string | null;
  role: string | null;
  metrics?: boolean;
  /** What the answers must give, checked when seeding so the expectations below stay true if content changes. */
  band: string;
  dataQuality: number;
}

// Newest first: j i h g f e d c b a.
const SEEDS = {
  a: { createdAt: '2025-01-05T10:00:00Z', locale: 'es', level: 0, segment: { businessModel: 'saas', dealSize: 'acv-under-12k' }, masterclass: false, status: 'new', name: 'Ana Pérez', email: 'ana@example.com', company: 'Acme', role: 'CEO', metrics: true, band: 'initial', dataQuality: 0 },
  b: { createdAt: '2025-01-10T23:59:59Z', locale: 'pt', level: 0.5, segment: { businessModel: 'saas', dealSize: 'acv-12k-25k' }, masterclass: true, status: 'contacted', name: 'João Silva', email: 'joao@silva.example', company: 'Silva, Souza & "Filhos"', role: 'Diretor', band: 'developing', dataQuality: 60 },
  c: { createdAt: '2025-01-11T00:00:00Z', locale: 'en', level: 1, segment: { businessModel: 'b2b-services', dealSize: 'acv-25k-50k' }, masterclass: false, status: 'qualified', name: '=HYPERLINK("http://x")', email: 'evil@example.com', company: 'Evil Co', role: null, band: 'optimized', dataQuality: 100 },
  d: { createdAt: '2025-02-01T12:00:00Z', locale: 'es', level: 0.5, byDimension: { 'data-quality': 0 }, segment: { businessModel: 'ecommerce', dealSize: 'acv-under-12k' }, masterclass: true, status: 'won', name: '<script>alert(1)</script>', email: 'xss@example.com', company: null, role: null, metrics: true, band: 'developing', dataQuality: 0 },
  e: { createdAt: '2025-02-14T09:00:00Z', locale: 'en', level: 1, byDimension: { 'data-quality': 0.5 }, segment: { businessModel: 'saas' }, masterclass: false, status: 'lost', name: '+Plus Person', email: 'plus@example.com', company: '-Minus Corp', role: '@admin', band: 'optimized', dataQuality: 60 },
  f: { createdAt: '2025-02-28T23:00:00Z', locale: 'pt', level: 0.75, segment: {}, masterclass: true, status: 'new', name: '\tTabbed Name', email: 'f@example.com', company: 'Studio 500', role: '\rCarriage', band: 'defined', dataQuality: 80 },
  g: { createdAt: '2025-03-01T00:30:00Z', locale: 'es', level: 0, segment: { businessModel: 'saas', dealSize: 'acv-under-12k' }, masterclass: false, status: 'new', name: 'María 50% Ruiz', email: 'maria_r@example.com', company: 'Ruiz SL', role: null, band: 'initial', dataQuality: 0 },
  h: { createdAt: '2025-03-15T15:00:00Z', locale: 'en', level: 1, segment: { businessModel: 'b2b-services', dealSize: 'acv-under-12k' }, masterclass: true, status: 'contacted', name: 'Bob Builder', email: 'bob@acme.example', company: 'Builder Inc', role: null, band: 'optimized', dataQuality: 100 },
  i: { createdAt: '2025-04-02T08:00:00Z', locale: 'es', level: 0.25, segment: { businessModel: 'other', dealSize: 'acv-over-250k' }, masterclass: false, status: 'qualified', name: 'Pedro ACME Santos', email: 'pedro@example.org', company: null, role: null, band: 'developing', dataQuality: 30 },
  j: { createdAt: '2025-04-20T18:00:00Z', locale: 'pt', level: 0.75, byDimension: { 'data-quality': 0.25 }, segment: { businessModel: 'b2c-subscription', dealSize: 'acv-12k-25k' }, masterclass: false, status: 'new', name: 'Zoe Quinn', email: 'zoe@example.net', company: 'Quinn & Co', role: null, band: 'defined', dataQuality: 30 },
} satisfies Record<string, Seed>;
type Key = keyof typeof SEEDS;
const NEWEST_FIRST: Key[] = ['j', 'i', 'h', 'g', 'f', 'e', 'd', 'c', 'b', 'a'];
const CALLED: Key[] = ['h', 'e'];

const parseFilters = (params: Record<string, string>): SubmissionFilters => SubmissionFiltersSchema.parse(params);

/** RFC 4180 reader, to check the export the way a spreadsheet would read it. */
function readCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let cell = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const char = text[i]!;
    if (quoted) {
      if (char === '"' && text[i + 1] === '"') {
        cell += '"';
        i++;
      } else if (char === '"') quoted = false;
      else cell += char;
    } else if (char === '"') quoted = true;
    else if (char === ',') {
      row.push(cell);
      cell = '';
    } else if (char === '\r' && text[i + 1] === '\n') {
      row.push(cell);
      rows.push(row);
      row = [];
      cell = '';
      i++;
    } else if (char === '\r' || char === '\n') throw new Error(`bare line break outside quotes at ${i}`);
    else cell += char;
  }
  if (cell !== '' || row.length > 0) throw new Error('last record is not terminated by CRLF');
  return rows;
}

describe.each(TEST_DATABASES)('consultants workspace on $name', (testDb) => {
  const database = openForSuite(testDb);
  let ids: Record<Key, string>;
  const keyOf = (id: string) => (Object.entries(ids).find(([, value]) => value === id)?.[0] ?? id) as Key;
  const keys = (rows: { id: string }[]) => rows.map((r) => keyOf(r.id));

  async function seed(): Promise<void> {
    const db = database.db;
    await db.delete(submissionActivity);
    await db.delete(outbox);
    await db.delete(masterclassSignups);
    await db.delete(submissions);
    const entries = Object.entries(SEEDS) as [Key, Seed][];
    const inserted = await db
      .insert(submissions)
      .values(
        entries.map(([key, s]) => {
          const answers = answersAt(s.level, s.byDimension);
          const metricInputs = s.metrics ? METRIC_INPUTS : null;
          const report = buildReport(q, { answers, segment: s.segment, metricInputs }, s.locale);
          return {
            token: randomUUID(),
            idempotencyKey: randomUUID(),
            locale: s.locale,
            answers,
            metricInputs,
            segment: s.segment,
            report,
            questionnaireVersion: q.version,
            overallScore: report.overall.score,
            band: report.overall.band?.id ?? null,
            contactName: s.name,
            contactEmail: s.email,
            contactCompany: s.company,
            contactRole: s.role,
            companySize: 'size-11-50',
            consentAt: new Date(s.createdAt),
            // Ana (a) agreed to be contacted; b came from a LinkedIn campaign.
            consents: key === 'a' ? { report: { at: s.createdAt, version: 'es-test' }, contact: { at: s.createdAt, version: 'es-test' } } : { report: { at: s.createdAt, version: 'es-test' } },
            ...(key === 'b' ? { firstTouch: { source: 'linkedin', medium: 'social', campaign: 'q1-revops', referrer: 'https://www.linkedin.com/', landingPath: '/es/' } } : {}),
            masterclass: s.masterclass,
            // Two of them asked for a call, a day after their diagnostic.
            ...(CALLED.includes(key) ? { callRequest: { days: ['mon' as const], windows: ['morning' as const], timeZone: 'Europe/Madrid', phone: null }, callRequestedAt: new Date(Date.parse(s.createdAt) + 86_400_000) } : {}),
            startedAt: new Date(Date.parse(s.createdAt) - 600_000),
            ipHash: 'hash',
            status: s.status,
            createdAt: new Date(s.createdAt),
          };
        }),
      )
      .returning({ id: submissions.id, band: submissions.band, report: submissions.report });
    ids = Object.fromEntries(entries.map(([key], i) => [key, inserted[i]!.id])) as Record<Key, string>;
    entries.forEach(([key, s], i) => {
      const row = inserted[i]!;
      expect({ key, band: row.band, dataQuality: row.report.dimensions.find((d) => d.id === 'data-quality')?.score }).toEqual({ key, band: s.band, dataQuality: s.dataQuality });
    });
  }

  const activity = async (id: string) => database.db.select().from(submissionActivity).where(eq(submissionActivity.submissionId, id));
  /** The export as a download reads it: every byte, the BOM kept. */
  const streamedCsv = async (filters: Partial<SubmissionFilters>, batchSize: number) =>
    new TextDecoder('utf-8', { ignoreBOM: true }).decode(await new Response(await submissionsCsvStream(database.db, filters, q, { batchSize })).arrayBuffer());


  describe('listing and filtering', () => {
    beforeAll(seed);

    const list = async (params: Record<string, string>, pageSize = 25) => listSubmissions(database.db, parseFilters(params), { pageSize });

    it('lists every submission newest first without filters', async () => {
      const page = await list({});
      expect(keys(page.rows)).toEqual(NEWEST_FIRST);
      expect(page).toMatchObject({ total: 10, page: 1, pageCount: 1 });
    });

    it('gives each row its band label, weakest dimension and segment from the stored report', async () => {
      const { rows } = await list({ q: 'xss@' });
      const stored = (await database.db.select({ report: submissions.report }).from(submissions).where(eq(submissions.id, ids.d)))[0]!.report;
      const dataQuality = stored.dimensions.find((d) => d.id === 'data-quality')!;
      expect(rows).toEqual([
        {
          id: ids.d,
          createdAt: new Date('2025-02-01T12:00:00Z'),
          name: '<script>alert(1)</script>',
          email: 'xss@example.com',
          company: null,
          locale: 'es',
          overallScore: stored.overall.score,
          band: 'developing',
          bandLabel: stored.overall.band!.label,
          weakest: { id: 'data-quality', name: dataQuality.name, score: 0 },
          masterclass: true,
          callRequestedAt: null,
          status: 'won',
          segment: { businessModel: 'ecommerce', dealSize: 'acv-under-12k' },
        },
      ]);
      expect(rows[0]!.bandLabel).toBe('En desarrollo');
    });

    it('takes the first dimension in questionnaire order as the weakest on a tie', async () => {
      const { rows } = await list({ q: 'ana@example.com' });
      expect(rows[0]!.weakest).toMatchObject({ id: q.dimensions[0]!.id, score: 0 });
    });

    const cases: [string, Record<string, string>, Key[]][] = [
      ['one inclusive UTC day, up to its last second', { from: '2025-01-10', to: '2025-01-10' }, ['b']],
      ['a range whose last day ends at midnight UTC', { from: '2025-02-28', to: '2025-03-01' }, ['g', 'f']],
      ['only an end day', { to: '2025-01-10' }, ['b', 'a']],
      ['only a start day', { from: '2025-04-01' }, ['j', 'i']],
      ['the overall band', { band: 'developing' }, ['i', 'd', 'b']],
      ['another overall band', { band: 'optimized' }, ['h', 'e', 'c']],
      ['the business model', { businessModel: 'saas' }, ['g', 'e', 'b', 'a']],
      ['the deal size', { dealSize: 'acv-under-12k' }, ['h', 'g', 'd', 'a']],
      ['business model and deal size together', { businessModel: 'saas', dealSize: 'acv-under-12k' }, ['g', 'a']],
      ['the locale', { locale: 'pt' }, ['j', 'f', 'b']],
      ['masterclass yes', { masterclass: 'yes' }, ['h', 'f', 'd', 'b']],
      ['masterclass no', { masterclass: 'no' }, ['j', 'i', 'g', 'e', 'c', 'a']],
      ['a call requested', { call: 'yes' }, ['h', 'e']],
      ['no call requested', { call: 'no' }, ['j', 'i', 'g', 'f', 'd', 'c', 'b', 'a']],
      ['the status', { status: 'new' }, ['j', 'g', 'f', 'a']],
      ['a dimension strictly below a score', { dimension: 'data-quality', below: '60' }, ['j', 'i', 'g', 'd', 'a']],
      ['a dimension below a decimal score', { dimension: 'data-quality', below: '60.5' }, ['j', 'i', 'g', 'e', 'd', 'b', 'a']],
      ['a dimension below 0 (nothing)', { dimension: 'data-quality', below: '0' }, []],
      ['a dimension id that no report has', { dimension: 'made-up', below: '100' }, []],
      ['search in the company, any case', { q: 'aCmE' }, ['i', 'h', 'a']],
      ['search in the email', { q: 'EXAMPLE.ORG' }, ['i']],
      ['source, part of the first touch’s utm_source, any case', { source: 'LinkedIn' }, ['b']],
      ['source, part of the referring site', { source: 'linkedin.com' }, ['b']],
      ['a source nobody came from', { source: 'newsletter' }, []],
      ['search with a comma and quotes', { q: 'souza & "filhos"' }, ['b']],
      ['search for a literal %', { q: '50%' }, ['g']],
      ['search for a literal _', { q: '_' }, ['g']],
      ['search with spaces around it', { q: '  ruiz ' }, ['g']],
      ['search that looks like SQL', { q: "' or 1=1 --" }, []],
      ['combined filters', { businessModel: 'saas', masterclass: 'no', status: 'new' }, ['g', 'a']],
      ['locale and band', { locale: 'es', band: 'initial' }, ['g', 'a']],
      ['band, dimension and date', { band: 'defined', dimension: 'data-quality', below: '50', from: '2025-04-01' }, ['j']],
      ['empty strings as unset', { from: '', to: '', band: '', q: '', status: '', page: '' }, NEWEST_FIRST],
    ];
    it.each(cases)('filters by %s', async (_, params, expected) => {
      const page = await list(params);
      expect(keys(page.rows)).toEqual(expected);
      expect(page.total).toBe(expected.length);
    });

    it('pages the list with total and page count', async () => {
      expect(await list({}, 3).then((p) => ({ keys: keys(p.rows), total: p.total, page: p.page, pageCount: p.pageCount }))).toEqual({ keys: ['j', 'i', 'h'], total: 10, page: 1, pageCount: 4 });
      expect(keys((await list({ page: '2' }, 3)).rows)).toEqual(['g', 'f', 'e']);
      expect(keys((await list({ page: '4' }, 3)).rows)).toEqual(['a']);
      const beyond = await list({ page: '5' }, 3);
      expect(beyond).toMatchObject({ rows: [], total: 10, page: 5, pageCount: 4 });
    });

    it('pages a filtered list', async () => {
      const second = await list({ status: 'new', page: '2' }, 3);
      expect({ keys: keys(second.rows), total: second.total, pageCount: second.pageCount }).toEqual({ keys: ['a'], total: 4, pageCount: 2 });
    });

    it('counts an empty result as one page', async () => {
      expect(await list({ q: 'nobody' })).toEqual({ rows: [], total: 0, page: 1, pageCount: 1 });
    });

    it('exports every matching submission, ignoring the page, batch after batch', async () => {
      const batches = await Array.fromAsync(submissionsForExport(database.db, parseFilters({ masterclass: 'yes', page: '3' }), { batchSize: 3 }));
      expect(batches.map(keys)).toEqual([['h', 'f', 'd'], ['b']]);
      expect(batches[0]![0]!.band).toBe('optimized');
    });

    it('streams the bytes submissionsCsv writes from the whole stored rows, whatever the batch size', async () => {
      const stored = await database.db.select().from(submissions).where(isNull(submissions.erasedAt)).orderBy(desc(submissions.createdAt), desc(submissions.id));
      const expected = submissionsCsv(stored, q);
      for (const batchSize of [1, 4, 10, 1000]) expect(await streamedCsv({}, batchSize), `batches of ${batchSize}`).toBe(expected);
      expect(await streamedCsv({ status: 'new' }, 2)).toBe(submissionsCsv(stored.filter((row) => row.status === 'new'), q));
    });

    describe('the CSV export', () => {
      let csv: string;
      let table: string[][];
      let exported: SubmissionRow[];
      const column = (name: string) => table[0]!.indexOf(name);
      const cellOf = (key: Key, name: string) => table.find((r) => r[0] === ids[key])![column(name)];

      beforeAll(async () => {
        exported = await database.db.select().from(submissions).orderBy(desc(submissions.createdAt), desc(submissions.id));
        csv = await streamedCsv({}, 4);
        table = readCsv(csv.slice(1));
      });

      it('starts with a BOM and ends every record with CRLF', () => {
        expect(csv.startsWith('\uFEFFid,created_at,')).toBe(true);
        expect(csv.endsWith('\r\n')).toBe(true);
        expect(csv.replace(/"(?:[^"]|"")*"/g, '').match(/\n/g)?.length).toBe(11);
        expect(csv.replace(/"(?:[^"]|"")*"/g, '')).not.toMatch(/[^\r]\n|\r[^\n]/);
      });

      it('has the header, then one row per submission in list order', () => {
        expect(table[0]).toEqual([
          'id',
          'created_at',
          'name',
          'email',
          'company',
          'role',
          'company_size',
          'locale',
          'status',
          'contact_consent_at',
          'masterclass',
          'call_requested_at',
          'utm_source',
          'utm_medium',
          'utm_campaign',
          'utm_term',
          'utm_content',
          'referrer',
          'landing_path',
          'business_model',
          'deal_size',
          'overall_score',
          'band',
          ...q.dimensions.map((d) => `score_${d.id}`),
          'currency',
          ...METRIC_IDS.map((m) => `metric_${m}`),
        ]);
        expect(table).toHaveLength(11);
        expect(table.slice(1).map((r) => keyOf(r[0]!))).toEqual(NEWEST_FIRST);
        expect(table.every((r) => r.length === table[0]!.length)).toBe(true);
      });

      it('writes plain fields as they are', () => {
        const a = table.find((r) => r[0] === ids.a)!;
        expect(a.slice(0, 23)).toEqual([
          ids.a, '2025-01-05T10:00:00.000Z', 'Ana Pérez', 'ana@example.com', 'Acme', 'CEO', 'size-11-50', 'es', 'new', '2025-01-05T10:00:00Z', 'no', '',
          '', '', '', '', '', '', '', 'saas', 'acv-under-12k', '0', 'initial',
        ]);
        expect(cellOf('b', 'contact_consent_at'), 'not agreed to be contacted').toBe('');
        expect(['utm_source', 'utm_medium', 'utm_campaign', 'referrer', 'landing_path'].map((column) => cellOf('b', column))).toEqual(['linkedin', 'social', 'q1-revops', 'https://www.linkedin.com/', '/es/']);
        expect(cellOf('b', 'masterclass')).toBe('yes');
        expect(cellOf('h', 'call_requested_at')).toBe('2025-03-16T15:00:00.000Z');
        expect(cellOf('f', 'business_model')).toBe('');
        expect(cellOf('f', 'deal_size')).toBe('');
        expect(cellOf('d', 'company')).toBe('');
      });

      it('quotes a field with a comma and quotes, doubling the quotes', () => {
        expect(csv).toContain(',"Silva, Souza & ""Filhos""",');
        expect(cellOf('b', 'company')).toBe('Silva, Souza & "Filhos"');
      });

      it('neutralises a formula in a name with a leading quote', () => {
        expect(csv).toContain(`,"'=HYPERLINK(""http://x"")",`);
        expect(cellOf('c', 'name')).toBe(`'=HYPERLINK("http://x")`);
      });

      it('neutralises text starting with +, -, @, tab or CR', () => {
        expect(cellOf('e', 'name')).toBe("'+Plus Person");
        expect(cellOf('e', 'company')).toBe("'-Minus Corp");
        expect(cellOf('e', 'role')).toBe("'@admin");
        expect(cellOf('f', 'name')).toBe("'\tTabbed Name");
        expect(cellOf('f', 'role')).toBe("'\rCarriage");
        expect(csv).toContain(`,"'\rCarriage",`);
      });

      it('leaves markup alone: a CSV is not HTML', () => {
        expect(cellOf('d', 'name')).toBe('<script>alert(1)</script>');
      });

      it('writes scores and metrics as raw numbers, empty when missing', () => {
        const a = exported.find((r) => r.id === ids.a)!;
        for (const d of a.report.dimensions) expect(cellOf('a', `score_${d.id}`)).toBe(String(d.score));
        expect(cellOf('c', 'overall_score')).toBe('100');
        expect(cellOf('c', 'score_data-quality')).toBe('100');
        const churn = a.report.metrics.find((m) => m.id === 'monthlyChurnRate')!;
        expect(churn.value).toBeCloseTo(0.03);
        expect(cellOf('a', 'metric_monthlyChurnRate')).toBe(String(churn.value));
        for (const m of a.report.metrics) expect(cellOf('a', `metric_${m.id}`)).toBe(m.value === null ? '' : String(m.value));
        expect(METRIC_IDS.map((m) => cellOf('c', `metric_${m}`))).toEqual(METRIC_IDS.map(() => ''));
      });

      it('names the currency of the money metrics, empty when the visitor chose none', () => {
        const a = exported.find((r) => r.id === ids.a)!;
        expect(cellOf('a', 'currency')).toBe(a.report.currency ?? '');
        const withCurrency = readCsv(submissionsCsv([{ ...a, report: { ...a.report, currency: 'MXN' } }], q).slice(1));
        expect(withCurrency[1]![withCurrency[0]!.indexOf('currency')]).toBe('MXN');
        expect(withCurrency[1]![withCurrency[0]!.indexOf('metric_cac')]).toBe(cellOf('a', 'metric_cac'));
      });

      it('keeps a negative number a number, not neutralised text', () => {
        const a = exported.find((r) => r.id === ids.a)!;
        const report: Report = { ...a.report, metrics: a.report.metrics.map((m) => (m.id === 'nrr' ? { ...m, value: -0.25 } : m)) };
        const rows = readCsv(submissionsCsv([{ ...a, report }], q).slice(1));
        expect(rows[1]![rows[0]!.indexOf('metric_nrr')]).toBe('-0.25');
      });

      it('leaves the report\'s cells empty for a row whose stored report cannot be read, keeping the row', () => {
        const a = exported.find((r) => r.id === ids.a)!;
        const broken = { ...a, report: { ...a.report, dimensions: 'unreadable' } as unknown as Report };
        const rows = readCsv(submissionsCsv([broken, exported.find((r) => r.id === ids.c)!], q).slice(1));
        const cell = (row: string[], name: string) => row[rows[0]!.indexOf(name)];
        expect(rows).toHaveLength(3);
        expect([cell(rows[1]!, 'id'), cell(rows[1]!, 'email'), cell(rows[1]!, 'overall_score')]).toEqual([ids.a, 'ana@example.com', cellOf('a', 'overall_score')]);
        const reportColumns = rows[0]!.filter((name) => name.startsWith('score_') || name.startsWith('metric_') || name === 'currency');
        expect(reportColumns.map((name) => cell(rows[1]!, name))).toEqual(reportColumns.map(() => ''));
        expect(cellOf('a', 'metric_monthlyChurnRate')).not.toBe('');
        expect(cell(rows[2]!, 'score_data-quality')).toBe('100');
      });

      it('writes only the header for no submissions', () => {
        expect(submissionsCsv([], q).split('\r\n')).toHaveLength(2);
      });
    });
  });

  describe('the export’s batches', () => {
    beforeEach(seed);

    it('writes what submissionsCsv writes from the whole Report for older shapes and unreadable Reports too', async () => {
      const reportOf = async (id: string) => (await database.db.select({ report: submissions.report }).from(submissions).where(eq(submissions.id, id)))[0]!.report as unknown as Record<string, unknown>;
      const damage = async (id: string, change: (report: Record<string, unknown>) => void) => {
        const report = await reportOf(id);
        change(report);
        await database.db.update(submissions).set({ report: report as unknown as Report }).where(eq(submissions.id, id));
      };
      // Shape 1: no version and no currency (read as none).
      await damage(ids.a, (r) => {
        delete r.shapeVersion;
        delete r.currency;
      });
      await damage(ids.b, (r) => void (r.shapeVersion = 3));
      await damage(ids.c, (r) => void (r.dimensions = 'unreadable'));
      await damage(ids.d, (r) => void (r.metrics = [5, ...(r.metrics as unknown[])]));
      await damage(ids.e, (r) => void (r.dimensions = [{ id: 'alignment' }]));
      const stored = await database.db.select().from(submissions).orderBy(desc(submissions.createdAt), desc(submissions.id));
      const expected = submissionsCsv(stored, q);
      expect(await streamedCsv({}, 3)).toBe(expected);
      const table = readCsv(expected.slice(1));
      const row = (key: Key) => table.find((r) => r[0] === ids[key])!;
      const scoreColumn = table[0]!.indexOf(`score_${q.dimensions[0]!.id}`);
      expect(row('a')[scoreColumn], 'shape 1 is read').not.toBe('');
      for (const key of ['b', 'c', 'd', 'e'] as const) expect(row(key)[scoreColumn], `${key} is not read`).toBe('');
    });

    it('reads each row once across batches when rows share a time to the microsecond', async () => {
      const same = [ids.a, ids.c, ids.e, ids.g, ids.i];
      await database.db.execute(sql`update submissions set created_at = '2025-06-01 12:00:00.123456+00' where id in (${sql.join(same.map((id) => sql`${id}::uuid`), sql`, `)})`);
      const expected = (await database.db.select({ id: submissions.id }).from(submissions).orderBy(desc(submissions.createdAt), desc(submissions.id))).map((r) => r.id);
      for (const batchSize of [1, 2, 3]) {
        const batches = await Array.fromAsync(submissionsForExport(database.db, {}, { batchSize }));
        expect(batches.flat().map((r) => r.id), `batches of ${batchSize}`).toEqual(expected);
      }
    });
  });

  describe('one submission', () => {
    beforeEach(seed);

    it('returns nothing for an id that is not a UUID, without querying', async () => {
      expect(await getSubmission(database.db, 'not-a-uuid')).toBeNull();
      expect(await getSubmission(database.db, "'; drop table submissions; --")).toBeNull();
      expect(await getSubmission(database.db, randomUUID())).toBeNull();
    });

    it('returns the full row with an empty history', async () => {
      const found = await getSubmission(database.db, ids.b);
      expect(found).toMatchObject({ id: ids.b, contactName: 'João Silva', contactRole: 'Diretor', status: 'contacted', activity: [] });
      expect(found!.report!.overall.band?.id).toBe('developing');
      expect(found!.reportError).toBeNull();
    });

    describe('whose stored report cannot be read', () => {
      const breakReport = async (id: string) => {
        const [row] = await database.db.select({ report: submissions.report }).from(submissions).where(eq(submissions.id, id));
        const broken = { ...row!.report, metrics: row!.report.metrics.map((m, i) => (i === 1 ? { ...m, value: 'n/a' } : m)) } as unknown as Report;
        await database.db.update(submissions).set({ report: broken }).where(eq(submissions.id, id));
      };
      let logged: ReturnType<typeof vi.spyOn>;
      beforeEach(() => {
        logged = vi.spyOn(console, 'error').mockImplementation(() => {});
      });
      afterEach(() => logged.mockRestore());

      it('returns the rest of the submission, with no report and the reason, logged', async () => {
        await breakReport(ids.a);
        const found = await getSubmission(database.db, ids.a);
        expect(found).toMatchObject({ id: ids.a, contactName: 'Ana Pérez', contactEmail: 'ana@example.com', report: null, reportError: 'metrics.1.value: Invalid input: expected number, received string' });
        expect(found!.answerSheet).toBeDefined();
        expect(logged).toHaveBeenCalledWith(`[workspace] submission ${ids.a}: stored report unreadable: metrics.1.value: Invalid input: expected number, received string`);
      });

      it('refuses to resend it, naming the report, and records nothing', async () => {
        await breakReport(ids.a);
        const error = await resendReport(database.db, ids.a, 'c@example.com', { questionnaire: q, siteUrl: 'https://x.example', salt: 'test-salt-0123456789' }).catch((e: unknown) => e);
        expect(error).toBeInstanceOf(WorkspaceError);
        expect(error).toMatchObject({ code: 'invalid', field: 'report', message: expect.stringContaining('metrics.1.value') });
        expect(await database.db.select().from(outbox)).toHaveLength(0);
        expect(await activity(ids.a)).toHaveLength(0);
      });

      it('still lists it, without a weakest dimension when its dimensions cannot be read', async () => {
        await database.db.update(submissions).set({ report: { shapeVersion: 2, dimensions: { alignment: 10 } } as unknown as Report }).where(eq(submissions.id, ids.a));
        const { rows } = await listSubmissions(database.db, { q: 'ana@example.com' });
        expect(rows).toHaveLength(1);
        expect(rows[0]).toMatchObject({ id: ids.a, weakest: null, bandLabel: null });
      });
    });

    it('records a status change as exactly one activity row', async () => {
      expect(await changeStatus(database.db, ids.a, 'contacted', 'consultant@example.com')).toEqual({ changed: true, from: 'new', to: 'contacted' });
      const rows = await activity(ids.a);
      expect(rows).toHaveLength(1);
      expect(rows[0]).toMatchObject({ kind: 'status', fromStatus: 'new', toStatus: 'contacted', actor: 'consultant@example.com', note: null });
      expect((await getSubmission(database.db, ids.a))!.status).toBe('contacted');
    });

    it('changes nothing and records nothing when the status is the same', async () => {
      expect(await changeStatus(database.db, ids.b, 'contacted', 'consultant@example.com')).toEqual({ changed: false, from: 'contacted', to: 'contacted' });
      expect(await activity(ids.b)).toHaveLength(0);
    });

    it('refuses an unknown status, naming the allowed ones', async () => {
      const error = await changeStatus(database.db, ids.a, 'archived', 'consultant@example.com').catch((e: unknown) => e);
      expect(error).toBeInstanceOf(WorkspaceError);
      expect(error).toMatchObject({ code: 'invalid', field: 'status' });
      expect((error as Error).message).toBe('Unknown status "archived": must be one of new, contacted, qualified, won, lost');
      expect((await getSubmission(database.db, ids.a))!.status).toBe('new');
      expect(await activity(ids.a)).toHaveLength(0);
    });

    it('reports an unknown submission as not found', async () => {
      await expect(changeStatus(database.db, randomUUID(), 'won', 'c@example.com')).rejects.toMatchObject({ code: 'not-found' });
      await expect(changeStatus(database.db, 'nope', 'won', 'c@example.com')).rejects.toMatchObject({ code: 'not-found' });
      await expect(addNote(database.db, randomUUID(), 'hello', 'c@example.com')).rejects.toMatchObject({ code: 'not-found' });
      await expect(resendReport(database.db, randomUUID(), 'c@example.com', { questionnaire: q, siteUrl: 'https://x.example', salt: 'test-salt-0123456789' })).rejects.toMatchObject({ code: 'not-found' });
      expect((await database.db.select({ n: count() }).from(submissionActivity))[0]!.n).toBe(0);
    });

    it('adds a trimmed note', async () => {
      const row = await addNote(database.db, ids.c, '  Called, will buy.  \n', 'consultant@example.com');
      expect(row).toMatchObject({ submissionId: ids.c, kind: 'note', note: 'Called, will buy.', actor: 'consultant@example.com' });
      expect(await activity(ids.c)).toHaveLength(1);
    });

    it('accepts a note of 5000 characters and refuses an empty one or one of 5001', async () => {
      await expect(addNote(database.db, ids.c, 'x'.repeat(5000), 'c@example.com')).resolves.toMatchObject({ kind: 'note' });
      await expect(addNote(database.db, ids.c, ' \n\t ', 'c@example.com')).rejects.toMatchObject({ code: 'invalid', field: 'note', message: 'Note required: write something' });
      await expect(addNote(database.db, ids.c, 'x'.repeat(5001), 'c@example.com')).rejects.toMatchObject({ code: 'invalid', field: 'note', message: 'Note must be at most 5000 characters' });
      expect(await activity(ids.c)).toHaveLength(1);
    });

    it('lists the history newest first', async () => {
      await changeStatus(database.db, ids.a, 'contacted', 'one@example.com');
      await addNote(database.db, ids.a, 'First call done', 'two@example.com');
      await changeStatus(database.db, ids.a, 'won', 'one@example.com');
      const found = await getSubmission(database.db, ids.a);
      expect(found!.activity.map((a) => [a.kind, a.toStatus ?? a.note])).toEqual([
        ['status', 'won'],
        ['note', 'First call done'],
        ['status', 'contacted'],
      ]);
    });

    describe("the submission page's form posts (workspaceAction)", () => {
      const act = (id: string, fields: Record<string, string>, db = async () => database.db) =>
        workspaceAction(db, new Request('http://x/', { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: new URLSearchParams(fields).toString() }), {
          id,
          actor: 'c@example.com',
          questionnaire: q,
          siteUrl: 'https://x.example',
          salt: 'test-salt-0123456789',
        });

      it('does each action and says which', async () => {
        expect(await act(ids.a, { action: 'status', status: 'won' })).toEqual({ kind: 'ok', value: 'status' });
        expect(await act(ids.a, { action: 'note', note: 'Signed' })).toEqual({ kind: 'ok', value: 'note' });
        expect(await act(ids.a, { action: 'resend' })).toEqual({ kind: 'ok', value: 'resend' });
        expect((await activity(ids.a)).map((a) => a.kind).sort()).toEqual(['note', 'resend', 'status']);
      });

      it('refuses a bad field as invalid, naming it (status, note, or an unknown action), and changes nothing', async () => {
        const field = async (fields: Record<string, string>) => {
          const outcome = await act(ids.a, fields);
          return outcome.kind === 'invalid' ? outcome.issues.map((i) => i.path.join('.')) : outcome.kind;
        };
        expect(await field({ action: 'status', status: 'archived' })).toEqual(['status']);
        expect(await field({ action: 'note', note: '  ' })).toEqual(['note']);
        expect(await field({ action: 'note' })).toEqual(['note']);
        expect(await field({ action: 'delete' })).toEqual(['action']);
        expect(await field({})).toEqual(['action']);
        expect(await activity(ids.a)).toHaveLength(0);
      });

      it('answers not-found for an unknown submission, whatever the action', async () => {
        for (const fields of [{ action: 'status', status: 'won' }, { action: 'note', note: 'x' }, { action: 'resend' }] as Record<string, string>[]) {
          expect((await act(randomUUID(), fields)).kind).toBe('not-found');
        }
      });

      it('answers unavailable when the database is down', async () => {
        expect(await act(ids.a, { action: 'note', note: 'x' }, () => Promise.reject(new Error('connect ECONNREFUSED')))).toMatchObject({ kind: 'unavailable' });
      });

      it('refuses a form over 64 KB as too large, before acting', async () => {
        expect((await act(ids.a, { action: 'note', note: 'x'.repeat(70_000) })).kind).toBe('too-large');
        expect(await activity(ids.a)).toHaveLength(0);
      });
    });

    it('queues the stored report again to the submission email, with one resend activity row', async () => {
      // The stored Report is what the visitor saw; the resend must not rescore it.
      const [before] = await database.db.select().from(submissions).where(eq(submissions.id, ids.d));
      const stored: Report = { ...before!.report, overall: { ...before!.report.overall, score: 42 } };
      await database.db.update(submissions).set({ report: stored }).where(eq(submissions.id, ids.d));

      const outboxId = await resendReport(database.db, ids.d, 'consultant@example.com', { questionnaire: q, siteUrl: 'https://diagnostico.example/', salt: 'test-salt-0123456789' });
      const queued = await database.db.select().from(outbox);
      expect(queued).toHaveLength(1);
      const expected = reportEmail({
        report: stored,
        questionnaire: q,
        name: '<script>alert(1)</script>',
        email: 'xss@example.com',
        permalink: `https://diagnostico.example/es/r/${before!.token}`,
        masterclassUrl: `https://diagnostico.example/es/masterclass/?r=${before!.token}`,
        // "Take it again", as in the first email; no change: it is this address's only submission.
        retakeUrl: `https://diagnostico.example/diagnostico/?retake=${before!.token}`,
        unsubscribe: unsubscribeLinks('https://diagnostico.example/', 'es', 'xss@example.com', 'test-salt-0123456789'),
      });
      // A resend is not a reply to something the prospect just asked for: its own kind, which an unsubscribe stops.
      expect(queued[0]).toMatchObject({ id: outboxId, kind: 'resend', to: ['xss@example.com'], submissionId: ids.d, sentAt: null, ...expected });
      expect(queued[0]!.headers).toEqual({
        'List-Unsubscribe': `<${unsubscribeLinks('https://diagnostico.example', 'es', 'xss@example.com', 'test-salt-0123456789').oneClickUrl}>`,
        'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click',
      });
      expect(queued[0]!.subject).toContain('42');
      expect(queued[0]!.html).toContain(`https://diagnostico.example/es/r/${before!.token}`);
      const rows = await activity(ids.d);
      expect(rows).toHaveLength(1);
      expect(rows[0]).toMatchObject({ kind: 'resend', actor: 'consultant@example.com' });
    });
  });
});

describe('SubmissionFiltersSchema', () => {
  const issuesOf = (params: Record<string, string>) => {
    const parsed = SubmissionFiltersSchema.safeParse(params);
    if (parsed.success) throw new Error(`expected ${JSON.stringify(params)} to be refused`);
    const issues = fieldIssues(parsed.error.issues).map((i) => [i.path.join('.'), i.message] as const);
    const byField = Object.fromEntries(issues);
    expect(Object.keys(byField)).toHaveLength(issues.length);
    return byField;
  };

  it('parses every filter from strings', () => {
    expect(
      SubmissionFiltersSchema.parse({
        from: '2025-01-01',
        to: '2025-01-31',
        band: 'defined',
        businessModel: 'saas',
        dealSize: 'acv-under-12k',
        locale: 'pt',
        masterclass: 'yes',
        status: 'qualified',
        dimension: 'data-quality',
        below: '49.5',
        q: '  acme  ',
        page: '3',
        utm_source: 'ignored',
      }),
    ).toEqual({ from: '2025-01-01', to: '2025-01-31', band: 'defined', businessModel: 'saas', dealSize: 'acv-under-12k', locale: 'pt', masterclass: 'yes', status: 'qualified', dimension: 'data-quality', below: 49.5, q: 'acme', page: 3 });
  });

  it('treats empty and blank values as unset and defaults to page 1', () => {
    expect(SubmissionFiltersSchema.parse({ from: '', q: '   ', status: '', page: '' })).toEqual({ page: 1 });
    expect(SubmissionFiltersSchema.parse({})).toEqual({ page: 1 });
  });

  it('reads URLSearchParams directly', () => {
    expect(SubmissionFiltersSchema.parse(new URLSearchParams('status=won&page=2&q='))).toEqual({ status: 'won', page: 2 });
  });

  it('names each invalid field with its reason', () => {
    expect(
      issuesOf({ from: '2025-13-01', to: 'yesterday', band: 'Top Band', locale: 'fr', masterclass: 'maybe', status: 'archived', page: '0', q: 'x'.repeat(201) }),
    ).toEqual({
      from: 'must be a date as YYYY-MM-DD, e.g. 2025-02-28',
      to: 'must be a date as YYYY-MM-DD, e.g. 2025-02-28',
      band: 'must be lowercase words joined by hyphens, e.g. "data-quality"',
      locale: 'must be one of: es, pt, en',
      masterclass: 'must be yes or no',
      status: 'must be one of: new, contacted, qualified, won, lost',
      page: 'must be a whole number, 1 or more',
      q: 'must be at most 200 characters',
    });
    expect(issuesOf({ from: '2025-02-30' })).toEqual({ from: 'must be a date as YYYY-MM-DD, e.g. 2025-02-28' });
    expect(issuesOf({ page: '1.5' })).toEqual({ page: 'must be a whole number, 1 or more' });
    expect(issuesOf({ page: 'two' })).toEqual({ page: 'must be a whole number, 1 or more' });
  });

  it('refuses below without a dimension, and a dimension without below', () => {
    expect(issuesOf({ below: '50' })).toEqual({ below: 'needs a dimension: choose which dimension must score below it' });
    expect(issuesOf({ dimension: 'data-quality' })).toEqual({ below: 'required when a dimension is chosen: the score (0–100) it must be below' });
  });

  it('refuses below outside 0–100 or not a number', () => {
    for (const below of ['-1', '101', 'abc', 'Infinity']) expect(issuesOf({ dimension: 'data-quality', below })).toEqual({ below: 'must be a number from 0 to 100' });
  });

  it('reports a missing dimension together with problems in other fields', () => {
    expect(issuesOf({ below: '50', locale: 'fr' })).toEqual({ below: 'needs a dimension: choose which dimension must score below it', locale: 'must be one of: es, pt, en' });
  });

  it('refuses a range that ends before it starts', () => {
    expect(issuesOf({ from: '2025-03-01', to: '2025-02-01' })).toEqual({ to: 'must not be before from' });
  });

  it('turns filters back into search params for links, leaving out unset ones and page 1', () => {
    const filters = SubmissionFiltersSchema.parse({ q: 'a&b c', status: 'new', dimension: 'tooling', below: '40', page: '1' });
    const params = filtersToSearchParams(filters);
    expect(params.toString()).toBe('status=new&dimension=tooling&below=40&q=a%26b+c');
    expect(SubmissionFiltersSchema.parse(params)).toEqual(filters);
    expect(filtersToSearchParams({ ...filters, page: 2 }).get('page')).toBe('2');
  });
});

describe('csvCell', () => {
  it.each([
    ['Acme;=1+1', `"Acme;'=1+1"`],
    ['Acme,=1+1', `"Acme,'=1+1"`],
    ['Acme; =1+1', `"Acme; '=1+1"`],
    ['a|@SUM(A1)', `"a|'@SUM(A1)"`],
    ['x\t-2+3', `"x\t'-2+3"`],
    ['line\n+1', `"line\n'+1"`],
    ['=1+1', `'=1+1`],
  ])('neutralises a formula trigger after any separator: %j', (input, expected) => {
    expect(csvCell(input)).toBe(expected);
  });

  it('leaves ordinary text, numbers and negative metrics alone', () => {
    expect(csvCell('Acme S.A.')).toBe('Acme S.A.');
    expect(csvCell('Silva; Souza')).toBe('"Silva; Souza"');
    expect(csvCell(-0.25)).toBe('-0.25');
  });
});

describe('masterclass sign-ups in the workspace', () => {
  const rows = [
    { id: '1', email: 'late@example.com', name: 'Late', locale: 'en', sessionId: 'feb', waitlisted: true, submissionId: null, createdAt: new Date('2026-12-03T10:00:00Z') },
    { id: '2', email: 'ana@example.com', name: '=HYPERLINK("x")', locale: 'es', sessionId: 'feb', waitlisted: false, submissionId: 's1', createdAt: new Date('2026-12-02T10:00:00Z') },
    { id: '3', email: 'old@example.com', name: 'Old', locale: 'pt', sessionId: 'gone', waitlisted: false, submissionId: null, createdAt: new Date('2026-11-01T10:00:00Z') },
    { id: '4', email: 'box@example.com', name: 'Box', locale: 'es', sessionId: null, waitlisted: false, submissionId: 's2', createdAt: new Date('2026-11-02T10:00:00Z') },
  ];
  const sessions = [
    { id: 'mar', start: '2027-03-01T17:00:00-05:00' },
    { id: 'feb', start: '2027-02-01T17:00:00-05:00' },
  ];

  it('groups them by session in start order, empty upcoming sessions included, then sessions no longer in the content, then no session', () => {
    expect(signupsBySession(rows, sessions).map((g) => [g.sessionId, g.rows.map((r) => r.id)])).toEqual([
      ['feb', ['1', '2']],
      ['mar', []],
      ['gone', ['3']],
      [null, ['4']],
    ]);
  });

  it('exports every sign-up as CSV with the session start in UTC, formulas neutralised', () => {
    const lines = masterclassCsv(rows, sessions).replace(/^\uFEFF/, '').trimEnd().split('\r\n');
    expect(lines[0]).toBe('session_id,session_start,waitlisted,name,email,locale,signed_up_at,submission_id');
    expect(lines[1]).toBe('feb,2027-02-01T22:00:00.000Z,yes,Late,late@example.com,en,2026-12-03T10:00:00.000Z,');
    expect(lines[2]).toContain(`"'=HYPERLINK(""x"")"`);
    expect(lines[4]).toBe(',,no,Box,box@example.com,es,2026-11-02T10:00:00.000Z,s2');
  });
});
