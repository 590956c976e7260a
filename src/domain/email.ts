/**
 * The one rule for an email address, used by the lead form in the browser, the submission
 * schema and the consultants' sign-in: one @, a dotted domain whose labels are letters, digits
 * and inner hyphens, no spaces or angle brackets, no `..`, at most 254 characters.
 * Plain code with no zod, so the browser can check it at once with the server's own rule.
 */

/** Longest address accepted, in characters (RFC 5321's path limit less the brackets). */
export const MAX_EMAIL_LENGTH = 254;

const EMAIL_PATTERN = /^[A-Za-z0-9.!#$%&'*+/=?^_`{|}~-]+@[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?)+$/;

/** Whether `value`, trimmed, is an address this site accepts (length included). */
export function isEmailAddress(value: string): boolean {
  const email = value.trim();
  return email.length <= MAX_EMAIL_LENGTH && EMAIL_PATTERN.test(email) && !email.includes('..');
}

/** An address as stored and compared: trimmed, lowercase. */
export function normalizeEmail(value: string): string {
  return value.trim().toLowerCase();
}
