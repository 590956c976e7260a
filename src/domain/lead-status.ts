/**
 * Where a lead stands in the consultants' pipeline, in pipeline order; every
 * submission starts as `new`. Their names for consultants are in
 * `content/workspace.yaml` (`status`), in every language.
 */
export const LEAD_STATUSES = ['new', 'contacted', 'qualified', 'won', 'lost'] as const;
export type LeadStatus = (typeof LEAD_STATUSES)[number];

export function isLeadStatus(value: unknown): value is LeadStatus {
  return (LEAD_STATUSES as readonly unknown[]).includes(value);
}
