import { z } from 'astro/zod';

/**
 * The separate choices a visitor makes, each unticked until they tick it: `report` (email me the
 * report; needed to send it), `contact` (a consultant may contact me), `masterclass` (sign me up).
 */
export const CONSENT_PURPOSES = ['report', 'contact', 'masterclass'] as const;
export type ConsentPurpose = (typeof CONSENT_PURPOSES)[number];

/** One choice as given: when, and which version of its text the visitor read. */
export const ConsentRecordSchema = z.strictObject({
  /** When it was given, ISO 8601. */
  at: z.iso.datetime({ offset: true }),
  /** The version of the text shown (a hash of its wording in the visitor's language, e.g. `es-3f9a0c12d4`). */
  version: z.string().min(1).max(60),
  /** When it was withdrawn (unsubscribe), ISO 8601. */
  withdrawnAt: z.iso.datetime({ offset: true }).optional(),
});
export type ConsentRecord = z.infer<typeof ConsentRecordSchema>;

/** The choices stored with a submission; a purpose left out was not agreed to. */
export const ConsentsSchema = z.strictObject({
  report: ConsentRecordSchema.optional(),
  contact: ConsentRecordSchema.optional(),
  masterclass: ConsentRecordSchema.optional(),
});
export type Consents = z.infer<typeof ConsentsSchema>;

/** Whether `purpose` was agreed to and not withdrawn since. */
export function hasConsent(consents: Consents | null | undefined, purpose: ConsentPurpose): boolean {
  const record = consents?.[purpose];
  return Boolean(record && !record.withdrawnAt);
}
