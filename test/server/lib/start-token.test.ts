import { describe, expect, it } from 'vitest';
import { signStartToken, verifyStartToken } from '../../../src/server/lib/start-token.ts';
import { SubmissionSchema } from '../../../src/domain/schemas/submission.ts';

const SECRET = 'test-salt-0123456789';
const ISSUED = new Date('2025-03-10T15:30:00.000Z');
const later = (seconds: number) => new Date(ISSUED.getTime() + seconds * 1000);

/** Replaces the `index`th dot-separated part of a token. */
function withPart(token: string, index: number, value: string): string {
  const parts = token.split('.');
  parts[index] = value;
  return parts.join('.');
}

describe('start tokens', () => {
  const token = signStartToken(SECRET, ISSUED);

  it('are v1.<issued ms>.<nonce>.<mac>, base64url, well under the length the submission accepts', () => {
    expect(token).toMatch(/^v1\.1741620600000\.[A-Za-z0-9_-]{16}\.[A-Za-z0-9_-]{43}$/);
    const startToken = SubmissionSchema.shape.startToken;
    expect(startToken.safeParse(token).success).toBe(true);
    expect(startToken.safeParse(token + 'x'.repeat(token.length)).success, 'twice as long still fits').toBe(true);
  });

  it('are unique even when issued in the same millisecond', () => {
    const tokens = new Set(Array.from({ length: 100 }, () => signStartToken(SECRET, ISSUED)));
    expect(tokens.size).toBe(100);
  });

  it('verify with the secret that signed them, giving the issue time and the age in seconds', () => {
    expect(verifyStartToken(token, SECRET, { now: later(95.5), minAgeSeconds: 30 })).toEqual({ ok: true, issuedAt: ISSUED, ageSeconds: 95.5 });
    expect(verifyStartToken(token, SECRET, { now: later(30), minAgeSeconds: 30 }).ok, 'exactly the minimum age').toBe(true);
    expect(verifyStartToken(token, SECRET, { now: ISSUED }).ok, 'no minimum: valid at once').toBe(true);
  });

  it('are refused as too young before the minimum age', () => {
    expect(verifyStartToken(token, SECRET, { now: later(29.999), minAgeSeconds: 30 })).toEqual({ ok: false, reason: 'too-young' });
    expect(verifyStartToken(token, SECRET, { now: ISSUED, minAgeSeconds: 1 })).toEqual({ ok: false, reason: 'too-young' });
  });

  it('are refused as from the future when issued after now', () => {
    expect(verifyStartToken(token, SECRET, { now: later(-0.001) })).toEqual({ ok: false, reason: 'future' });
    const future = signStartToken(SECRET, later(3600));
    expect(verifyStartToken(future, SECRET, { now: ISSUED, minAgeSeconds: 30 })).toEqual({ ok: false, reason: 'future' });
  });

  it('are refused as forged when signed with another secret', () => {
    const other = signStartToken('another-secret-0123456789', ISSUED);
    expect(verifyStartToken(other, SECRET, { now: later(600), minAgeSeconds: 30 })).toEqual({ ok: false, reason: 'forged' });
  });

  it('are refused as forged when any part was changed', () => {
    const now = { now: later(3600), minAgeSeconds: 30 };
    const [, issued, nonce, mac] = token.split('.') as [string, string, string, string];
    // An earlier issue time is what a bot would want: it would make any fill look slow.
    expect(verifyStartToken(withPart(token, 1, String(Number(issued) - 600_000)), SECRET, now)).toEqual({ ok: false, reason: 'forged' });
    expect(verifyStartToken(withPart(token, 2, nonce.replace(/^./, (c) => (c === 'A' ? 'B' : 'A'))), SECRET, now)).toEqual({ ok: false, reason: 'forged' });
    expect(verifyStartToken(withPart(token, 3, mac.replace(/^./, (c) => (c === 'A' ? 'B' : 'A'))), SECRET, now)).toEqual({ ok: false, reason: 'forged' });
    expect(verifyStartToken(withPart(token, 3, 'A'.repeat(43)), SECRET, now)).toEqual({ ok: false, reason: 'forged' });
  });

  it('are refused as missing or malformed when absent or not in the format', () => {
    const now = { now: later(3600) };
    expect(verifyStartToken(undefined, SECRET, now)).toEqual({ ok: false, reason: 'missing' });
    expect(verifyStartToken('', SECRET, now)).toEqual({ ok: false, reason: 'missing' });
    for (const bad of [
      'v2' + token.slice(2),
      withPart(token, 1, 'abc'),
      withPart(token, 1, '-1741620600000'),
      withPart(token, 2, 'short'),
      withPart(token, 3, token.split('.')[3]!.slice(1)),
      withPart(token, 3, token.split('.')[3]! + '='),
      token + '.extra',
      ` ${token}`,
      `${token}\n`,
      '2025-03-10T15:30:00Z',
    ]) {
      expect(verifyStartToken(bad, SECRET, now), bad).toEqual({ ok: false, reason: 'malformed' });
    }
  });
});
