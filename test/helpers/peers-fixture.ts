import { buildReport } from '../../src/domain/report.ts';
import { DONT_KNOW, scoredOptions } from '../../src/domain/question.ts';
import { LOCALES, type Locale } from '../../src/domain/locale.ts';
import type { Answers } from '../../src/domain/scoring.ts';
import type { Questionnaire } from '../../src/domain/schemas/questionnaire.ts';
import type { submissions } from '../../src/server/db/schema.ts';

/**
 * Invented submissions for tests and local demos of the peer percentile (`npm run seed:peers`):
 * a seeded, repeatable crowd whose scores look like real ones. It lives under test/, so no build of
 * the site ever contains it, and no invented figure can reach a production page.
 *
 * How it is made: each company has a latent maturity (normal around its business model's mean),
 * each dimension a typical offset from it (data quality and forecasting lag, tooling leads), so
 * scores cluster per dimension and move together across dimensions; each question is then answered
 * with the option nearest to the dimension's level plus noise (an occasional "I don't know"), and
 * the real `buildReport` scores the answers, so every stored Report is one the site could have built.
 */

/** Mulberry32: a tiny deterministic PRNG, uniform in [0, 1). */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

/** A standard normal draw (Box–Muller). */
export function normal(random: () => number): number {
  const u = Math.max(random(), Number.EPSILON);
  return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * random());
}

/** Picks from weighted choices. */
export function weighted<T>(random: () => number, choices: readonly (readonly [T, number])[]): T {
  const total = choices.reduce((sum, [, w]) => sum + w, 0);
  let r = random() * total;
  for (const [value, w] of choices) if ((r -= w) < 0) return value;
  return choices.at(-1)![0];
}

/** Typical maturity (0–1) per business model: subscription businesses measure more. */
const MODEL_MEAN: Record<string, number> = { saas: 0.56, 'b2c-subscription': 0.5, 'b2b-services': 0.42, ecommerce: 0.46, other: 0.4 };
/** How far each dimension usually sits from a company's maturity. */
const DIMENSION_OFFSET: Record<string, number> = { tooling: 0.08, reporting: 0.04, alignment: 0, 'smart-goals': -0.02, 'cross-team': -0.04, decisions: -0.05, 'data-quality': -0.1 };

/** The fixture identity of submission `index`: what a test checks never reaches the JSON. */
export function fixtureContact(index: number) {
  return { name: `Fixture Person ${index}`, email: `fixture-${index}@peers.example.test`, company: `Fixture Company ${index}` };
}

/**
 * Answers of an invented company of `businessModel`: a latent maturity (normal around the business
 * model's mean), each dimension at its typical offset from it, each question answered with the
 * option nearest to the dimension's level plus noise, and an occasional "I don't know".
 */
export function fixtureAnswers(q: Questionnaire, random: () => number, businessModel: string): Answers {
  const maturity = (MODEL_MEAN[businessModel] ?? 0.45) + 0.17 * normal(random);
  const level = Object.fromEntries(q.dimensions.map((d) => [d.id, maturity + (DIMENSION_OFFSET[d.id] ?? 0) + 0.08 * normal(random)]));
  const answers: Answers = {};
  for (const question of q.questions) {
    const target = (level[question.dimension] ?? maturity) + 0.15 * normal(random);
    if (question.dontKnow && random() < 0.03) {
      answers[question.id] = DONT_KNOW;
      continue;
    }
    const options = scoredOptions(question);
    if (question.kind === 'checklist') {
      answers[question.id] = options.filter(() => random() < target).map((o) => o.id);
      continue;
    }
    const best = Math.max(...options.map((o) => o.score));
    answers[question.id] = options.reduce((a, b) => (Math.abs(b.score / best - target) < Math.abs(a.score / best - target) ? b : a)).id;
  }
  return answers;
}

export interface PeerFixtureOptions {
  /** How many submissions. */
  count: number;
  /** The PRNG's seed: the same seed, the same crowd. */
  seed?: number;
  /** The first and last creation time; spread evenly in between. */
  from?: Date;
  to?: Date;
  /** Only these business models (default: every one of content/segments.yaml, weighted). */
  businessModels?: readonly string[];
}

export type SubmissionRow = typeof submissions.$inferInsert;

/** `count` submission rows ready to insert, all counting among peers, each with its fixture contact. */
export function peerFixtureRows(q: Questionnaire, options: PeerFixtureOptions): SubmissionRow[] {
  const random = seededRandom(options.seed ?? 1);
  const to = options.to ?? new Date();
  const from = options.from ?? new Date(to.getTime() - 90 * 86_400_000);
  const models = (options.businessModels ?? q.segments.businessModels.map((m) => m.id)).map((id) => [id, id === 'saas' ? 4 : id === 'other' ? 1 : 2] as const);
  const dealSizes = q.segments.dealSizes.map((d) => d.id);
  const sizes = q.segments.companySizes.map((s) => s.id);
  const hex = () => Math.floor(random() * 0x1_0000_0000).toString(16).padStart(8, '0');
  const rows: SubmissionRow[] = [];
  for (let index = 0; index < options.count; index++) {
    const businessModel = weighted(random, models);
    const locale: Locale = weighted(random, LOCALES.map((l) => [l, l === 'es' ? 5 : l === 'pt' ? 3 : 2] as const));
    const segment = { businessModel, dealSize: dealSizes[Math.floor(random() * dealSizes.length)]! };
    const answers = fixtureAnswers(q, random, businessModel);
    const report = buildReport(q, { answers, segment, metricInputs: null }, locale);
    const createdAt = new Date(from.getTime() + ((to.getTime() - from.getTime()) * (index + 0.5)) / options.count);
    const contact = fixtureContact(index);
    rows.push({
      token: `fixture-${hex()}${hex()}${hex()}${hex()}`,
      idempotencyKey: `${hex()}-${hex().slice(0, 4)}-4${hex().slice(0, 3)}-8${hex().slice(0, 3)}-${hex()}${hex().slice(0, 4)}`,
      locale,
      answers,
      metricInputs: null,
      segment,
      report,
      questionnaireVersion: q.version,
      overallScore: report.overall.score,
      band: report.overall.band?.id ?? null,
      contactName: contact.name,
      contactEmail: contact.email,
      contactCompany: contact.company,
      contactRole: 'Fixture',
      companySize: sizes[Math.floor(random() * sizes.length)] ?? null,
      consentAt: createdAt,
      startedAt: new Date(createdAt.getTime() - 11 * 60_000),
      ipHash: `fixture-${hex()}`,
      createdAt,
    });
  }
  return rows;
}
