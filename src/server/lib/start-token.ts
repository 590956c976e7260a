import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';

// A start token is the server's own record of when a visitor started the diagnostic: the issue
// time and a random nonce, signed with HMAC-SHA256, as `v1.<issuedAtMs>.<nonce>.<mac>` (base64url).
// The browser gets it in answer to its `started` funnel event and sends it back with the
// submission, so the fill time is measured from the server's clock, never from a time the client states.

export type StartTokenCheck =
  | { ok: true; issuedAt: Date; ageSeconds: number }
  | {
      ok: false;
      /** `missing`, `malformed` (not our format), `forged` (the signature does not match), `future` (issued after now), `too-young` (issued less than `minAgeSeconds` ago). */
      reason: 'missing' | 'malformed' | 'forged' | 'future' | 'too-young';
    };

const FORMAT = /^v1\.(\d{1,15})\.([A-Za-z0-9_-]{16})\.([A-Za-z0-9_-]{43})$/;

// A key of its own, derived from the secret: a MAC of this purpose is useless for any other.
function key(secret: string): Buffer {
  return createHmac('sha256', secret).update('revops:start-token:v1').digest();
}

function mac(secret: string, payload: string): Buffer {
  return createHmac('sha256', key(secret)).update(payload).digest();
}

/**
 * A new start token issued at `now`, signed with `secret` (the server's `IP_HASH_SALT`).
 * @example signStartToken(env.IP_HASH_SALT, new Date()) // 'v1.1741620600000.3q2-7wYh1kQv0bXa.Yk…'
 */
export function signStartToken(secret: string, now: Date, nonce: Buffer = randomBytes(12)): string {
  const payload = `v1.${now.getTime()}.${nonce.toString('base64url')}`;
  return `${payload}.${mac(secret, payload).toString('base64url')}`;
}

/**
 * Checks a start token against `secret` at `now`: its signature (in constant time), that it
 * was not issued in the future, and that at least `minAgeSeconds` have passed since.
 * @example verifyStartToken(token, env.IP_HASH_SALT, { now: new Date(), minAgeSeconds: 30 })
 */
export function verifyStartToken(token: string | null | undefined, secret: string, { now, minAgeSeconds = 0 }: { now: Date; minAgeSeconds?: number }): StartTokenCheck {
  if (!token) return { ok: false, reason: 'missing' };
  const match = FORMAT.exec(token);
  if (!match) return { ok: false, reason: 'malformed' };
  const [, issuedAtMs, nonce, given] = match as unknown as [string, string, string, string];
  const expected = mac(secret, `v1.${issuedAtMs}.${nonce}`);
  const actual = Buffer.from(given, 'base64url');
  // 43 base64url characters always decode to 32 bytes, but a length check keeps timingSafeEqual from throwing.
  if (actual.length !== expected.length || !timingSafeEqual(actual, expected)) return { ok: false, reason: 'forged' };
  const issuedAt = new Date(Number(issuedAtMs));
  const ageSeconds = (now.getTime() - issuedAt.getTime()) / 1000;
  if (ageSeconds < 0) return { ok: false, reason: 'future' };
  if (ageSeconds < minAgeSeconds) return { ok: false, reason: 'too-young' };
  return { ok: true, issuedAt, ageSeconds };
}
