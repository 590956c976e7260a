import type { z } from 'astro/zod';
import { DimensionsFileSchema } from './schemas/dimension.ts';
import { QuestionsFileSchema } from './schemas/question.ts';
import { BandsFileSchema, type Band } from './schemas/band.ts';
import { RecommendationsFileSchema } from './schemas/recommendation.ts';
import { RulesFileSchema } from './schemas/rule.ts';
import { BenchmarksFileSchema } from './schemas/benchmark.ts';
import { SegmentsFileSchema } from './schemas/segment.ts';
import { OfferSchema } from './schemas/offer.ts';
import { UiTextsSchema } from './schemas/ui-texts.ts';
import { EmailTextsSchema } from './schemas/email-texts.ts';
import { WorkspaceTextsSchema } from './schemas/workspace-texts.ts';
import { DurationSettingsSchema } from './schemas/duration.ts';
import { ConsultancySchema } from './schemas/consultancy.ts';
import type { Questionnaire } from './schemas/questionnaire.ts';
import { DONT_KNOW, NOT_APPLICABLE, scoredOptions } from './question.ts';
import { claimContradictions } from './band.ts';
import { KINDS_WITH_LOWEST_ANSWER, lowestAnswers, triggeredByAnswer } from './recommendation.ts';
import { METRIC_IDS } from './metrics.ts';
import { VERDICT_TONE, VERDICTS } from './benchmark.ts';
import { placeholderIssues } from './rule.ts';

/** A parsed content file: its path (as shown in errors) and its data. */
export interface ContentFile {
  path: string;
  /** The file's data; for a file holding a list under one key (`listKey`), that list. */
  data: unknown;
  /** The key the file holds its list under (`rules:`), named first in this file's error paths. */
  listKey?: string;
}

/** The content files, one per concept; questions come one file per dimension. */
export interface ContentSources {
  dimensions: ContentFile;
  questions: ContentFile[];
  bands: ContentFile;
  recommendations: ContentFile;
  rules: ContentFile;
  benchmarks: ContentFile;
  segments: ContentFile;
  offer: ContentFile;
  ui: ContentFile;
  emails: ContentFile;
  duration: ContentFile;
  /** The consultants' workspace texts. */
  workspace: ContentFile;
  /** Who is behind the site: the consultancy, its consultants, its privacy policy. */
  consultancy: ContentFile;
}

/** One problem in the content, located by file and field path. */
export interface ContentIssue {
  file: string;
  /** e.g. `[2].options[1].label.pt`; empty for the whole file. */
  path: string;
  message: string;
}

/** `content/questions/data-quality.yaml: [2].options[1].label.pt: required` */
export function formatContentIssue(issue: ContentIssue): string {
  return issue.path ? `${issue.file}: ${issue.path}: ${issue.message}` : `${issue.file}: ${issue.message}`;
}

/** A zod path as authors read it: `[2].options[1].label.pt`. */
export function formatPath(path: readonly PropertyKey[]): string {
  return path
    .map((key, index) => (typeof key === 'number' ? `[${key}]` : index === 0 ? String(key) : `.${String(key)}`))
    .join('');
}

/** A path in a file's data as the author finds it in the file: under its list's key, if any. */
const inFile = (file: ContentFile, path: readonly PropertyKey[]): readonly PropertyKey[] =>
  file.listKey === undefined ? path : [file.listKey, ...path];

/** zod's messages, reworded where an author would not understand them. */
function authorMessage(issue: z.core.$ZodIssue): string {
  if (issue.code !== 'invalid_type' || !issue.message.startsWith('Invalid input')) return issue.message;
  if (/ received undefined$/.test(issue.message)) return 'required';
  return `must be ${issue.expected === 'object' ? 'a group of fields' : issue.expected === 'array' ? 'a list' : `a ${issue.expected}`}`;
}

export type AssembleResult = { ok: true; questionnaire: Questionnaire } | { ok: false; issues: ContentIssue[] };

/**
 * Validates every content file with its schema, then the references between
 * files (ids, dimensions, bands, segments), and assembles the Questionnaire.
 * Reports every problem found, not just the first.
 */
export function assembleQuestionnaire(sources: ContentSources, version: string): AssembleResult {
  const issues: ContentIssue[] = [];
  function parse<T>(schema: z.ZodType<T>, file: ContentFile): T | undefined {
    const result = schema.safeParse(file.data);
    if (result.success) return result.data;
    for (const issue of result.error.issues) {
      issues.push({ file: file.path, path: formatPath(inFile(file, issue.path)), message: authorMessage(issue) });
    }
    return undefined;
  }
  const add = (file: ContentFile, path: readonly PropertyKey[], message: string) =>
    issues.push({ file: file.path, path: formatPath(inFile(file, path)), message });

  const dimensions = parse(DimensionsFileSchema, sources.dimensions);
  const questionFiles = sources.questions.map((file) => ({ file, questions: parse(QuestionsFileSchema, file) }));
  const bands = parse(BandsFileSchema, sources.bands);
  const recommendations = parse(RecommendationsFileSchema, sources.recommendations);
  const rules = parse(RulesFileSchema, sources.rules);
  const benchmarks = parse(BenchmarksFileSchema, sources.benchmarks);
  const segments = parse(SegmentsFileSchema, sources.segments);
  const offer = parse(OfferSchema, sources.offer);
  const ui = parse(UiTextsSchema, sources.ui);
  const emails = parse(EmailTextsSchema, sources.emails);
  const duration = parse(DurationSettingsSchema, sources.duration);
  const workspace = parse(WorkspaceTextsSchema, sources.workspace);
  const consultancy = parse(ConsultancySchema, sources.consultancy);

  const dimensionIds = new Set<string>();
  dimensions?.forEach((dimension, index) => {
    if (dimensionIds.has(dimension.id)) add(sources.dimensions, [index, 'id'], `duplicate dimension id "${dimension.id}"`);
    dimensionIds.add(dimension.id);
  });
  const knownDimensions = () => [...dimensionIds].join(', ');

  if (sources.questions.length === 0) issues.push({ file: 'content/questions/', path: '', message: 'no question files found' });
  const questionIds = new Map<string, string>();
  const questionedDimensions = new Set<string>();
  for (const { file, questions } of questionFiles) {
    questions?.forEach((question, index) => {
      const other = questionIds.get(question.id);
      if (other) add(file, [index, 'id'], `duplicate question id "${question.id}" (also in ${other})`);
      questionIds.set(question.id, file.path);
      if (dimensions && !dimensionIds.has(question.dimension))
        add(file, [index, 'dimension'], `unknown dimension "${question.dimension}" (known: ${knownDimensions()})`);
      questionedDimensions.add(question.dimension);
    });
  }
  if (dimensions && questionFiles.every((f) => f.questions)) {
    for (const [index, dimension] of dimensions.entries()) {
      if (!questionedDimensions.has(dimension.id)) add(sources.dimensions, [index], `dimension "${dimension.id}" has no questions`);
    }
  }

  if (bands && dimensions) {
    for (const id of Object.keys(bands.dimensions)) {
      if (!dimensionIds.has(id)) add(sources.bands, ['dimensions', id], `unknown dimension "${id}" (known: ${knownDimensions()})`);
    }
    for (const dimension of dimensions) {
      if (!bands.dimensions[dimension.id]) add(sources.bands, ['dimensions', dimension.id], 'required: every dimension needs its bands');
    }
  }

  if (bands && dimensions && questionFiles.every((f) => f.questions)) {
    const reach = { dimensions, questions: questionFiles.flatMap((f) => f.questions ?? []), minKnownShare: bands.notAssessed.minKnownShare };
    const lists: [string[], string | null, readonly Band[]][] = [
      [['overall'], null, bands.overall],
      ...Object.entries(bands.dimensions).map(([id, list]): [string[], string, readonly Band[]] => [['dimensions', id], id, list]),
    ];
    for (const [path, dimension, list] of lists) {
      list.forEach((band, b) => {
        band.claims?.forEach((claim, c) => {
          const at = [...path, b, 'claims', c];
          const question = reach.questions.find((x) => x.id === claim.question);
          if (!question) return add(sources.bands, [...at, 'question'], `unknown question "${claim.question}"`);
          if (dimension !== null && question.dimension !== dimension)
            return add(sources.bands, [...at, 'question'], `question "${question.id}" is in dimension "${question.dimension}": a "${dimension}" band cannot speak about it`);
          for (const { answer, score } of claimContradictions(reach, dimension ?? 'overall', band, claim, question)) {
            const scoreName = dimension === null ? 'overall score' : `"${dimension}" score`;
            const below = !scoredOptions(question).some((o) => o.id === answer && claim.atMost !== undefined && o.score > claim.atMost);
            add(sources.bands, at, below
              ? `answer "${answer}" of question "${question.id}" contradicts this claim, yet the ${scoreName} can reach ${score} with it, and band "${band.id}" starts at ${band.min}: rewrite the summary about the level as a whole, or drop the claim`
              : `answer "${answer}" of question "${question.id}" contradicts this claim, yet the ${scoreName} can be as low as ${score} with it, and band "${band.id}" ends at ${band.max}: rewrite the summary about the level as a whole, or drop the claim`);
          }
        });
      });
    }
  }

  if (recommendations && bands && dimensions) {
    const seen = new Set<string>();
    const ids = new Set<string>();
    recommendations.forEach((recommendation, index) => {
      if (ids.has(recommendation.id)) add(sources.recommendations, [index, 'id'], `duplicate recommendation id "${recommendation.id}"`);
      ids.add(recommendation.id);
      const dimensionBands = bands.dimensions[recommendation.dimension];
      if (!dimensionIds.has(recommendation.dimension)) {
        add(sources.recommendations, [index, 'dimension'], `unknown dimension "${recommendation.dimension}" (known: ${knownDimensions()})`);
      } else if (recommendation.band !== undefined && dimensionBands && !dimensionBands.some((b) => b.id === recommendation.band)) {
        add(sources.recommendations, [index, 'band'], `unknown band "${recommendation.band}" for dimension "${recommendation.dimension}" (known: ${dimensionBands.map((b) => b.id).join(', ')})`);
      }
      if (recommendation.band === undefined) return;
      const key = `${recommendation.dimension}/${recommendation.band}`;
      if (seen.has(key)) add(sources.recommendations, [index], `duplicate recommendation for ${key}`);
      seen.add(key);
    });
    for (const dimension of dimensions) {
      for (const band of bands.dimensions[dimension.id] ?? []) {
        if (!seen.has(`${dimension.id}/${band.id}`))
          add(sources.recommendations, [], `missing a recommendation for dimension "${dimension.id}", band "${band.id}"`);
      }
    }
  }

  const allQuestions = questionFiles.flatMap((f) => f.questions ?? []);
  /** A condition on an answer names a question that exists and options it offers. */
  const checkAnswerCondition = (file: ContentFile, path: readonly PropertyKey[], condition: { question: string; answer: string[] }) => {
    if (!questionFiles.every((f) => f.questions)) return;
    const question = allQuestions.find((q) => q.id === condition.question);
    if (!question) {
      add(file, [...path, 'question'], `unknown question "${condition.question}"`);
      return;
    }
    const offered = [...scoredOptions(question).map((o) => o.id), ...(question.dontKnow ? [DONT_KNOW] : []), ...(question.notApplicable ? [NOT_APPLICABLE] : [])];
    condition.answer.forEach((id, a) => {
      if (!offered.includes(id)) add(file, [...path, 'answer', a], `"${id}" is not an answer of question "${question.id}" (its answers: ${offered.join(', ')})`);
    });
  };

  /** A condition on a metric names a metric the code computes, and verdicts or tones that exist. */
  const checkMetricCondition = (path: readonly PropertyKey[], condition: { metric: string; verdict?: readonly string[]; tone?: readonly string[] }) => {
    if (!(METRIC_IDS as readonly string[]).includes(condition.metric))
      add(sources.rules, [...path, 'metric'], `unknown metric "${condition.metric}" (known: ${METRIC_IDS.join(', ')})`);
    condition.verdict?.forEach((id, v) => {
      if (!(VERDICTS as readonly string[]).includes(id)) add(sources.rules, [...path, 'verdict', v], `unknown verdict "${id}" (known: ${VERDICTS.join(', ')})`);
    });
    const tones = [...new Set(Object.values(VERDICT_TONE))].sort();
    condition.tone?.forEach((id, t) => {
      if (!(tones as string[]).includes(id)) add(sources.rules, [...path, 'tone', t], `unknown tone "${id}" (known: ${tones.join(', ')})`);
    });
  };
  /** A condition on the segment names business models and deal sizes of `content/segments.yaml`. */
  const checkSegmentCondition = (path: readonly PropertyKey[], condition: { businessModel?: readonly string[]; dealSize?: readonly string[] }) => {
    if (!segments) return;
    const kinds = [['businessModel', 'businessModels', 'business model'], ['dealSize', 'dealSizes', 'deal size']] as const;
    for (const [key, list, name] of kinds) {
      const known = segments[list].map((o) => o.id);
      condition[key]?.forEach((id, i) => {
        if (!known.includes(id)) add(sources.rules, [...path, key, i], `unknown ${name} "${id}" (known in ${sources.segments.path}: ${known.join(', ')})`);
      });
    }
  };

  if (rules) {
    const ruleIds = new Set<string>();
    rules.forEach((rule, index) => {
      if (ruleIds.has(rule.id)) add(sources.rules, [index, 'id'], `duplicate rule id "${rule.id}"`);
      ruleIds.add(rule.id);
      rule.when.forEach((condition, c) => {
        if ('dimension' in condition && condition.dimension !== 'overall' && dimensions && !dimensionIds.has(condition.dimension))
          add(sources.rules, [index, 'when', c, 'dimension'], `unknown dimension "${condition.dimension}" (known: overall, ${knownDimensions()})`);
        if ('question' in condition) checkAnswerCondition(sources.rules, [index, 'when', c], condition);
        if ('metric' in condition) checkMetricCondition([index, 'when', c], condition);
        if ('businessModel' in condition || 'dealSize' in condition) checkSegmentCondition([index, 'when', c], condition);
      });
      for (const issue of placeholderIssues(rule)) add(sources.rules, [index, ...issue.path], issue.message);
    });
  }

  if (recommendations) {
    recommendations.forEach((recommendation, index) => {
      for (const key of ['when', 'whenAny'] as const) {
        recommendation[key]?.forEach((condition, c) => {
          if ('dimension' in condition && condition.dimension !== 'overall' && dimensions && !dimensionIds.has(condition.dimension))
            add(sources.recommendations, [index, key, c, 'dimension'], `unknown dimension "${condition.dimension}" (known: overall, ${knownDimensions()})`);
          if ('question' in condition) checkAnswerCondition(sources.recommendations, [index, key, c], condition);
        });
      }
    });
  }

  if (recommendations && rules && questionFiles.every((f) => f.questions)) {
    // A marketer who adds a question is told when its worst answer would change nothing the visitor reads.
    const triggers = [...recommendations, ...rules];
    for (const { file, questions } of questionFiles) {
      questions?.forEach((question, index) => {
        if (!KINDS_WITH_LOWEST_ANSWER.includes(question.kind)) return;
        for (const answer of lowestAnswers(scoredOptions(question))) {
          if (triggers.some((item) => triggeredByAnswer(item, question.id, answer))) continue;
          add(file, [index], `question "${question.id}": its lowest answer "${answer}" triggers no recommendation (content/recommendations.yaml) or finding (content/rules.yaml); add one with when: [{question: ${question.id}, answer: [${answer}]}]`);
        }
      });
    }
  }

  if (segments) {
    for (const key of ['businessModels', 'dealSizes'] as const) {
      const ids = new Set<string>();
      segments[key].forEach((option, index) => {
        if (ids.has(option.id)) add(sources.segments, [key, index, 'id'], `duplicate id "${option.id}"`);
        ids.add(option.id);
      });
    }
  }

  if (benchmarks && segments) {
    const ids = new Set<string>();
    benchmarks.forEach((benchmark, index) => {
      if (ids.has(benchmark.id)) add(sources.benchmarks, [index, 'id'], `duplicate benchmark id "${benchmark.id}"`);
      ids.add(benchmark.id);
      for (const key of ['businessModels', 'dealSizes'] as const) {
        const known = segments[key].map((o) => o.id);
        benchmark[key]?.forEach((id, i) => {
          if (!known.includes(id)) add(sources.benchmarks, [index, key, i], `unknown segment "${id}" (known in content/segments.yaml: ${known.join(', ')})`);
        });
      }
    });
  }

  if (issues.length > 0 || !dimensions || !bands || !recommendations || !rules || !benchmarks || !segments || !offer || !ui || !emails || !duration || !workspace || !consultancy) {
    return { ok: false, issues };
  }
  const sortedDimensions = [...dimensions].sort((a, b) => a.order - b.order);
  const dimensionOrder = new Map(sortedDimensions.map((d, i) => [d.id, i]));
  const questions = questionFiles
    .flatMap((f) => f.questions ?? [])
    .sort((a, b) => (dimensionOrder.get(a.dimension) ?? 0) - (dimensionOrder.get(b.dimension) ?? 0) || a.order - b.order);
  return {
    ok: true,
    questionnaire: { version, dimensions: sortedDimensions, questions, bands, recommendations, rules, benchmarks, segments, offer, ui, emails, duration, workspace, consultancy },
  };
}
