import { beforeEach, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import { consultants, outbox, submissions } from '../../../src/server/db/schema.ts';
import { createSubmission } from '../../../src/server/leads/submissions.ts';
import { submissionEmailRenderer } from '../../../src/server/leads/emails.ts';
import { eraseSubmission } from '../../../src/server/leads/erasure.ts';
import { renderPending, scheduleDrain, type EmailRenderer } from '../../../src/server/outbox/outbox.ts';
import { settled } from '../../../src/server/lib/after.ts';
import { realQuestionnaire } from '../../helpers/content.ts';
import { openForSuite, TEST_DATABASES } from '../../helpers/db.ts';
import { clearLeadTables, jsonRequest, TEST_CONTACT, TEST_IP_HASH_SALT, testLeadDeps, validPayload } from '../../helpers/submission.ts';

const q = realQuestionnaire();
const SITE = 'https://diagnostico.example';

describe.each(TEST_DATABASES)("a new submission's emails on $name", (testDb) => {
  const database = openForSuite(testDb);
  const render = (env: { CONSULTANT_EMAILS: string[] } = { CONSULTANT_EMAILS: ['c1@example.com'] }) =>
    renderPending(database.db, submissionEmailRenderer({ questionnaire: () => q, env: { IP_HASH_SALT: TEST_IP_HASH_SALT, ...env } }), { log: () => {} });

  beforeEach(async () => {
    await settled();
    await clearLeadTables(database.db);
    await database.db.delete(consultants);
  });

  async function submit(payload = validPayload(q, { masterclass: true }), deps = testLeadDeps(database.db, q)) {
    const response = await createSubmission(jsonRequest(payload), deps);
    expect(response.status).toBe(201);
    return (await response.json()) as { id: string; resultUrl: string };
  }

  it('answers before making the PDF or any email: they are queued unrendered in the same transaction, and rendered after the response', async () => {
    // A drain already running holds the process's drain: the one the submission asks for runs after it.
    let open!: () => void;
    const gate = new Promise<void>((resolve) => (open = resolve));
    const real = submissionEmailRenderer({ questionnaire: () => q, env: { IP_HASH_SALT: TEST_IP_HASH_SALT, CONSULTANT_EMAILS: ['c1@example.com'] } });
    const held: EmailRenderer = async (db, rows, now) => {
      await gate;
      return real(db, rows, now);
    };
    await database.db.insert(outbox).values({ kind: 'sign-in', to: ['c1@example.com'], renderFrom: { site: SITE } });
    scheduleDrain({ db: async () => database.db, mailer: null, ceilings: { emailsPerHour: 100, signInEmailsPerHour: 10 }, suppressionSalt: TEST_IP_HASH_SALT, render: held });
    await expect.poll(async () => (await database.db.select().from(outbox)).some((row) => row.claimedUntil !== null)).toBe(true);

    const { id } = await submit();
    // The answer came first: nothing of it has been rendered.
    const queued = await database.db.select().from(outbox).where(eq(outbox.submissionId, id));
    expect(queued.map((row) => row.kind).sort()).toEqual(['consultant', 'masterclass', 'report']);
    for (const row of queued) {
      expect(row.renderFrom).toEqual({ site: SITE });
      expect([row.subject, row.html, row.text]).toEqual([null, null, null]);
    }

    open();
    await settled();
    const rendered = await database.db.select().from(outbox).where(eq(outbox.submissionId, id));
    const [stored] = await database.db.select().from(submissions).where(eq(submissions.id, id));
    const report = rendered.find((row) => row.kind === 'report')!;
    expect(report.renderFrom).toBeNull();
    expect(report.to).toEqual([TEST_CONTACT.email]);
    expect(report.subject).toContain(String(stored!.overallScore));
    expect(report.html).toContain(`${SITE}/es/r/${stored!.token}`);
    expect(report.headers?.['List-Unsubscribe']).toContain(`${SITE}/api/unsubscribe?t=`);
    expect(report.attachments?.[0]?.contentType).toBe('application/pdf');
    const notice = rendered.find((row) => row.kind === 'consultant')!;
    expect(notice.to).toEqual(['c1@example.com']);
    expect(notice.html).toContain(`${SITE}/consultants/submissions/${id}`);
    expect(rendered.find((row) => row.kind === 'masterclass')!.subject).toBeTruthy();
  });

  it('tells the team as it is when the notice is rendered, and drops the notice when there is nobody to tell', async () => {
    const { id } = await submit(validPayload(q));
    await settled();
    const unrender = () => database.db.update(outbox).set({ renderFrom: { site: SITE }, subject: null, html: null, text: null, to: [] }).where(eq(outbox.kind, 'consultant'));
    await unrender();
    await database.db.insert(consultants).values([{ email: 'owner@example.com', role: 'owner' }, { email: 'new@example.com', role: 'consultant' }]);
    expect(await render()).toMatchObject({ rendered: 1, dropped: 0 });
    const [notice] = await database.db.select().from(outbox).where(eq(outbox.kind, 'consultant'));
    expect(notice!.to).toEqual(['owner@example.com', 'new@example.com']);

    await unrender();
    await database.db.delete(consultants);
    expect(await render({ CONSULTANT_EMAILS: [] })).toMatchObject({ rendered: 0, dropped: 1 });
    const [dropped] = await database.db.select().from(outbox).where(eq(outbox.kind, 'consultant'));
    expect(dropped!.droppedAt).not.toBeNull();
    expect(dropped!.lastError).toMatch(/no consultant/);
    expect((await database.db.select().from(outbox).where(eq(outbox.submissionId, id))).length).toBe(2);
  });

  it('renders nothing for a lead erased before its emails were rendered', async () => {
    const { id } = await submit(validPayload(q));
    await settled();
    await database.db.update(outbox).set({ renderFrom: { site: SITE }, subject: null, html: null, text: null }).where(eq(outbox.submissionId, id));
    await eraseSubmission(database.db, id, { actor: 'c1@example.com', crmTargets: [] });
    expect(await render()).toMatchObject({ rendered: 0, tried: 0 });
    expect(await database.db.select().from(outbox).where(eq(outbox.submissionId, id))).toEqual([]);
  });

  it('stores a submission whose emails cannot be rendered, and retries them with backoff while the others go on', async () => {
    const { id } = await submit(validPayload(q));
    await settled();
    await database.db.update(outbox).set({ renderFrom: { site: SITE }, subject: null, html: null, text: null }).where(eq(outbox.submissionId, id));
    const real = submissionEmailRenderer({ questionnaire: () => q, env: { IP_HASH_SALT: TEST_IP_HASH_SALT, CONSULTANT_EMAILS: ['c1@example.com'] } });
    const broken: EmailRenderer = async (db, rows, now) => {
      const outcomes = await real(db, rows.filter((row) => row.kind !== 'report'), now);
      for (const row of rows) if (row.kind === 'report') outcomes.set(row.id, { error: 'template broke' });
      return outcomes;
    };
    expect(await renderPending(database.db, broken, { log: () => {} })).toMatchObject({ rendered: 1, failed: 1 });
    expect((await database.db.select().from(submissions).where(eq(submissions.id, id))).length).toBe(1);
    const [report] = await database.db.select().from(outbox).where(eq(outbox.kind, 'report'));
    expect(report!.renderFrom).not.toBeNull();
    expect(report!.lastError).toBe('not rendered: template broke');
    expect(report!.attempts).toBe(1);
    expect(report!.nextAttemptAt.getTime()).toBeGreaterThan(Date.now());
    // Not due before its backoff; the notice went on.
    expect(await render()).toMatchObject({ tried: 0 });
    const [notice] = await database.db.select().from(outbox).where(eq(outbox.kind, 'consultant'));
    expect(notice!.html).toContain(id);
  });
});
