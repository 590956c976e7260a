import { beforeEach, describe, expect, it } from 'vitest';
import { count, eq } from 'drizzle-orm';
import { outbox, rateLimitCounters, submissions, suspectedSubmissions } from '../../../src/server/db/schema.ts';
import { createSubmission, type LeadDeps } from '../../../src/server/leads/submissions.ts';
import { requestCall } from '../../../src/server/leads/call-request.ts';
import { settled } from '../../../src/server/lib/after.ts';
import { cancelScheduledDrains } from '../../../src/server/outbox/outbox.ts';
import { realQuestionnaire } from '../../helpers/content.ts';
import { openForSuite, TEST_DATABASES } from '../../helpers/db.ts';
import { jsonRequest, validPayload, TEST_CONTACT } from '../../helpers/submission.ts';

const q = realQuestionnaire();
const CALL = { days: ['tue', 'thu'], windows: ['morning'], timeZone: 'America/Mexico_City', phone: '+52 55 1234 5678' };

describe.each(TEST_DATABASES)('a call request from the permalink on $name', (testDb) => {
  const database = openForSuite(testDb);
  let deps: LeadDeps;

  beforeEach(async () => {
    await settled();
    cancelScheduledDrains();
    for (const table of [outbox, submissions, suspectedSubmissions, rateLimitCounters]) await database.db.delete(table);
    deps = {
      db: async () => database.db,
      questionnaire: q,
      env: { SITE_URL: 'https://diagnostico.example', CONSULTANT_EMAILS: ['c1@example.com', 'c2@example.com'], IP_HASH_SALT: 'test-salt-0123456789', RATE_LIMIT_PER_HOUR: 5, MIN_FILL_SECONDS: 0, EMAILS_PER_HOUR: 1000, SIGN_IN_EMAILS_PER_HOUR: 30 },
      mailer: null,
      ip: '203.0.113.9',
    };
  });

  /** A stored submission's permalink token (through the real endpoint). */
  async function submitted(): Promise<{ id: string; token: string }> {
    const response = await createSubmission(jsonRequest(validPayload(q, { contact: { ...TEST_CONTACT, name: 'Ana Ruiz', email: 'ana@example.com', company: 'Acme' } })), deps);
    const body = (await response.json()) as { id: string; resultUrl: string };
    await settled();
    await database.db.delete(outbox);
    return { id: body.id, token: body.resultUrl.split('/').at(-1)! };
  }
  const notices = () => database.db.select().from(outbox).where(eq(outbox.kind, 'call-request'));
  const stored = async (id: string) => (await database.db.select({ call: submissions.callRequest, at: submissions.callRequestedAt }).from(submissions).where(eq(submissions.id, id)))[0]!;

  it('stores the request on the submission and tells the consultants once, with the days, times, time zone and phone', async () => {
    const { id, token } = await submitted();
    expect(await requestCall(token, CALL, deps)).toEqual({ kind: 'ok', value: 'requested' });
    const row = await stored(id);
    expect(row.call).toEqual(CALL);
    expect(row.at).toBeInstanceOf(Date);
    const [notice] = await notices();
    expect(notice!.to).toEqual(['c1@example.com', 'c2@example.com']);
    expect(notice!.submissionId).toBe(id);
    expect(notice!.subject).toBe('Llamada pedida: Ana Ruiz (Acme)');
    for (const text of [q.ui.call['day-tue'].es, q.ui.call['day-thu'].es, q.ui.call['window-morning'].es, 'America/Mexico_City', '+52 55 1234 5678', `https://diagnostico.example/consultants/submissions/${id}`, 'ana@example.com']) {
      expect(notice!.text).toContain(text);
    }
    // The same request again (a reload, a double click) tells nobody again; a different one does, and replaces it.
    expect(await requestCall(token, CALL, deps)).toEqual({ kind: 'ok', value: 'already' });
    expect(await notices()).toHaveLength(1);
    const later = { days: ['fri'], windows: ['afternoon'] };
    expect(await requestCall(token, later, deps)).toEqual({ kind: 'ok', value: 'requested' });
    expect((await stored(id)).call).toEqual({ ...later, timeZone: null, phone: null });
    expect(await notices()).toHaveLength(2);
    expect((await notices()).at(-1)!.text).toContain(q.emails['call-request']['no-time-zone'].es);
  });

  it('refuses a request without a day or a time window, or with a bad phone or time zone, naming each field, and stores nothing', async () => {
    const { id, token } = await submitted();
    const refused = await requestCall(token, { days: [], windows: ['dawn'], phone: 'call me', timeZone: 'Mars/Olympus' }, deps);
    expect(refused.kind).toBe('invalid');
    const paths = refused.kind === 'invalid' ? refused.issues.map((i) => i.path[0]) : [];
    expect(new Set(paths)).toEqual(new Set(['days', 'windows', 'phone', 'timeZone']));
    expect((await stored(id)).call).toBeNull();
    expect(await notices()).toHaveLength(0);
    // A form sends one ticked box as a string, not a list.
    expect(await requestCall(token, { days: 'mon', windows: 'midday' }, deps)).toEqual({ kind: 'ok', value: 'requested' });
  });

  it("answers a suspected bot's permalink as a person's and stores nothing; an unknown one is not found", async () => {
    const response = await createSubmission(jsonRequest(validPayload(q, { website: 'http://spam.example' })), deps);
    const token = ((await response.json()) as { resultUrl: string }).resultUrl.split('/').at(-1)!;
    await settled();
    expect((await database.db.select({ n: count() }).from(suspectedSubmissions))[0]!.n).toBe(1);
    expect(await requestCall(token, CALL, deps)).toEqual({ kind: 'ok', value: 'requested' });
    expect(await notices()).toHaveLength(0);
    expect((await requestCall('A'.repeat(32), CALL, deps)).kind).toBe('not-found');
  });

  it('holds the per-IP limit under 12 parallel requests', async () => {
    const { token } = await submitted();
    const outcomes = await Promise.all(Array.from({ length: 12 }, (_, i) => requestCall(token, { days: ['mon'], windows: ['morning'], phone: `+34 600 000 0${String(i).padStart(2, '0')}` }, deps)));
    expect(outcomes.filter((o) => o.kind === 'ok')).toHaveLength(5);
    expect(outcomes.filter((o) => o.kind === 'rate-limited')).toHaveLength(7);
    expect(await notices()).toHaveLength(5);
  });

  it('answers unavailable when the database is down', async () => {
    expect((await requestCall('A'.repeat(32), CALL, { ...deps, db: async () => { throw new Error('connection refused'); } })).kind).toBe('unavailable');
  });
});
