import { beforeEach, describe, expect, it } from 'vitest';
import { and, eq } from 'drizzle-orm';
import ICAL from 'ical.js';
import { funnelEvents, masterclassSignups, outbox } from '../../../src/server/db/schema.ts';
import { registerMasterclass } from '../../../src/server/leads/masterclass.ts';
import { createSubmission, type LeadDeps } from '../../../src/server/leads/submissions.ts';
import { unsubscribe } from '../../../src/server/leads/erasure.ts';
import { settled } from '../../../src/server/lib/after.ts';
import { unsubscribeLinks } from '../../../src/server/lib/signed-links.ts';
import { cancelScheduledDrains, drainOutbox, type Mailer } from '../../../src/server/outbox/outbox.ts';
import { questionnaireWithSessions } from '../../helpers/content.ts';
import { openForSuite, TEST_DATABASES } from '../../helpers/db.ts';
import { clearLeadTables, jsonRequest, TEST_IP_HASH_SALT, testLeadDeps, validPayload } from '../../helpers/submission.ts';

const q = questionnaireWithSessions([
  { id: 'next-week', daysAhead: 7, capacity: 3 },
  { id: 'tomorrow-morning', daysAhead: 0.5 },
  { id: 'started', daysAhead: -0.01 },
]);
const nextWeek = q.offer.sessions[0]!;

describe.each(TEST_DATABASES)('masterclass sessions on $name', (testDb) => {
  const database = openForSuite(testDb);
  let deps: LeadDeps;

  beforeEach(async () => {
    await settled();
    cancelScheduledDrains();
    await clearLeadTables(database.db);
    deps = testLeadDeps(database.db, q);
  });

  const signUp = (email: string, session?: string, extra: Record<string, unknown> = {}) => registerMasterclass({ locale: 'es', name: 'Ana Sesión', email, consent: true, ...(session ? { session } : {}), ...extra }, deps);
  const emailsTo = (email: string) => database.db.select().from(outbox).where(eq(outbox.to, [email]));

  it('asks for a session while some are upcoming, and refuses one that has started or does not exist, naming `session`', async () => {
    expect(await signUp('a@example.com')).toMatchObject({ kind: 'invalid', issues: [{ path: ['session'], message: 'required' }] });
    for (const session of ['started', 'no-such-session']) {
      expect(await signUp('a@example.com', session)).toMatchObject({ kind: 'invalid', issues: [{ path: ['session'], message: expect.stringContaining('no longer available') }] });
    }
    expect(await database.db.select().from(masterclassSignups)).toHaveLength(0);
  });

  it('never overbooks a session under parallel sign-ups: the rest go on its waitlist', async () => {
    const results = await Promise.all(Array.from({ length: 12 }, (_, i) => signUp(`p${i}@example.com`, 'next-week')));
    const values = results.map((r) => (r.kind === 'ok' ? r.value : r.kind));
    expect(values.filter((v) => v === 'created')).toHaveLength(3);
    expect(values.filter((v) => v === 'waitlisted')).toHaveLength(9);
    const booked = await database.db.select().from(masterclassSignups).where(and(eq(masterclassSignups.sessionId, 'next-week'), eq(masterclassSignups.waitlisted, false)));
    expect(booked).toHaveLength(3);
  });

  it('sends a booked seat an invitation that opens as an event at the right UTC instant, with the joining and calendar links', async () => {
    expect(await signUp('ana@example.com', 'next-week')).toEqual({ kind: 'ok', value: 'created' });
    const [confirmation] = (await emailsTo('ana@example.com')).filter((row) => row.kind === 'masterclass');
    expect(confirmation!.subject).toContain(q.offer.title.es);
    expect(confirmation!.html).toContain(nextWeek.joinUrl);
    expect(confirmation!.html).toContain('calendar.google.com');
    const [attachment] = confirmation!.attachments!;
    expect(attachment!.filename).toBe('masterclass.ics');
    const calendar = new ICAL.Component(ICAL.parse(Buffer.from(attachment!.content, 'base64').toString('utf8')));
    const event = new ICAL.Event(calendar.getFirstSubcomponent('vevent')!);
    expect(event.startDate.toJSDate().toISOString()).toBe(new Date(nextWeek.start).toISOString());
    expect(event.endDate.toJSDate().getTime() - event.startDate.toJSDate().getTime()).toBe(60 * 60_000);
    expect(event.summary).toBe(q.offer.title.es);
    // The consultants are told, with the session.
    const [notice] = await database.db.select().from(outbox).where(eq(outbox.kind, 'consultant'));
    expect(notice!.to).toEqual(['c1@example.com']);
    expect(notice!.subject).toContain('Ana Sesión');
  });

  it('gives a waitlisted sign-up no joining link and no invitation', async () => {
    for (let i = 0; i < 3; i++) await signUp(`seat${i}@example.com`, 'next-week');
    expect(await signUp('late@example.com', 'next-week')).toEqual({ kind: 'ok', value: 'waitlisted' });
    const rows = await emailsTo('late@example.com');
    expect(rows.map((row) => row.kind)).toEqual(['masterclass']);
    expect(rows[0]!.html).not.toContain(nextWeek.joinUrl);
    expect(rows[0]!.attachments).toBeNull();
  });

  it('reminds a booked seat 24 hours before, through the outbox, unless the address unsubscribed', async () => {
    await signUp('ana@example.com', 'next-week');
    const [reminder] = (await emailsTo('ana@example.com')).filter((row) => row.kind === 'reminder');
    expect(reminder!.nextAttemptAt.toISOString()).toBe(new Date(Date.parse(nextWeek.start) - 24 * 3_600_000).toISOString());
    expect(reminder!.expiresAt!.toISOString()).toBe(new Date(nextWeek.start).toISOString());
    expect(reminder!.text).toContain(nextWeek.joinUrl);
    // A session less than a day away gets no reminder: it would go out at once, next to the confirmation.
    await signUp('soon@example.com', 'tomorrow-morning');
    expect((await emailsTo('soon@example.com')).map((row) => row.kind)).toEqual(['masterclass']);

    const sent: string[] = [];
    const mailer: Mailer = { async send(message) { sent.push(`${message.subject} → ${message.to[0]}`); return { providerId: 'p' }; } };
    await database.db.delete(outbox).where(eq(outbox.kind, 'masterclass'));
    await database.db.delete(outbox).where(eq(outbox.kind, 'consultant'));
    const token = new URL(unsubscribeLinks('https://x', 'es', 'ana@example.com', TEST_IP_HASH_SALT).oneClickUrl).searchParams.get('t')!;
    await unsubscribe(token, deps);
    const result = await drainOutbox(database.db, mailer, { now: new Date(Date.parse(nextWeek.start) - 23 * 3_600_000), suppressionSalt: TEST_IP_HASH_SALT, log: () => {} });
    expect(result).toMatchObject({ sent: 0, dropped: 1 });
    expect(sent).toEqual([]);
  });

  it('lets someone signed up from the results, without a session, choose one later; a second choice changes nothing', async () => {
    const response = await createSubmission(jsonRequest(validPayload(q, { masterclass: true, contact: { name: 'Ana', email: 'ana@example.com', company: 'Acme', role: 'CEO', companySize: 'size-1-10' } })), deps);
    const { resultUrl } = (await response.json()) as { resultUrl: string };
    // The submission's emails are rendered after the response.
    await settled();
    const [welcome] = (await emailsTo('ana@example.com')).filter((row) => row.kind === 'masterclass');
    expect(welcome!.html, 'the welcome invites to choose a session').toContain(`https://diagnostico.example/es/masterclass/?r=${resultUrl.split('/').at(-1)}`);
    expect(await signUp('ana@example.com', 'next-week')).toEqual({ kind: 'ok', value: 'created' });
    const [row] = await database.db.select().from(masterclassSignups).where(eq(masterclassSignups.email, 'ana@example.com'));
    expect(row).toMatchObject({ sessionId: 'next-week', waitlisted: false });
    expect(row!.submissionId).not.toBeNull();
    expect(await signUp('ana@example.com', 'tomorrow-morning')).toEqual({ kind: 'ok', value: 'already' });
    // Choosing a session later is not a second sign-up in the funnel (the box's was counted by the browser).
    expect(await database.db.select().from(funnelEvents)).toEqual([]);
  });

  it('counts each sign-up made on the page in the funnel, in its visit when the page gave it', async () => {
    await signUp('a@example.com', 'next-week', { visitId: 'visit-abcdefgh' });
    await signUp('b@example.com', 'next-week', { visitId: '' });
    const events = await database.db.select().from(funnelEvents);
    expect(events.map((e) => [e.name, e.locale])).toEqual([['masterclass', 'es'], ['masterclass', 'es']]);
    expect(events[0]!.visitId).toBe('visit-abcdefgh');
    expect(events[1]!.visitId).toMatch(/^signup-[0-9a-f-]{36}$/);
  });
});
