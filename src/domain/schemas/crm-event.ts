import { z } from 'astro/zod';
import { LocaleSchema } from './text.ts';
import { FirstTouchSchema } from './first-touch.ts';

/**
 * What happened to a lead, as the CRM and the webhook receive it: `lead.submitted` (took the
 * diagnostic and agreed to be contacted), `lead.status_changed` (a consultant moved it in the
 * pipeline), `lead.call_requested` (asked for a call from the permalink), `masterclass.registered`
 * (signed up, with or without a diagnostic), `lead.erased` (asked for their data to be erased).
 */
export const CRM_EVENT_TYPES = ['lead.submitted', 'lead.status_changed', 'lead.call_requested', 'masterclass.registered', 'lead.erased'] as const;
export type CrmEventType = (typeof CRM_EVENT_TYPES)[number];

/** The lead as known when the event happened (version 1 of the payload). */
export const CrmLeadSchema = z.strictObject({
  /** The lead's address: the key receivers match contacts on (case-insensitively). */
  email: z.string(),
  /** The full name as typed; null when not given. */
  name: z.string().nullable(),
  company: z.string().nullable(),
  /** The job title as typed. */
  role: z.string().nullable(),
  /** An id of `companySizes` in content/segments.yaml. */
  companySize: z.string().nullable(),
  /** The language the lead used the site in: `es`, `pt` or `en`. */
  locale: LocaleSchema,
  /** The submission's id, when the lead took the diagnostic. */
  submissionId: z.uuid().nullable(),
  /** The results permalink, when the lead took the diagnostic. */
  permalink: z.url().nullable(),
  /** When the diagnostic was submitted, ISO 8601. */
  submittedAt: z.iso.datetime({ offset: true }).nullable(),
  /** Overall score, 0–100, null when no answer could be scored. */
  overallScore: z.number().nullable(),
  /** The overall band's id (content/bands.yaml). */
  band: z.string().nullable(),
  /** The weakest dimension's id (content/dimensions.yaml). */
  weakestDimension: z.string().nullable(),
  /** Score per dimension id, 0–100 or null. */
  dimensionScores: z.record(z.string(), z.number().nullable()),
  /** Each metric the lead's numbers allowed to compute, by metric id, in its unit (percent as 0–100, money in `currency`). */
  metrics: z.record(z.string(), z.number()),
  /** The ISO 4217 code of the money metrics (`EUR`, `USD`…), when the lead chose one. */
  currency: z.string().nullable(),
  /** An id of `businessModels` in content/segments.yaml. */
  businessModel: z.string().nullable(),
  /** An id of `dealSizes` in content/segments.yaml. */
  dealSize: z.string().nullable(),
  /** The consultants' follow-up status (src/domain/lead-status.ts). */
  status: z.string().nullable(),
  /** Whether the lead signed up for the masterclass. */
  masterclass: z.boolean(),
  /** The masterclass session chosen (`sessions[].id` in content/offer.yaml). */
  masterclassSession: z.string().nullable(),
  /** When the lead asked for a call, ISO 8601. */
  callRequestedAt: z.iso.datetime({ offset: true }).nullable(),
  /** Where the lead's first visit came from (UTM parameters, referrer, landing page). */
  firstTouch: FirstTouchSchema.nullable(),
  /** The report in a few lines, for a note in the CRM. */
  summary: z.string(),
});
export type CrmLead = z.infer<typeof CrmLeadSchema>;

/**
 * One event, as delivered to HubSpot and as the JSON body of the generic webhook. `id` is stable
 * across retries (the Standard Webhooks `webhook-id`): receivers deduplicate on it.
 */
export const CrmEventSchema = z.discriminatedUnion('type', [
  z.strictObject({
    /** The payload's version: a field is renamed or removed only with a new version. */
    version: z.literal(1),
    /** Unique per event, the same for every target and every retry. */
    id: z.uuid(),
    type: z.enum(['lead.submitted', 'lead.status_changed', 'lead.call_requested', 'masterclass.registered']),
    /** When it happened, ISO 8601 (a retry keeps it). */
    occurredAt: z.iso.datetime({ offset: true }),
    /** The lead as known when it happened. */
    lead: CrmLeadSchema,
  }),
  z.strictObject({
    version: z.literal(1),
    id: z.uuid(),
    type: z.literal('lead.erased'),
    occurredAt: z.iso.datetime({ offset: true }),
    /** Only the address, so the receiver can find and erase the contact. */
    lead: z.strictObject({ email: z.string(), submissionId: z.uuid().nullable() }),
  }),
]);
export type CrmEvent = z.infer<typeof CrmEventSchema>;
