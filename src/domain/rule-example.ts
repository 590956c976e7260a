import { benchmarkMetrics, VERDICT_TONE, VERDICTS } from './benchmark.ts';
import { formatMetricValue, formatMoney, formatNumber } from './format.ts';
import { localize, type Locale } from './locale.ts';
import {
  computeMetrics,
  METRIC_IDS,
  METRIC_INPUT_FIELDS,
  METRIC_INPUT_KINDS,
  METRIC_REQUIRES,
  METRIC_UNITS,
  metricInputIssues,
  type MetricId,
  type MetricInputField,
  type MetricInputs,
} from './metrics.ts';
import { DONT_KNOW, scoredOptions } from './question.ts';
import { ruleHolds, shownValue, type RuleContext } from './rule.ts';
import type { Questionnaire } from './schemas/questionnaire.ts';
import type { Condition, Rule } from './schemas/rule.ts';
import type { Segment } from './schemas/segment.ts';
import { scoreAnswers, type Answers } from './scoring.ts';

/** Inputs a visitor could give that make a rule's finding show: what `/dev/content` lists beside each rule. */
export interface RuleExample {
  answers: Answers;
  segment: Segment;
  metricInputs: MetricInputs | null;
}

/** Round figures a visitor might type, per kind of field: examples read like real numbers. */
const EXAMPLE_VALUES: Record<string, readonly number[]> = {
  count: [1, 2, 3, 4, 5, 6, 8, 10, 12, 15, 20, 25, 30, 40, 50, 60, 80, 100, 120, 150, 200, 300, 400, 500, 1000],
  money: [50, 100, 200, 500, 1000, 2000, 3000, 5000, 10_000, 20_000, 30_000, 50_000, 100_000, 200_000],
  percent: [10, 20, 30, 40, 50, 60, 70, 75, 80, 90],
  days: [14, 30, 45, 60, 90, 120],
};
/** Matches compared before picking the most ordinary one (figures nearest the rule's bounds or benchmark). */
const EXAMPLE_MATCHES = 40;
const SEARCH_TRIES = 20_000;

/** A small seeded generator (mulberry32): the same example on every run. */
function seeded(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Answers that give the rule's scores, "I don't know" share and answers; every other question at its lowest option. */
function exampleAnswers(rule: Pick<Rule, 'when'>, q: Questionnaire): Answers {
  const when = rule.when;
  if (!when.some((c) => 'dimension' in c || 'dontKnowShareAtLeast' in c || 'question' in c)) return {};
  const answers: Answers = {};
  const fixed = new Set<string>();
  for (const c of when) {
    if ('question' in c && !fixed.has(c.question)) {
      const question = q.questions.find((x) => x.id === c.question);
      // An `absent` condition: nothing listed ticked (a checklist), or another option.
      answers[c.question] = c.absent
        ? question?.kind === 'checklist' ? [] : scoredOptions(question!).find((o) => !c.answer.includes(o.id))?.id ?? c.answer[0]!
        : c.answer[0]!;
      fixed.add(c.question);
    }
  }
  const ladder = new Map(q.questions.map((question) => [question.id, [...scoredOptions(question)].sort((a, b) => a.score - b.score).map((o) => o.id)]));
  for (const question of q.questions) if (!fixed.has(question.id)) answers[question.id] = ladder.get(question.id)![0]!;
  const scores = () => scoreAnswers(q, answers, { minKnownShare: q.bands.notAssessed.minKnownShare });

  const constrained = new Set(when.flatMap((c) => ('dimension' in c ? [c.dimension] : [])));
  const free = q.questions.filter((question) => !fixed.has(question.id) && !constrained.has(question.dimension));
  // "I don't know" answers spread over the dimensions no condition is about, one per dimension in turn.
  const share = Math.max(0, ...when.map((c) => ('dontKnowShareAtLeast' in c ? c.dontKnowShareAtLeast : 0)));
  const position = (id: string) => q.questions.filter((other) => other.dimension === q.questions.find((x) => x.id === id)!.dimension).findIndex((x) => x.id === id);
  const unknowable = free.filter((question) => question.dontKnow).sort((a, b) => position(a.id) - position(b.id));
  for (const question of unknowable) {
    if (share === 0 || scores().dontKnowShare >= share) break;
    answers[question.id] = DONT_KNOW;
  }

  /** Raises the answers of `ids` one option at a time, in turn, until `reached` or no answer can go higher. */
  const raise = (ids: string[], reached: () => boolean) => {
    let moved = true;
    while (!reached() && moved) {
      moved = false;
      for (const id of ids) {
        const steps = ladder.get(id)!;
        const at = steps.indexOf(answers[id] as string);
        if (at < 0 || at === steps.length - 1) continue;
        answers[id] = steps[at + 1]!;
        moved = true;
        if (reached()) return;
      }
    }
  };
  const dimensionScore = (id: string) => scores().dimensions.find((d) => d.dimension === id)?.score ?? null;
  for (const c of when) {
    if (!('dimension' in c) || c.atLeast === undefined) continue;
    const atLeast = c.atLeast;
    const ids = q.questions.filter((question) => (c.dimension === 'overall' ? !constrained.has(question.dimension) : question.dimension === c.dimension) && !fixed.has(question.id)).map((question) => question.id);
    const current = () => (c.dimension === 'overall' ? scores().overall : dimensionScore(c.dimension));
    raise(ids, () => (current() ?? -1) >= atLeast);
  }
  return answers;
}

/** The metric values and verdicts a rule sees for these numbers and segment, as the Report builds them. */
export function metricFacts(q: Pick<Questionnaire, 'benchmarks'>, inputs: MetricInputs | null, segment: Segment): RuleContext['metrics'] {
  if (!inputs) return {};
  const values = computeMetrics(inputs);
  const verdicts = benchmarkMetrics(values, q.benchmarks, segment);
  return Object.fromEntries(METRIC_IDS.map((id) => [id, { value: values[id], verdict: verdicts[id]?.verdict ?? null }]));
}

/** Segments to try: the rule's own when it names them, else none chosen first, then every combination. */
function candidateSegments(rule: Pick<Rule, 'when'>, q: Questionnaire): Segment[] {
  const models = [undefined, ...q.segments.businessModels.map((m) => m.id)];
  const sizes = [undefined, ...q.segments.dealSizes.map((d) => d.id)];
  const segmentConditions = rule.when.filter((c) => 'businessModel' in c || 'dealSize' in c);
  const all = models.flatMap((businessModel) => sizes.map((dealSize) => ({ ...(businessModel ? { businessModel } : {}), ...(dealSize ? { dealSize } : {}) })));
  return all.filter((segment) => ruleHolds({ when: segmentConditions }, { overall: null, dimensions: {}, dontKnowShare: 0, segment }));
}

/**
 * Answers, segment and numbers that make the rule's finding show, or `null` when none is found:
 * answers reaching its scores, "I don't know" share and answers (everything else at the lowest
 * option), and round numbers, found by a seeded search, giving its metrics and verdicts.
 * Works for any metric the code computes. Checked with the rule itself before it is returned.
 * @example exampleTrigger(rule, questionnaire) // { answers: {}, segment: { businessModel: 'saas' }, metricInputs: { period: 'month', … } }
 */
export function exampleTrigger(rule: Pick<Rule, 'when'>, q: Questionnaire): RuleExample | null {
  const answers = exampleAnswers(rule, q);
  const scores = scoreAnswers(q, answers, { minKnownShare: q.bands.notAssessed.minKnownShare });
  const context = (segment: Segment, metricInputs: MetricInputs | null): RuleContext => ({
    overall: scores.overall,
    dimensions: Object.fromEntries(scores.dimensions.map((d) => [d.dimension, d.score])),
    dontKnowShare: scores.dontKnowShare,
    answers,
    metrics: metricFacts(q, metricInputs, segment),
    segment,
  });
  const segments = candidateSegments(rule, q);
  const metrics = [...new Set(rule.when.flatMap((c) => ('metric' in c ? [c.metric] : [])))].filter((id) => (METRIC_IDS as readonly string[]).includes(id));
  if (metrics.length === 0) {
    const segment = segments[0];
    return segment && ruleHolds(rule, context(segment, null)) ? { answers, segment, metricInputs: null } : null;
  }
  const fields = METRIC_INPUT_FIELDS.filter((field) => metrics.some((id) => METRIC_REQUIRES[id].includes(field)));
  const random = seeded(rule.when.length * 7919 + fields.length);
  const pick = (values: readonly number[]) => values[Math.floor(random() * values.length)]!;
  let best: { example: RuleExample; distance: number } | null = null;
  let matches = 0;
  for (let attempt = 0; attempt < SEARCH_TRIES && segments.length > 0 && matches < EXAMPLE_MATCHES; attempt++) {
    const segment = segments[attempt % segments.length]!;
    const inputs: Record<string, unknown> = { period: random() < 0.5 ? 'month' : 'year' };
    for (const field of fields) inputs[field] = pick(EXAMPLE_VALUES[METRIC_INPUT_KINDS[field]] ?? EXAMPLE_VALUES.count!);
    if (metricInputIssues(inputs).length > 0) continue;
    const metricInputs = inputs as MetricInputs;
    if (!ruleHolds(rule, context(segment, metricInputs))) continue;
    matches++;
    const distance = oddness(rule, q, metricInputs, segment);
    if (!best || distance < best.distance) best = { example: { answers, segment, metricInputs }, distance };
  }
  return best?.example ?? null;
}

/** How far `a` is from `b` by ratio, in either direction (0 when equal). */
function ratioDistance(a: number, b: number): number {
  return Math.abs(Math.log((Math.abs(a) + 1e-6) / (Math.abs(b) + 1e-6)));
}

/** How extreme an example's figures are: their distance from the rule's bounds, or from the figures of the benchmark judging them. */
function oddness(rule: Pick<Rule, 'when'>, q: Questionnaire, inputs: MetricInputs, segment: Segment): number {
  const values = computeMetrics(inputs);
  const verdicts = benchmarkMetrics(values, q.benchmarks, segment);
  // A segment part the rule does not need only makes the example harder to read.
  let distance = 0.1 * Object.keys(segment).length;
  for (const c of rule.when) {
    if (!('metric' in c)) continue;
    const value = values[c.metric];
    if (value == null) continue;
    if ('verdict' in c || 'tone' in c) {
      const benchmark = verdicts[c.metric]?.benchmark;
      const own = benchmark ? values[benchmark.metric] : null;
      const { kind: _kind, ...figures } = benchmark?.compare ?? { kind: '' };
      distance += own == null ? 10 : Math.min(...Object.values(figures).map((figure) => ratioDistance(own, figure as number)));
      continue;
    }
    const shown = shownValue(c.metric, value) ?? 0;
    distance += Math.min(...[c.below, c.atLeast].filter((b) => b !== undefined).map((b) => ratioDistance(shown, b!)));
  }
  return distance;
}

const VERDICT_WORDS = (id: string) => id.replace(/-/g, ' ');

/** A condition in words for content reviewers (English, with the content's names in `locale`): "Tooling score ≥ 60". */
export function describeCondition(condition: Condition, questionnaire: Questionnaire, locale: Locale): string {
  const q = localize(questionnaire, locale);
  const range = (c: { below?: number | undefined; atLeast?: number | undefined }, unit = '') =>
    [c.atLeast !== undefined ? `≥ ${c.atLeast}${unit}` : '', c.below !== undefined ? `< ${c.below}${unit}` : ''].filter(Boolean).join(' and ');
  if ('dontKnowShareAtLeast' in condition) return `"I don't know" in at least ${Math.round(condition.dontKnowShareAtLeast * 100)} % of the answers`;
  if ('question' in condition) {
    const question = q.questions.find((x) => x.id === condition.question);
    const label = (id: string) => question?.options?.find((o) => o.id === id)?.label ?? (q.ui.answers as Record<string, string>)[id] ?? id;
    const listed = condition.answer.map((id) => `"${label(id)}"`).join(' or ');
    return condition.absent
      ? `the answer to "${question?.text ?? condition.question}" is given and is none of ${listed}`
      : `the answer to "${question?.text ?? condition.question}" is ${listed}`;
  }
  if ('metric' in condition) {
    const name = q.ui.metric[condition.metric] ?? condition.metric;
    if ('verdict' in condition) return `${name}: verdict ${condition.verdict.map(VERDICT_WORDS).join(' or ')}`;
    if ('tone' in condition) {
      const verdicts = VERDICTS.filter((v) => (condition.tone as string[]).includes(VERDICT_TONE[v]));
      return `${name}: a ${condition.tone.join(' or ')} verdict (${verdicts.map(VERDICT_WORDS).join(', ')})`;
    }
    const unit = { percent: ' %', months: ' months', money: ' (money)', ratio: '' }[METRIC_UNITS[condition.metric] as string] ?? '';
    return `${name} ${range(condition, unit)}`;
  }
  if ('businessModel' in condition || 'dealSize' in condition) {
    const names = (ids: readonly string[] | undefined, options: { id: string; label: string }[]) => ids?.map((id) => options.find((o) => o.id === id)?.label ?? id).join(' or ');
    const parts = [
      'businessModel' in condition && condition.businessModel ? `business model is ${names(condition.businessModel, q.segments.businessModels)}` : '',
      condition.dealSize ? `deal size is ${names(condition.dealSize, q.segments.dealSizes)}` : '',
    ];
    return parts.filter(Boolean).join(' and ');
  }
  const name = condition.dimension === 'overall' ? 'overall' : (q.dimensions.find((d) => d.id === condition.dimension)?.name ?? condition.dimension);
  return `${name} score ${range(condition)}`;
}

/** An example in words for content reviewers: the scores and answers that matter, the segment, the numbers typed. */
export function describeExample(example: RuleExample, rule: Pick<Rule, 'when'>, questionnaire: Questionnaire, locale: Locale): string[] {
  const q = localize(questionnaire, locale);
  const lines: string[] = [];
  if (Object.keys(example.answers).length > 0) {
    const scores = scoreAnswers(q, example.answers, { minKnownShare: q.bands.notAssessed.minKnownShare });
    const named = new Set(rule.when.flatMap((c) => ('dimension' in c ? [c.dimension] : [])));
    const shown = scores.dimensions.filter((d) => named.has(d.dimension)).map((d) => `${q.dimensions.find((x) => x.id === d.dimension)?.name ?? d.dimension} ${d.score ?? 'not assessed'}`);
    if (named.has('overall')) shown.unshift(`overall ${scores.overall ?? 'not assessed'}`);
    const picked = rule.when.flatMap((c) => {
      if (!('question' in c)) return [];
      const given = example.answers[c.question];
      const ticked = typeof given === 'string' ? [given] : given ?? [];
      return [ticked.length > 0 ? describeCondition({ question: c.question, answer: ticked }, questionnaire, locale) : describeCondition({ ...c, absent: true }, questionnaire, locale)];
    });
    const unknown = scores.dontKnowCount > 0 ? ` (${scores.dontKnowCount} of ${scores.answered.applicable} "I don't know")` : '';
    lines.push(`Answers: every question answered${unknown}, at its lowest option unless raised to reach the scores${shown.length > 0 ? `: ${shown.join(', ')}` : ''}`);
    for (const text of picked) lines.push(`Answer: ${text}`);
  }
  const model = q.segments.businessModels.find((m) => m.id === example.segment.businessModel)?.label;
  const size = q.segments.dealSizes.find((d) => d.id === example.segment.dealSize)?.label;
  if (model || size) lines.push(`Segment: ${[model, size].filter(Boolean).join(', ')}`);
  const inputs = example.metricInputs;
  if (inputs) {
    const typed = METRIC_INPUT_FIELDS.filter((field) => inputs[field] !== undefined).map((field: MetricInputField) => {
      const value = inputs[field]!;
      const text = METRIC_INPUT_KINDS[field] === 'money' ? formatMoney(value, locale, inputs.currency) : formatNumber(value, locale);
      return `${q.ui.inputs[field]}: ${text}${METRIC_INPUT_KINDS[field] === 'percent' ? ' %' : ''}`;
    });
    lines.push(`Numbers (${inputs.period === 'month' ? 'a month' : 'a year'}): ${typed.join('; ')}`);
    const facts = metricFacts(questionnaire, inputs, example.segment) ?? {};
    const metricIds = [...new Set(rule.when.flatMap((c) => ('metric' in c ? [c.metric] : [])))] as MetricId[];
    const gives = metricIds.flatMap((id) => {
      const fact = facts[id];
      if (!fact || fact.value === null) return [];
      return [`${q.ui.metric[id]} ${formatMetricValue(id, fact.value, locale, inputs.currency)}${fact.verdict ? ` (${VERDICT_WORDS(fact.verdict)})` : ''}`];
    });
    if (gives.length > 0) lines.push(`Which gives: ${gives.join('; ')}`);
  }
  return lines;
}
