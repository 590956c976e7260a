import { beforeEach, describe, expect, it } from 'vitest';
import { eq, sql } from 'drizzle-orm';
import { emailSuppressions, outbox, submissionActivity, submissions } from '../../../src/server/db/schema.ts';
import { createSubmission, type LeadDeps } from '../../../src/server/leads/submissions.ts';
import { registerMasterclass } from '../../../src/server/leads/masterclass.ts';
import { requestCall } from '../../../src/server/leads/call-request.ts';
import { confirmErasure, eraseSubmission, requestErasure, unsubscribe } from '../../../src/server/leads/erasure.ts';
import { consentVersion } from '../../../src/server/leads/consent.ts';
import { settled } from '../../../src/server/lib/after.ts';
import { emailHash, erasureToken, unsubscribeLinks } from '../../../src/server/lib/signed-links.ts';
import { cancelScheduledDrains, drainOutbox, outboxRow, type Mailer } from '../../../src/server/outbox/outbox.ts';
import { addNote } from '../../../src/server/workspace/workspace.ts';
import { questionnaireWithSessions } from '../../helpers/content.ts';
import { openForSuite, TEST_DATABASES } from '../../helpers/db.ts';
import { clearLeadTables, jsonRequest, TEST_CONTACT, TEST_IP_HASH_SALT, testLeadDeps, validPayload } from '../../helpers/submission.ts';

const q = questionnaireWithSessions([{ id: 'soon', daysAhead: 7 }]);
const PERSON = { ...TEST_CONTACT, name: 'Zacarías Ñandú', email: 'zacarias.nandu@example.com', company: 'Quetzal Analytics', role: 'VP Revenue' };
const silent = () => {};

/** A mailer that records what it was given. */
function recordingMailer(): Mailer & { sent: { to: string[]; subject: string; headers?: Record<string, string> }[] } {
  const sent: { to: string[]; subject: string; headers?: Record<string, string> }[] = [];
  return { sent, async send(message) { sent.push({ to: message.to, subject: message.subject, headers: message.headers }); return { providerId: `p${sent.length}` }; } };
}

describe.each(TEST_DATABASES)('consent, unsubscribe and erasure on $name', (testDb) => {
  const database = openForSuite(testDb);
  let deps: LeadDeps;

  beforeEach(async () => {
    await settled();
    cancelScheduledDrains();
    await clearLeadTables(database.db);
    deps = testLeadDeps(database.db, q, { env: { RATE_LIMIT_PER_HOUR: 50 } });
  });

  async function submit(overrides: Parameters<typeof validPayload>[1] = {}): Promise<{ id: string; token: string }> {
    const response = await createSubmission(jsonRequest(validPayload(q, { contact: PERSON, ...overrides })), deps);
    expect(response.status).toBe(201);
    const body = (await response.json()) as { id: string; resultUrl: string };
    await settled();
    return { id: body.id, token: body.resultUrl.split('/').at(-1)! };
  }
  const row = async (id: string) => (await database.db.select().from(submissions).where(eq(submissions.id, id)))[0]!;

  it('stores each choice apart, with its time and the version of the text read, and only the ones ticked', async () => {
    const { id } = await submit({ locale: 'pt', contactConsent: false, masterclass: true });
    const { consents } = await row(id);
    expect(Object.keys(consents).sort()).toEqual(['masterclass', 'report']);
    expect(consents.report!.version).toBe(consentVersion('pt', q.ui.lead.consent.pt));
    expect(consents.masterclass!.version).toMatch(/^pt-[0-9a-f]{10}$/);
    expect(Date.parse(consents.report!.at)).toBeGreaterThan(Date.now() - 60_000);
    const other = await submit({ contactConsent: true, contact: { ...PERSON, email: 'other@example.com' } });
    expect((await row(other.id)).consents.contact!.version).toBe(consentVersion('es', q.ui.lead['consent-contact'].es));
    // Another wording is another version.
    expect(consentVersion('es', `${q.ui.lead['consent-contact'].es} `)).not.toBe(consentVersion('es', `${q.ui.lead['consent-contact'].es}.`));
  });

  it('refuses a company size that content/segments.yaml does not list, naming the field, and stores nothing', async () => {
    const response = await createSubmission(jsonRequest(validPayload(q, { contact: { ...PERSON, companySize: 'size-huge' } })), deps);
    expect(response.status).toBe(400);
    const body = (await response.json()) as { issues: { path: string[]; message: string }[] };
    expect(body.issues.map((issue) => issue.path.join('.'))).toEqual(['contact.companySize']);
    expect(await database.db.select().from(submissions)).toHaveLength(0);
  });

  it('puts RFC 8058 one-click headers and a footer link on the emails to the prospect, never on the consultants’', async () => {
    await submit({ masterclass: true });
    const rows = await database.db.select().from(outbox);
    const links = unsubscribeLinks('https://diagnostico.example', 'es', PERSON.email, TEST_IP_HASH_SALT);
    for (const kind of ['report', 'masterclass'] as const) {
      const email = rows.find((r) => r.kind === kind)!;
      expect(email.headers).toEqual({ 'List-Unsubscribe': `<${links.oneClickUrl}>`, 'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click' });
      expect(email.html).toContain(links.pageUrl);
      expect(email.text).toContain(links.pageUrl);
    }
    expect(links.oneClickUrl).not.toContain(PERSON.email.split('@')[0]);
    expect(rows.find((r) => r.kind === 'consultant')!.headers).toBeNull();
  });

  it('stops every later non-transactional email to an address once it unsubscribes by the one-click link, and keeps replies going', async () => {
    const mailer = recordingMailer();
    const message = { subject: 'Recordatorio', html: '<p>r</p>', text: 'r' };
    const token = new URL(unsubscribeLinks('https://x.example', 'es', PERSON.email, TEST_IP_HASH_SALT).oneClickUrl).searchParams.get('t')!;
    expect(await unsubscribe(token, deps)).toEqual({ kind: 'ok', value: 'unsubscribed' });
    expect(await unsubscribe(token, deps), 'twice is fine').toEqual({ kind: 'ok', value: 'unsubscribed' });
    await database.db.insert(outbox).values([
      outboxRow('reminder', [PERSON.email.toUpperCase()], message),
      outboxRow('resend', [PERSON.email], message),
      outboxRow('report', [PERSON.email], { ...message, subject: 'Tu informe' }),
      outboxRow('reminder', ['someone.else@example.com'], message),
    ]);
    // Every row now (a row written in this same millisecond is not due yet by the clock).
    const result = await drainOutbox(database.db, mailer, { ignoreBackoff: true, suppressionSalt: TEST_IP_HASH_SALT, log: silent });
    expect(result).toMatchObject({ sent: 2, dropped: 2 });
    expect(mailer.sent.map((m) => `${m.subject} → ${m.to[0]}`).sort()).toEqual(['Recordatorio → someone.else@example.com', `Tu informe → ${PERSON.email}`]);
    const dropped = await database.db.select().from(outbox).where(sql`${outbox.droppedAt} is not null`);
    expect(dropped.every((r) => r.lastError?.includes('unsubscribed'))).toBe(true);
    // What is kept is a hash, not the address.
    const [kept] = await database.db.select().from(emailSuppressions);
    expect(kept).toMatchObject({ emailHash: emailHash(PERSON.email, TEST_IP_HASH_SALT), reason: 'unsubscribed' });
  });

  it('refuses an unsubscribe token this site did not sign, changing nothing', async () => {
    const forged = `${emailHash(PERSON.email, TEST_IP_HASH_SALT)}.${'A'.repeat(32)}`;
    expect(await unsubscribe(forged, deps)).toMatchObject({ kind: 'invalid', issues: [{ path: ['t'] }] });
    expect(await unsubscribe('', deps)).toMatchObject({ kind: 'invalid' });
    expect(await database.db.select().from(emailSuppressions)).toHaveLength(0);
  });

  it('erases the name, email, company, role, IP hash and everything else personal from every table, keeping the scores', async () => {
    const firstTouch = { source: 'linkedin', referrer: 'https://www.linkedin.com/in/zacarias-nandu', landingPath: '/es/' };
    const { id, token } = await submit({ masterclass: true, contactConsent: true, firstTouch });
    await requestCall(token, { days: ['mon'], windows: ['morning'], phone: '+34 600 123 456' }, deps);
    await addNote(database.db, id, `Llamé a ${PERSON.name} de ${PERSON.company}`, 'consultant@example.com');
    await registerMasterclass({ locale: 'es', name: PERSON.name, email: PERSON.email, consent: true, token, session: 'soon' }, deps);
    await settled();
    const before = await row(id);
    const traces = [PERSON.name, PERSON.email, PERSON.company, PERSON.role, before.ipHash!, token, '600 123 456', 'zacarias-nandu'];

    expect(await eraseSubmission(database.db, id, { actor: 'consultant@example.com', crmTargets: [] })).toBe('erased');

    const tables = ['submissions', 'outbox', 'submission_activity', 'masterclass_signups', 'crm_deliveries', 'suspected_submissions', 'rate_limit_counters', 'email_suppressions', 'funnel_events'];
    for (const table of tables) {
      const { rows } = (await database.db.execute(sql.raw(`select t::text as row from ${table} t`))) as unknown as { rows: { row: string }[] };
      for (const trace of traces) expect(rows.filter((r) => r.row.includes(trace)).map((r) => r.row), `${trace} in ${table}`).toEqual([]);
    }
    const after = await row(id);
    expect(after).toMatchObject({ contactName: '', contactEmail: '', contactCompany: null, contactRole: null, ipHash: null, callRequest: null, metricInputs: null, firstTouch: null, consents: {} });
    expect(after.erasedAt).toBeInstanceOf(Date);
    // The anonymous part stays, for the statistics.
    expect(after.overallScore).toBe(before.overallScore);
    expect(after.report.dimensions).toEqual(before.report.dimensions);
    expect(after.report.metrics).toEqual([]);
    expect(after.answers).toEqual(before.answers);
    const activity = await database.db.select().from(submissionActivity).where(eq(submissionActivity.submissionId, id));
    expect(activity.map((a) => [a.kind, a.actor])).toEqual([['erased', 'consultant@example.com']]);
    expect(await eraseSubmission(database.db, id, { actor: 'consultant@example.com', crmTargets: [] }), 'a second time changes nothing').toBe('already');
  });

  it('erases only after the owner of the address confirms by the emailed link, which expires and cannot be forged', async () => {
    const { id, token } = await submit();
    await database.db.delete(outbox);
    expect(await requestErasure(token, deps)).toEqual({ kind: 'ok', value: 'sent' });
    const [email] = await database.db.select().from(outbox).where(eq(outbox.kind, 'erasure'));
    expect(email!.to).toEqual([PERSON.email]);
    expect(email!.expiresAt!.getTime()).toBeGreaterThan(Date.now() + 23 * 3_600_000);
    const link = /https:\/\/diagnostico\.example\/es\/erase\/\?t=([A-Za-z0-9._-]+)/.exec(email!.text!)![1]!;
    expect((await row(id)).erasedAt, 'asking erases nothing').toBeNull();

    const expired = erasureToken(id, new Date(Date.now() - 1000), TEST_IP_HASH_SALT);
    expect(await confirmErasure(expired, deps)).toMatchObject({ kind: 'invalid', issues: [{ message: 'has expired' }] });
    const forged = `${id}.${(Date.now() + 3_600_000).toString(36)}.${'x'.repeat(32)}`;
    expect(await confirmErasure(forged, deps)).toMatchObject({ kind: 'invalid', issues: [{ message: 'is not a valid link' }] });
    expect((await row(id)).erasedAt).toBeNull();

    expect(await confirmErasure(link, deps)).toEqual({ kind: 'ok', value: 'erased' });
    expect((await row(id)).contactEmail).toBe('');
    expect(await requestErasure(token, deps), 'the old permalink is gone').toMatchObject({ kind: 'not-found' });
  });

  it('sends at most three confirmation emails per report an hour', async () => {
    const { token } = await submit();
    for (let i = 0; i < 3; i++) expect((await requestErasure(token, deps)).kind).toBe('ok');
    expect(await requestErasure(token, deps)).toMatchObject({ kind: 'rate-limited' });
    expect(await database.db.select().from(outbox).where(eq(outbox.kind, 'erasure'))).toHaveLength(3);
  });
});
