import { createHmac, timingSafeEqual } from 'node:crypto';

/**
 * Hashes and signed tokens for links sent by email (unsubscribe, erasure): keyed with
 * `IP_HASH_SALT`, which must never change once the site is live (the suppression list holds
 * these hashes, and old emails carry these links).
 */

/**
 * A salted hash of an email address (lowercase, trimmed): what the suppression list keeps, so
 * an unsubscribe survives the erasure of the lead and the list holds no address in clear.
 */
export function emailHash(email: string, salt: string): string {
  return createHmac('sha256', salt).update(`email:${email.trim().toLowerCase()}`).digest('base64url').slice(0, 32);
}

function signature(purpose: string, value: string, salt: string): string {
  return createHmac('sha256', salt).update(`${purpose}:${value}`).digest('base64url').slice(0, 32);
}

/** The token of an unsubscribe link: the address's hash and its signature; no address in the URL. */
export function unsubscribeToken(email: string, salt: string): string {
  const hash = emailHash(email, salt);
  return `${hash}.${signature('unsubscribe', hash, salt)}`;
}

/** The unsubscribe links of an email to `email`: the page (the footer's link) and the RFC 8058 one-click address (the header). */
export function unsubscribeLinks(site: string, locale: string, email: string, salt: string): { pageUrl: string; oneClickUrl: string } {
  const token = unsubscribeToken(email, salt);
  const base = site.replace(/\/$/, '');
  return { pageUrl: `${base}/${locale}/unsubscribe/?t=${token}`, oneClickUrl: `${base}/api/unsubscribe?t=${token}` };
}

/** The address hash an unsubscribe token stands for, or `null` when it was not signed by this site. */
export function readUnsubscribeToken(token: string, salt: string): string | null {
  const [hash, sig] = token.split('.');
  if (!hash || !sig || token.length > 100) return null;
  return safeEqual(sig, signature('unsubscribe', hash, salt)) ? hash : null;
}

/** How long an erasure confirmation link works, in hours. */
export const ERASURE_LINK_HOURS = 24;

/** The token of an erasure confirmation link: which submission, until when, signed. */
export function erasureToken(submissionId: string, expiresAt: Date, salt: string): string {
  const value = `${submissionId}.${expiresAt.getTime().toString(36)}`;
  return `${value}.${signature('erase', value, salt)}`;
}

/** The submission an erasure token confirms, or why not: `invalid` (not this site's) or `expired`. */
export function readErasureToken(token: string, salt: string, now: Date): { submissionId: string } | { error: 'invalid' | 'expired' } {
  const parts = token.split('.');
  if (parts.length !== 3 || token.length > 200) return { error: 'invalid' };
  const [id, expires, sig] = parts as [string, string, string];
  if (!safeEqual(sig, signature('erase', `${id}.${expires}`, salt))) return { error: 'invalid' };
  if (parseInt(expires, 36) < now.getTime()) return { error: 'expired' };
  return { submissionId: id };
}

function safeEqual(a: string, b: string): boolean {
  const left = Buffer.from(a);
  const right = Buffer.from(b);
  return left.length === right.length && timingSafeEqual(left, right);
}
