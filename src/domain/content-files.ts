import { z } from 'astro/zod';
import { DimensionsFileSchema } from './schemas/dimension.ts';
import { QuestionsFileSchema } from './schemas/question.ts';
import { BandsFileSchema } from './schemas/band.ts';
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
import type { ContentSources } from './questionnaire.ts';

/**
 * Every kind of file in `content/`, with its schema: what the loader reads, what the JSON Schemas
 * are generated from, and what the web editor's fields are built from.
 */
export interface ContentFileKind {
  /** The slot in `ContentSources`. */
  source: keyof ContentSources;
  /** Under `content/`: a file (`bands.yaml`), or a folder of files of this kind (`questions/`). */
  path: string;
  /** A file holding a list holds it under this key (`rules:`), so that every file is a group of fields. */
  listKey?: string;
  /** What the file holds, as the editor names it. */
  label: string;
  schema: z.ZodType;
}

export const CONTENT_FILES = [
  { source: 'dimensions', path: 'dimensions.yaml', listKey: 'dimensions', label: 'Dimensions', schema: DimensionsFileSchema },
  { source: 'questions', path: 'questions/', listKey: 'questions', label: 'Questions', schema: QuestionsFileSchema },
  { source: 'bands', path: 'bands.yaml', label: 'Bands', schema: BandsFileSchema },
  { source: 'recommendations', path: 'recommendations.yaml', listKey: 'recommendations', label: 'Recommendations', schema: RecommendationsFileSchema },
  { source: 'rules', path: 'rules.yaml', listKey: 'rules', label: 'Rules (findings)', schema: RulesFileSchema },
  { source: 'benchmarks', path: 'benchmarks.yaml', listKey: 'benchmarks', label: 'Benchmarks', schema: BenchmarksFileSchema },
  { source: 'segments', path: 'segments.yaml', label: 'Segments', schema: SegmentsFileSchema },
  { source: 'offer', path: 'offer.yaml', label: 'Offer (call and masterclass)', schema: OfferSchema },
  { source: 'ui', path: 'ui.yaml', label: 'Site texts', schema: UiTextsSchema },
  { source: 'emails', path: 'emails.yaml', label: 'Email texts', schema: EmailTextsSchema },
  { source: 'duration', path: 'duration.yaml', label: 'Duration estimate', schema: DurationSettingsSchema },
  { source: 'workspace', path: 'workspace.yaml', label: 'Workspace texts', schema: WorkspaceTextsSchema },
  { source: 'consultancy', path: 'consultancy.yaml', label: 'Consultancy and privacy', schema: ConsultancySchema },
] as const satisfies readonly ContentFileKind[];

/** The schema of a whole file of this kind: with a list file, the group holding the list under its key. */
export function fileSchema(kind: ContentFileKind): z.ZodType {
  return kind.listKey === undefined ? kind.schema : z.strictObject({ [kind.listKey]: kind.schema });
}

/** The kind of a file, by its path under `content/` (`questions/tooling.yaml` is a `questions` file). */
export function contentFileKind(path: string): ContentFileKind | undefined {
  return CONTENT_FILES.find((kind) => (kind.path.endsWith('/') ? path.startsWith(kind.path) && /^[^/]+\.ya?ml$/.test(path.slice(kind.path.length)) : path === kind.path));
}

/**
 * The data with empty groups and lists left out (`claims: []`, `hint: {}`), innermost first: the
 * web editor writes a group or list the author left empty that way, and every content file means
 * by it what leaving the field out means.
 */
export function withoutEmpty(data: unknown): unknown {
  if (Array.isArray(data)) return data.map(withoutEmpty);
  if (typeof data !== 'object' || data === null) return data;
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(data)) {
    const v = withoutEmpty(value);
    const empty = Array.isArray(v) ? v.length === 0 : typeof v === 'object' && v !== null && Object.keys(v).length === 0;
    if (!empty) out[key] = v;
  }
  return out;
}
