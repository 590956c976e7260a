import { z } from 'astro/zod';

/** The weekdays a prospect can ask to be called on. */
export const CALL_DAYS = ['mon', 'tue', 'wed', 'thu', 'fri'] as const;
export type CallDay = (typeof CALL_DAYS)[number];

/** The time windows a prospect can ask to be called in, in their own time zone: 9–12, 12–15, 15–18. */
export const CALL_WINDOWS = ['morning', 'midday', 'afternoon'] as const;
export type CallWindow = (typeof CALL_WINDOWS)[number];

/** Digits, spaces and the usual separators, with an optional leading +: what people type as a phone number. */
const PHONE = /^\+?[0-9][0-9 ().-]{5,24}$/;

/** True when `zone` is an IANA time zone this runtime knows, e.g. `America/Mexico_City`. */
export function isTimeZone(zone: string): boolean {
  try {
    new Intl.DateTimeFormat('en', { timeZone: zone });
    return /^[A-Za-z_]+(\/[A-Za-z0-9_+-]+)*$/.test(zone);
  } catch {
    return false;
  }
}

/** A form field that may come once (a string) or several times (a list). */
const many = <T extends z.ZodType>(item: T) => z.preprocess((value) => (value === undefined ? [] : Array.isArray(value) ? value : [value]), z.array(item));

/**
 * "Request a call", the site's own form when `content/offer.yaml` names no booking page: when the
 * prospect can take a call (at least one day and one window), their time zone (from the browser;
 * absent without JavaScript) and an optional phone number. Stored on the submission.
 */
export const CallRequestSchema = z.strictObject({
  days: many(z.enum(CALL_DAYS, { error: 'must be a weekday' })).pipe(z.array(z.enum(CALL_DAYS)).min(1, 'choose at least one day')),
  windows: many(z.enum(CALL_WINDOWS, { error: 'must be a time window' })).pipe(z.array(z.enum(CALL_WINDOWS)).min(1, 'choose at least one time window')),
  timeZone: z
    .string()
    .trim()
    .max(64)
    .optional()
    .transform((value) => (value ? value : null))
    .refine((value) => value === null || isTimeZone(value), 'must be a time zone such as Europe/Madrid'),
  phone: z
    .string()
    .trim()
    .max(40)
    .optional()
    .transform((value) => (value ? value : null))
    .refine((value) => value === null || PHONE.test(value), 'must be a phone number'),
});
export type CallRequest = z.infer<typeof CallRequestSchema>;
