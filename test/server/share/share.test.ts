import { beforeEach, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import { submissions, suspectedSubmissions } from '../../../src/server/db/schema.ts';
import { createSubmission, type LeadDeps } from '../../../src/server/leads/submissions.ts';
import { eraseSubmission } from '../../../src/server/leads/erasure.ts';
import { currentShareToken, findSharedReport, sharePath, shareResults, stopSharing } from '../../../src/server/share/index.ts';
import { settled } from '../../../src/server/lib/after.ts';
import { cancelScheduledDrains } from '../../../src/server/outbox/outbox.ts';
import { realQuestionnaire } from '../../helpers/content.ts';
import { openForSuite, TEST_DATABASES } from '../../helpers/db.ts';
import { clearLeadTables, jsonRequest, TEST_CONTACT, testLeadDeps, validPayload } from '../../helpers/submission.ts';

const q = realQuestionnaire();

describe.each(TEST_DATABASES)('share links on $name', (testDb) => {
  const database = openForSuite(testDb);
  let deps: LeadDeps;

  beforeEach(async () => {
    await settled();
    cancelScheduledDrains();
    await clearLeadTables(database.db);
    deps = testLeadDeps(database.db, q);
  });

  async function submit(overrides: Parameters<typeof validPayload>[1] = {}): Promise<{ id: string; token: string }> {
    const response = await createSubmission(jsonRequest(validPayload(q, { contact: { ...TEST_CONTACT, email: 'share@example.com' }, ...overrides })), deps);
    expect(response.status).toBe(201);
    const body = (await response.json()) as { id: string; resultUrl: string };
    await settled();
    return { id: body.id, token: body.resultUrl.split('/').at(-1)! };
  }

  it('creates a link that opens the report, the same one when asked twice, unrelated to the permalink', async () => {
    const { token } = await submit();
    expect(await currentShareToken(token, deps.db)).toBeNull();
    const created = await shareResults(token, deps);
    expect(created.kind).toBe('ok');
    const shareToken = created.kind === 'ok' ? created.value.shareToken : '';
    expect(shareToken).toMatch(/^[A-Za-z0-9_-]{32}$/);
    expect(shareToken).not.toBe(token);
    expect(await shareResults(token, deps)).toEqual({ kind: 'ok', value: { shareToken } });
    expect(await currentShareToken(token, deps.db)).toBe(shareToken);
    const found = await findSharedReport(shareToken, deps.db);
    expect(found.status).toBe('found');
    expect(sharePath('es', shareToken)).toBe(`/es/s/${shareToken}/`);
  });

  it('stops a link at once; a new one is a new address and the old stays dead', async () => {
    const { token } = await submit();
    const first = await shareResults(token, deps);
    const old = first.kind === 'ok' ? first.value.shareToken : '';
    expect(await stopSharing(token, deps)).toEqual({ kind: 'ok', value: { shareToken: null } });
    expect(await findSharedReport(old, deps.db)).toEqual({ status: 'missing' });
    expect(await currentShareToken(token, deps.db)).toBeNull();
    expect(await stopSharing(token, deps), 'stopping twice is fine').toEqual({ kind: 'ok', value: { shareToken: null } });
    const second = await shareResults(token, deps);
    const renewed = second.kind === 'ok' ? second.value.shareToken : '';
    expect(renewed).not.toBe(old);
    expect((await findSharedReport(renewed, deps.db)).status).toBe('found');
    expect(await findSharedReport(old, deps.db)).toEqual({ status: 'missing' });
  });

  it('stops the link when the lead is erased', async () => {
    const { id, token } = await submit();
    const created = await shareResults(token, deps);
    const shareToken = created.kind === 'ok' ? created.value.shareToken : '';
    expect(await eraseSubmission(database.db, id, { actor: 'prospect', crmTargets: [] })).toBe('erased');
    expect(await findSharedReport(shareToken, deps.db)).toEqual({ status: 'missing' });
    const [row] = await database.db.select({ shareToken: submissions.shareToken }).from(submissions).where(eq(submissions.id, id));
    expect(row!.shareToken).toBeNull();
  });

  it('answers a suspected bot’s permalink alike without storing anything, and an unknown one with not-found', async () => {
    const response = await createSubmission(jsonRequest(validPayload(q, { website: 'http://spam.example' })), deps);
    expect(response.status).toBe(201);
    const token = ((await response.json()) as { resultUrl: string }).resultUrl.split('/').at(-1)!;
    expect(await database.db.select().from(suspectedSubmissions)).toHaveLength(1);
    const created = await shareResults(token, deps);
    expect(created.kind).toBe('ok');
    expect(await findSharedReport(created.kind === 'ok' ? created.value.shareToken : '', deps.db)).toEqual({ status: 'missing' });
    expect(await stopSharing(token, deps)).toEqual({ kind: 'ok', value: { shareToken: null } });
    expect((await shareResults('x'.repeat(32), deps)).kind).toBe('not-found');
    expect((await shareResults('../../etc', deps)).kind).toBe('not-found');
    expect(await findSharedReport('not a token', deps.db)).toEqual({ status: 'missing' });
  });

  it('limits links created or stopped per IP and hour', async () => {
    const { token } = await submit();
    const limited = { ...deps, env: { ...deps.env, RATE_LIMIT_PER_HOUR: 2 } };
    expect((await shareResults(token, limited)).kind).toBe('ok');
    expect((await stopSharing(token, limited)).kind).toBe('ok');
    expect(await shareResults(token, limited)).toMatchObject({ kind: 'rate-limited', retryAfterSeconds: expect.any(Number) });
  });

  it('answers 503-style when the database is down, changing nothing', async () => {
    const down = { ...deps, db: async () => { throw new Error('down'); } };
    const errors = console.error;
    console.error = () => {};
    try {
      expect((await shareResults('a'.repeat(32), down)).kind).toBe('unavailable');
      expect(await findSharedReport('a'.repeat(32), down.db)).toEqual({ status: 'unavailable' });
    } finally {
      console.error = errors;
    }
  });
});
