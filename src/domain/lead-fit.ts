import type { Report } from './report.ts';
import type { Segment } from './schemas/segment.ts';

/** A choice of content/segments.yaml in one language. */
interface Choice {
  id: string;
  label: string;
}

/** What qualifies a lead at a glance: the workspace heads a submission with it, the CRM note starts with it. */
export interface LeadFit {
  /** "B2B SaaS · USD 12,000–25,000 a year", the parts the visitor gave; `null` when neither. */
  segment: string | null;
  /** The company size's label; `null` when not given (leads from before it was asked). */
  size: string | null;
  /** The lowest-scored dimensions, lowest first (at most `count`). */
  weakest: { id: string; name: string; score: number }[];
  /** The names of the metrics the visitor's figures allowed to compute. */
  metrics: string[];
}

/**
 * The fit summary of a lead, from its stored Report and the segment and size it gave, with the
 * labels of content/segments.yaml in the reader's language (an unknown id is shown as is).
 * @param count how many weakest dimensions to name (2: "fix these first")
 */
export function leadFit(
  input: {
    /** What it reads of the stored Report; `null` when that could not be read. */
    report: { dimensions: readonly Pick<Report['dimensions'][number], 'id' | 'name' | 'score'>[]; metrics: readonly Pick<Report['metrics'][number], 'name' | 'value'>[] } | null;
    segment: Segment;
    companySize: string | null;
  },
  choices: { businessModels: Choice[]; dealSizes: Choice[]; companySizes: Choice[] },
  count = 2,
): LeadFit {
  const label = (list: Choice[], id: string | null | undefined) => (id ? (list.find((choice) => choice.id === id)?.label ?? id) : null);
  const parts = [label(choices.businessModels, input.segment.businessModel), label(choices.dealSizes, input.segment.dealSize)].filter((part): part is string => part !== null);
  const scored = (input.report?.dimensions ?? []).flatMap((d) => (d.score === null ? [] : [{ id: d.id, name: d.name, score: d.score }]));
  return {
    segment: parts.length > 0 ? parts.join(' · ') : null,
    size: label(choices.companySizes, input.companySize),
    // Stable: on a tie, the questionnaire's order decides, as everywhere else.
    weakest: scored.map((d, order) => ({ d, order })).sort((a, b) => a.d.score - b.d.score || a.order - b.order).slice(0, count).map(({ d }) => d),
    metrics: (input.report?.metrics ?? []).filter((m) => m.value !== null).map((m) => m.name),
  };
}
