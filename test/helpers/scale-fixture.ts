import { randomBytes, randomUUID } from 'node:crypto';
import { sql } from 'drizzle-orm';
import { answerSheet } from '../../src/domain/answer-sheet.ts';
import { LOCALES, type Locale } from '../../src/domain/locale.ts';
import { CURRENCIES, type MetricInputs } from '../../src/domain/metrics.ts';
import { buildReport } from '../../src/domain/report.ts';
import type { Questionnaire } from '../../src/domain/schemas/questionnaire.ts';
import type { Db } from '../../src/server/db/client.ts';
import { consultants, funnelEvents, submissionActivity, submissions } from '../../src/server/db/schema.ts';
import { rebuildFunnelRollup } from '../../src/server/funnel/index.ts';
import { fixtureAnswers, seededRandom, weighted } from './peers-fixture.ts';

/**
 * A year of invented leads and funnel events for measuring the workspace at scale (`npm run
 * seed:scale`, the bench's scale section, the quality suite's plans): written through the real
 * tables, in bulk. It lives under test/, like the peers' fixture, so no build of the site holds it.
 *
 * How the leads are made: a few hundred distinct diagnostics (answers from `fixtureAnswers`, some
 * with figures, in every language, business model and deal size) are scored by the real
 * `buildReport` and shared by the rows, so each row has the size and shape of a real one; around
 * them each row gets its own contact, company, role, time (growing over the year, fewer at
 * weekends), status (further along when older), consultant, first touch, masterclass, call request
 * and, rarely, an erasure. Consultants' activity (status changes, assignments, notes) follows.
 * How the events are made: visits over the same year, each starting, leaving at each step with a
 * fixed chance, then completing, asking for the report and the masterclass with theirs; some send a
 * step or a start twice. The funnel's rollup is then rebuilt from them (`rebuildFunnelRollup`).
 */

/** How much to write. */
export interface ScaleSeedOptions {
  /** Submissions to write (100,000 for `npm run seed:scale`). */
  submissions: number;
  /** Funnel events to write, exactly (2,000,000 for `npm run seed:scale`). */
  events: number;
  /** Distinct diagnostics built and shared by the rows; 360 by default. */
  reports?: number;
  /** The PRNG's seed for the leads: the same seed, the same leads (their secrets and ids apart). */
  seed?: number;
  /** The end of the year covered; now by default. */
  now?: Date;
  /** Owners of the workspace to add to the team (e.g. CONSULTANT_EMAILS), besides the invented consultants. */
  owners?: readonly string[];
  /** Told what is being done, as it goes. */
  log?: (line: string) => void;
}

export interface ScaleSeedResult {
  submissions: number;
  events: number;
  activity: number;
  seconds: number;
}

/** Thrown when the database already holds submissions: invented leads go only into an empty one. */
export class SeedRefused extends Error {
  override name = 'SeedRefused';
}

const DAY_MS = 86_400_000;
/** Rows per insert: the JSON of a batch of rows is a few megabytes. */
const BATCH_ROWS = 5000;
/** Visits per statement of the funnel events (about 300,000 events). */
const VISITS_PER_STATEMENT = 50_000;
/** The invented consultants who follow leads up. */
export const SCALE_CONSULTANTS = ['lucia.mendez@revops.example', 'joao.almeida@revops.example', 'emma.clarke@revops.example'] as const;

const FIRST_NAMES: Record<Locale, string[]> = {
  es: ['Ana', 'María', 'Lucía', 'Carmen', 'Laura', 'Marta', 'Elena', 'Sofía', 'Paula', 'Sara', 'Isabel', 'Julia', 'Andrea', 'Claudia', 'Valentina', 'Camila', 'José', 'Antonio', 'Manuel', 'Francisco', 'David', 'Juan', 'Javier', 'Carlos', 'Daniel', 'Miguel', 'Alejandro', 'Pablo', 'Sergio', 'Jorge', 'Diego', 'Andrés', 'Santiago', 'Mateo', 'Luis', 'Fernando', 'Ricardo', 'Gabriela', 'Natalia', 'Raúl'],
  pt: ['Ana', 'Maria', 'Beatriz', 'Mariana', 'Juliana', 'Fernanda', 'Camila', 'Larissa', 'Letícia', 'Gabriela', 'Patrícia', 'Aline', 'Carolina', 'Rafaela', 'Luana', 'Bruna', 'João', 'Pedro', 'Lucas', 'Gabriel', 'Rafael', 'Mateus', 'Gustavo', 'Felipe', 'Bruno', 'Thiago', 'Rodrigo', 'Marcelo', 'André', 'Eduardo', 'Leonardo', 'Vinícius', 'Diego', 'Henrique', 'Paulo', 'Ricardo', 'Caio', 'Otávio', 'Renata', 'Sérgio'],
  en: ['Emma', 'Olivia', 'Sophie', 'Emily', 'Grace', 'Chloe', 'Hannah', 'Lucy', 'Charlotte', 'Amelia', 'Jessica', 'Rachel', 'Laura', 'Megan', 'Sarah', 'Kate', 'James', 'John', 'Michael', 'David', 'Daniel', 'Thomas', 'Matthew', 'Andrew', 'Ryan', 'Oliver', 'Jack', 'Harry', 'George', 'Samuel', 'Benjamin', 'Patrick', 'Peter', 'Mark', 'Richard', 'Steven', 'Paul', 'Chris', 'Alex', 'Sam'],
};
const LAST_NAMES: Record<Locale, string[]> = {
  es: ['García', 'Rodríguez', 'González', 'Fernández', 'López', 'Martínez', 'Sánchez', 'Pérez', 'Gómez', 'Martín', 'Jiménez', 'Ruiz', 'Hernández', 'Díaz', 'Moreno', 'Muñoz', 'Álvarez', 'Romero', 'Alonso', 'Gutiérrez', 'Navarro', 'Torres', 'Domínguez', 'Vázquez', 'Ramos', 'Gil', 'Ramírez', 'Serrano', 'Blanco', 'Molina', 'Morales', 'Suárez', 'Ortega', 'Delgado', 'Castro', 'Ortiz', 'Rubio', 'Marín', 'Sanz', 'Iglesias'],
  pt: ['Silva', 'Santos', 'Oliveira', 'Souza', 'Rodrigues', 'Ferreira', 'Alves', 'Pereira', 'Lima', 'Gomes', 'Costa', 'Ribeiro', 'Martins', 'Carvalho', 'Almeida', 'Lopes', 'Soares', 'Fernandes', 'Vieira', 'Barbosa', 'Rocha', 'Dias', 'Nascimento', 'Andrade', 'Moreira', 'Nunes', 'Marques', 'Machado', 'Mendes', 'Freitas', 'Cardoso', 'Ramos', 'Gonçalves', 'Santana', 'Teixeira', 'Araújo', 'Pinto', 'Monteiro', 'Correia', 'Cavalcanti'],
  en: ['Smith', 'Jones', 'Taylor', 'Brown', 'Williams', 'Wilson', 'Johnson', 'Davies', 'Robinson', 'Wright', 'Thompson', 'Evans', 'Walker', 'White', 'Roberts', 'Green', 'Hall', 'Wood', 'Jackson', 'Clarke', 'Miller', 'Anderson', 'Murphy', "O'Brien", 'Kelly', 'Walsh', 'Baker', 'Harris', 'Martin', 'Cooper', 'King', 'Lee', 'Turner', 'Hill', 'Scott', 'Moore', 'Parker', 'Campbell', 'Stewart', 'Mitchell'],
};
const COMPANY_WORDS: Record<Locale, string[]> = {
  es: ['Soluciones', 'Grupo', 'Innovación', 'Datos', 'Nube', 'Logística', 'Servicios', 'Tecnologías', 'Consultores', 'Comercial', 'Horizonte', 'Atlántico', 'Pacífico', 'Andina', 'Ibérica', 'Norte', 'Sur', 'Levante', 'Cumbre', 'Faro', 'Puente', 'Alfa', 'Delta', 'Vértice', 'Sierra', 'Ventas', 'Crecimiento', 'Digital', 'Software', 'Analítica'],
  pt: ['Soluções', 'Grupo', 'Inovação', 'Dados', 'Nuvem', 'Logística', 'Serviços', 'Tecnologia', 'Consultoria', 'Comercial', 'Horizonte', 'Atlântico', 'Paulista', 'Carioca', 'Mineira', 'Norte', 'Sul', 'Cerrado', 'Pampa', 'Farol', 'Ponte', 'Alfa', 'Delta', 'Vértice', 'Serra', 'Vendas', 'Crescimento', 'Digital', 'Software', 'Analytics'],
  en: ['Solutions', 'Group', 'Labs', 'Data', 'Cloud', 'Logistics', 'Services', 'Technologies', 'Partners', 'Commerce', 'Horizon', 'Atlantic', 'Summit', 'Northwind', 'Bright', 'Blue', 'Red', 'Harbor', 'Bridge', 'Peak', 'Alpha', 'Delta', 'Vertex', 'Signal', 'Growth', 'Revenue', 'Digital', 'Software', 'Analytics', 'Insight'],
};
const COMPANY_SUFFIXES: Record<Locale, string[]> = {
  es: ['S.L.', 'S.A.', 'S.A. de C.V.', 'SpA', 'S.A.S.', 'SL', ''],
  pt: ['Ltda.', 'S.A.', 'ME', 'Eireli', 'Lda.', ''],
  en: ['Inc.', 'Ltd', 'LLC', 'plc', 'Co.', ''],
};
const FREE_MAIL: Record<Locale, string[]> = {
  es: ['gmail.com', 'hotmail.com', 'outlook.es', 'yahoo.es'],
  pt: ['gmail.com', 'hotmail.com', 'uol.com.br', 'outlook.com'],
  en: ['gmail.com', 'outlook.com', 'yahoo.co.uk', 'icloud.com'],
};
const TOP_DOMAINS: Record<Locale, string[]> = { es: ['.es', '.com', '.mx', '.co', '.cl', '.com.ar'], pt: ['.com.br', '.com', '.pt'], en: ['.com', '.co.uk', '.io', '.ie'] };
const ROLES: Record<Locale, string[]> = {
  es: ['CEO', 'Director comercial', 'Directora de marketing', 'Head of Sales', 'RevOps Manager', 'CFO', 'Gerente general', 'Responsable de operaciones', 'Fundadora', 'Sales Ops'],
  pt: ['CEO', 'Diretor comercial', 'Diretora de marketing', 'Head de Vendas', 'Gerente de RevOps', 'CFO', 'Sócio-fundador', 'Coordenadora de operações', 'Sales Ops', 'COO'],
  en: ['CEO', 'VP Sales', 'Head of Marketing', 'RevOps Lead', 'CFO', 'Founder', 'COO', 'Sales Operations Manager', 'Chief Revenue Officer', 'Head of Growth'],
};
const TIME_ZONES: Record<Locale, string[]> = {
  es: ['Europe/Madrid', 'America/Mexico_City', 'America/Bogota', 'America/Santiago', 'America/Argentina/Buenos_Aires', 'America/Lima'],
  pt: ['America/Sao_Paulo', 'Europe/Lisbon', 'America/Recife'],
  en: ['Europe/London', 'America/New_York', 'Europe/Dublin', 'America/Chicago'],
};
/** Where visits came from: utm_source, utm_medium, a referring site (or none), and how often. */
const SOURCES = [
  ['google', 'cpc', 'https://www.google.com/', 6],
  ['linkedin', 'social', 'https://www.linkedin.com/', 5],
  ['newsletter', 'email', null, 3],
  ['facebook', 'paid-social', 'https://l.facebook.com/', 2],
  ['partner-blog', 'referral', 'https://blog.partner.example/revops-metrics', 1],
  ['youtube', 'video', 'https://www.youtube.com/', 1],
  ['podcast', 'audio', null, 1],
] as const;
const CAMPAIGNS = ['revops-benchmark', 'masterclass-forecast', 'churn-guide', 'q1-pipeline', 'saas-metrics', 'webinar-cac', 'always-on'];
const NOTES = [
  'Llamada agendada para el martes; interesados en forecasting.',
  'Pide propuesta para ordenar el CRM antes de fin de trimestre.',
  'No tienen presupuesto hasta el próximo año.',
  'Reunião marcada com o time comercial na quinta-feira.',
  'Quer entender melhor o churn; enviar estudo de caso.',
  'Follow-up after the masterclass: wants a data-quality audit.',
  'Sent the proposal; waiting for the CFO.',
  'Duplicate of an earlier lead from the same company; merged in the CRM.',
  'Cliente potencial, "muy interesado" en el diagnóstico completo.',
  'Sin respuesta tras dos correos; se reintenta en un mes.',
];

/** Lower case, no accents, letters and digits only: what a name looks like in an address. */
const slug = (text: string) =>
  text
    .normalize('NFD')
    .replace(/\p{Diacritic}/gu, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '');

interface Template {
  n: number;
  locale: Locale;
  answers: unknown;
  metric_inputs: MetricInputs | null;
  segment: { businessModel?: string; dealSize?: string };
  report: unknown;
  answer_sheet: unknown;
  questionnaire_version: string;
  overall_score: number | null;
  band: string | null;
}

/** The visitor's figures, varied: a month or a year, some fields left out, a currency or none. */
function inventedInputs(random: () => number): MetricInputs {
  const around = (value: number, spread = 0.6) => Math.max(0, Math.round(value * (1 + spread * (random() * 2 - 1))));
  const customers = around(300, 0.9) + 5;
  const mrr = customers * around(400, 0.8) + 1000;
  const inputs: MetricInputs = {
    period: random() < 0.75 ? 'month' : 'year',
    customersAtStart: customers,
    customersLost: Math.round(customers * random() * 0.08),
    mrrAtStart: mrr,
    churnedMrr: Math.round(mrr * random() * 0.05),
    contractionMrr: Math.round(mrr * random() * 0.02),
    expansionMrr: Math.round(mrr * random() * 0.06),
  };
  if (random() < 0.8) inputs.currency = weighted(random, CURRENCIES.map((c) => [c, c === 'EUR' || c === 'USD' ? 4 : 1] as const));
  if (random() < 0.6) Object.assign(inputs, { newCustomers: around(customers * 0.06), salesAndMarketingSpend: around(mrr * 0.6), arpa: Math.round(mrr / customers), grossMarginPct: 55 + Math.round(random() * 35) });
  if (random() < 0.5) Object.assign(inputs, { leads: around(800), opportunities: around(120), winRatePct: 10 + Math.round(random() * 25), averageDealSize: around(9000), salesCycleDays: 20 + Math.round(random() * 100) });
  if (random() < 0.3) Object.assign(inputs, { forecastRevenue: around(mrr * 3), actualRevenue: around(mrr * 3) });
  return inputs;
}

/** The distinct diagnostics the rows share: every language, business model and deal size, a few without a deal size, some with figures. */
function buildTemplates(q: Questionnaire, count: number, random: () => number): Template[] {
  const models = q.segments.businessModels.map((m) => m.id);
  const dealSizes = q.segments.dealSizes.map((d) => d.id);
  return Array.from({ length: count }, (_, n) => {
    const locale = LOCALES[n % LOCALES.length]!;
    const businessModel = models[Math.floor(n / LOCALES.length) % models.length]!;
    const dealSize = dealSizes[Math.floor(n / (LOCALES.length * models.length)) % dealSizes.length]!;
    const segment = n % 29 === 0 ? { businessModel } : { businessModel, dealSize };
    const answers = fixtureAnswers(q, random, businessModel);
    const metricInputs = random() < 0.4 ? inventedInputs(random) : null;
    const report = buildReport(q, { answers, segment, metricInputs }, locale);
    return {
      n,
      locale,
      answers,
      metric_inputs: metricInputs,
      segment,
      report,
      answer_sheet: answerSheet(q, answers, locale),
      questionnaire_version: q.version,
      overall_score: report.overall.score,
      band: report.overall.band?.id ?? null,
    };
  });
}

/** Creation times of `count` submissions over the `days` before `now`, oldest first: growing over the year, fewer at weekends. */
function creationTimes(count: number, now: Date, days: number, random: () => number): number[] {
  const times: number[] = [];
  while (times.length < count) {
    const time = now.getTime() - Math.pow(random(), 1.3) * days * DAY_MS;
    const weekday = new Date(time).getUTCDay();
    if ((weekday === 0 || weekday === 6) && random() < 0.6) continue;
    times.push(time);
  }
  return times.sort((a, b) => a - b);
}

/** One invented lead around template `template`, created at `time`: the columns a row holds beyond its diagnostic. */
function inventedLead(random: () => number, templates: readonly Template[][], time: number, now: Date, owners: readonly string[]) {
  const locale = weighted(random, LOCALES.map((l) => [l, l === 'es' ? 5 : l === 'pt' ? 3 : 2] as const));
  const shared = templates[LOCALES.indexOf(locale)]!;
  const template = shared[Math.floor(random() * shared.length)]!;
  const pick = <T>(list: readonly T[]) => list[Math.floor(random() * list.length)]!;
  const first = pick(FIRST_NAMES[locale]);
  const last = pick(LAST_NAMES[locale]);
  const secondLast = locale !== 'en' && random() < 0.35 ? ` ${pick(LAST_NAMES[locale])}` : '';
  const name = `${first} ${last}${secondLast}`;
  const companyName = random() < 0.1 ? null : `${pick(COMPANY_WORDS[locale])} ${pick(COMPANY_WORDS[locale])} ${pick(COMPANY_SUFFIXES[locale])}`.trim();
  const domain = companyName && random() < 0.7 ? `${slug(companyName.split(' ').slice(0, 2).join(''))}${pick(TOP_DOMAINS[locale])}` : pick(FREE_MAIL[locale]);
  const local = weighted(random, [[`${slug(first)}.${slug(last)}`, 5], [`${slug(first)[0]}${slug(last)}`, 3], [`${slug(first)}${Math.floor(random() * 100)}`, 2]] as const);
  const createdAt = new Date(time);
  const ageDays = (now.getTime() - time) / DAY_MS;
  const status =
    ageDays < 2 ? weighted(random, [['new', 9], ['contacted', 1]] as const) : weighted(random, [['new', 38], ['contacted', 26], ['qualified', 12], ['won', 6], ['lost', 18]] as const);
  const assignedTo = status !== 'new' || random() < 0.1 ? (random() < 0.85 ? pick([...SCALE_CONSULTANTS, ...owners]) : null) : null;
  const masterclass = random() < 0.14;
  const calledAt = random() < 0.06 ? Math.min(now.getTime() - 60_000, time + (1 + random() * 96) * 3_600_000) : null;
  const source = random() < 0.65 ? weighted(random, SOURCES.map((s) => [s, s[3]] as const)) : null;
  const landingPath = locale === 'es' ? '/' : `/${locale}/`;
  const consentAt = createdAt.toISOString();
  const version = `${locale}-2026-01`;
  const erased = random() < 0.004;
  const contactConsent = random() < 0.55;
  return {
    template: template.n,
    token: randomBytes(24).toString('base64url'),
    idempotency_key: randomUUID(),
    name: erased ? '' : name,
    email: erased ? '' : `${local}@${domain}`,
    company: erased ? null : companyName,
    role: erased || random() < 0.2 ? null : pick(ROLES[locale]),
    company_size: weighted(random, [['size-1-10', 3], ['size-11-50', 5], ['size-51-200', 4], ['size-201-1000', 2], ['size-1000-plus', 1]] as const),
    consent_at: consentAt,
    consents: {
      report: { at: consentAt, version },
      ...(contactConsent ? { contact: { at: consentAt, version } } : {}),
      ...(masterclass ? { masterclass: { at: consentAt, version } } : {}),
    },
    first_touch:
      erased || !source
        ? null
        : {
            source: source[0],
            medium: source[1],
            campaign: pick(CAMPAIGNS),
            ...(source[2] ? { referrer: source[2] } : {}),
            landingPath,
            at: new Date(time - (10 + random() * 3 * 24 * 60) * 60_000).toISOString(),
          },
    erased_at: erased ? new Date(Math.min(now.getTime(), time + (1 + random() * 30) * DAY_MS)).toISOString() : null,
    masterclass,
    started_at: new Date(time - (6 + random() * 20) * 60_000).toISOString(),
    ip_hash: erased ? null : randomBytes(32).toString('hex'),
    status,
    call_request:
      calledAt === null || erased
        ? null
        : {
            days: ['mon', 'tue', 'wed', 'thu', 'fri'].filter(() => random() < 0.5).concat(['wed']).filter((d, i, all) => all.indexOf(d) === i),
            windows: ['morning', 'midday', 'afternoon'].filter(() => random() < 0.5).concat(['morning']).filter((w, i, all) => all.indexOf(w) === i),
            timeZone: pick(TIME_ZONES[locale]),
            phone: random() < 0.5 ? `+${locale === 'pt' ? '55' : locale === 'en' ? '44' : '34'} ${Math.floor(100 + random() * 899)} ${Math.floor(100_000 + random() * 899_999)}` : null,
          },
    call_requested_at: calledAt === null || erased ? null : new Date(calledAt).toISOString(),
    assigned_to: erased ? null : assignedTo,
    share_token: !erased && random() < 0.04 ? randomBytes(24).toString('base64url') : null,
    created_at: createdAt.toISOString(),
  };
}

/** The rows of a raw statement's result, from either driver (both answer `{ rows }`). */
export const rowsOf = <Row>(result: unknown): Row[] => (result as { rows: Row[] }).rows;
/** The count a `select count(*) as n` answered. */
const countOf = (result: unknown) => Number(rowsOf<{ n: number | string }>(result)[0]?.n ?? 0);

/**
 * Writes `options.submissions` invented submissions with their consultants' activity, and exactly
 * `options.events` funnel events, into `db`, then rebuilds the funnel's rollup and has the
 * planner's statistics gathered. Refuses (`SeedRefused`) a database that already has submissions.
 */
export async function seedScale(db: Db, q: Questionnaire, options: ScaleSeedOptions): Promise<ScaleSeedResult> {
  const started = performance.now();
  const log = options.log ?? (() => {});
  const now = options.now ?? new Date();
  const random = seededRandom(options.seed ?? 2026);
  const [existing] = rowsOf<{ found: boolean }>(await db.execute(sql`select exists (select 1 from ${submissions}) as found`));
  if (existing?.found) throw new SeedRefused('the database already has submissions: invented leads go only into a database without any (create an empty one).');

  const owners = (options.owners ?? []).map((email) => email.toLowerCase());
  await db
    .insert(consultants)
    .values([...owners.map((email) => ({ email, role: 'owner' as const })), ...SCALE_CONSULTANTS.map((email) => ({ email, name: email.split('@')[0]!, role: 'consultant' as const }))])
    .onConflictDoNothing();

  const templates = buildTemplates(q, options.reports ?? 360, random);
  const byLocale = LOCALES.map((locale) => templates.filter((t) => t.locale === locale));
  log(`${templates.length} distinct diagnostics built`);
  const times = creationTimes(options.submissions, now, 365, random);

  // One transaction, so the diagnostics go to the server once (a temporary table) and every batch joins them.
  await db.transaction(async (tx) => {
    await tx.execute(sql`create temporary table seed_reports (n int primary key, locale text, answers jsonb, metric_inputs jsonb, segment jsonb, report jsonb, answer_sheet jsonb, questionnaire_version text, overall_score int, band text) on commit drop`);
    for (let i = 0; i < templates.length; i += 50) {
      await tx.execute(sql`insert into seed_reports select * from jsonb_populate_recordset(null::seed_reports, ${JSON.stringify(templates.slice(i, i + 50))}::jsonb)`);
    }
    for (let from = 0; from < times.length; from += BATCH_ROWS) {
      const leads = times.slice(from, from + BATCH_ROWS).map((time) => inventedLead(random, byLocale, time, now, owners));
      await tx.execute(sql`
        insert into ${submissions} (
          token, idempotency_key, locale, answers, metric_inputs, segment, report, answer_sheet, questionnaire_version, overall_score, band,
          contact_name, contact_email, contact_company, contact_role, company_size, consent_at, consents, first_touch, erased_at, masterclass,
          started_at, ip_hash, status, call_request, call_requested_at, assigned_to, share_token, created_at
        )
        select
          r.token, r.idempotency_key, t.locale, t.answers, case when r.erased_at is null then t.metric_inputs end, t.segment,
          case when r.erased_at is null then t.report else jsonb_set(t.report, '{metrics}', '[]'::jsonb) end,
          t.answer_sheet, t.questionnaire_version, t.overall_score, t.band,
          r.name, r.email, r.company, r.role, r.company_size, r.consent_at, r.consents, r.first_touch, r.erased_at, r.masterclass,
          r.started_at, r.ip_hash, r.status, r.call_request, r.call_requested_at, r.assigned_to, r.share_token, r.created_at
        from jsonb_array_elements(${JSON.stringify(leads)}::jsonb) with ordinality as lead(value, position)
        cross join lateral jsonb_to_record(lead.value) as r(
          template int, token text, idempotency_key uuid, name text, email text, company text, role text, company_size text, consent_at timestamptz,
          consents jsonb, first_touch jsonb, erased_at timestamptz, masterclass boolean, started_at timestamptz, ip_hash text, status text,
          call_request jsonb, call_requested_at timestamptz, assigned_to text, share_token text, created_at timestamptz
        )
        join seed_reports as t on t.n = r.template
        order by lead.position`);
      log(`submissions: ${Math.min(from + BATCH_ROWS, times.length).toLocaleString('en')} of ${times.length.toLocaleString('en')}`);
    }
  });

  // What the consultants did: each lead past `new` moved there, with its assignment, a note on some, and the erasures.
  const activity = await db.execute(sql`
    with inserted as (
      insert into ${submissionActivity} (submission_id, actor, kind, from_status, to_status, note, created_at)
      select s.id, coalesce(s.assigned_to, ${SCALE_CONSULTANTS[0]}), a.kind, a.from_status, a.to_status, a.note,
        least(now(), s.created_at + a.after)
      from ${submissions} as s
      cross join lateral (
        select 'assigned' as kind, null as from_status, null as to_status, s.assigned_to as note, interval '2 hours' as after where s.assigned_to is not null
        union all
        select 'status', 'new', s.status, null, interval '1 day' where s.status <> 'new' and s.erased_at is null
        union all
        select 'note', null, null, (array[${sql.join(NOTES.map((note) => sql`${note}`), sql`, `)}]::text[])[1 + abs(hashtext(s.id::text)) % ${NOTES.length}], interval '26 hours' where abs(hashtext(s.token)) % 9 = 0 and s.erased_at is null
        union all
        select 'erased', null, null, null, s.erased_at - s.created_at where s.erased_at is not null
      ) as a
      returning 1
    )
    select count(*) as n from inserted`);
  log(`activity: ${countOf(activity).toLocaleString('en')} rows`);

  let events = 0;
  const steps = q.dimensions.length;
  for (let first = 1; events < options.events; first += VISITS_PER_STATEMENT) {
    const result = await db.execute(sql`
      with inserted as (
        insert into ${funnelEvents} (name, locale, step, visit_id, created_at)
        select e.name, v.locale, e.step, v.visit_id, v.started_at + e.after
        from (
          select 'seed-' || md5(random()::text || g::text) as visit_id,
            ${now.toISOString()}::timestamptz - power(random(), 1.3) * 365 * interval '1 day' as started_at,
            (array['es', 'es', 'es', 'es', 'es', 'pt', 'pt', 'pt', 'en', 'en'])[1 + floor(random() * 10)::int] as locale,
            least(${steps}, floor(ln(1 - random()) / ln(0.88))::int) as reached,
            30 + 90 * random() as pace, random() as done, random() as report, random() as masterclass, random() as again
          from generate_series(${first}::int, ${first + VISITS_PER_STATEMENT - 1}::int) as g
        ) as v
        cross join lateral (
          select 'started' as name, null::int as step, interval '0 seconds' as after
          union all
          select 'started', null, interval '40 seconds' where v.again < 0.05
          union all
          select 'step', s, make_interval(secs => s * v.pace) from generate_series(1, v.reached) as s
          union all
          select 'step', 1, make_interval(secs => v.pace + 20) where v.reached >= 1 and v.again > 0.92
          union all
          select 'completed', null, make_interval(secs => ${steps} * v.pace + 60 + 180 * v.done) where v.reached = ${steps} and v.done < 0.85
          union all
          select 'report_requested', null, make_interval(secs => ${steps} * v.pace + 150 + 180 * v.done) where v.reached = ${steps} and v.done < 0.85 and v.report < 0.72
          union all
          select 'masterclass', null, make_interval(secs => ${steps} * v.pace + 151 + 180 * v.done) where v.reached = ${steps} and v.done < 0.85 and v.report < 0.72 and v.masterclass < 0.2
        ) as e
        limit ${options.events - events}
        returning 1
      )
      select count(*) as n from inserted`);
    events += countOf(result);
    log(`funnel events: ${events.toLocaleString('en')} of ${options.events.toLocaleString('en')}`);
  }
  await rebuildFunnelRollup(db);
  log('funnel rollup rebuilt');
  await db.execute(sql`vacuum (analyze) submissions, submission_activity, consultants, funnel_events, funnel_daily, funnel_visits`);
  log('statistics gathered');
  return { submissions: times.length, events, activity: countOf(activity), seconds: (performance.now() - started) / 1000 };
}
