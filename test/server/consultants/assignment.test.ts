import { beforeEach, describe, expect, it } from 'vitest';
import { randomUUID } from 'node:crypto';
import { eq } from 'drizzle-orm';
import { consultants, submissionActivity, submissions } from '../../../src/server/db/schema.ts';
import { assignLead, ConsultantError, consultantRecipients, inviteConsultant, removeConsultant, seedOwners } from '../../../src/server/consultants/index.ts';
import { insertSubmission } from '../crm/fixtures.ts';
import { openForSuite, TEST_DATABASES } from '../../helpers/db.ts';
import { emptyTeam } from './fixtures.ts';

describe.each(TEST_DATABASES)('leads assigned to consultants on $name', (testDb) => {
  const database = openForSuite(testDb);
  let lead: string;
  beforeEach(async () => {
    const db = database.db;
    await emptyTeam(db);
    await seedOwners(db, ['ana@example.com']);
    await inviteConsultant(db, { email: 'bea@example.com', name: 'Bea', role: 'consultant' }, 'ana@example.com');
    lead = (await insertSubmission(db)).id;
  });

  const assignee = async (id = lead) => (await database.db.select({ to: submissions.assignedTo }).from(submissions).where(eq(submissions.id, id)))[0]!.to;
  const history = () => database.db.select({ kind: submissionActivity.kind, actor: submissionActivity.actor, note: submissionActivity.note }).from(submissionActivity).orderBy(submissionActivity.createdAt);
  const refusal = async (promise: Promise<unknown>) => {
    const error = await promise.then(() => null, (e: unknown) => e);
    expect(error).toBeInstanceOf(ConsultantError);
    return error as ConsultantError;
  };

  it('gives a lead to a consultant and records who did it; the same choice again records nothing', async () => {
    expect(await assignLead(database.db, lead, 'Bea@Example.com', 'ana@example.com')).toEqual({ changed: true, from: null, to: 'bea@example.com' });
    expect(await assignee()).toBe('bea@example.com');
    expect(await assignLead(database.db, lead, 'bea@example.com', 'bea@example.com')).toEqual({ changed: false, from: 'bea@example.com', to: 'bea@example.com' });
    expect(await assignLead(database.db, lead, 'ana@example.com', 'bea@example.com')).toEqual({ changed: true, from: 'bea@example.com', to: 'ana@example.com' });
    expect(await history()).toEqual([
      { kind: 'assigned', actor: 'ana@example.com', note: 'bea@example.com' },
      { kind: 'assigned', actor: 'bea@example.com', note: 'ana@example.com' },
    ]);
  });

  it('gives a lead back to everyone with an empty choice', async () => {
    await assignLead(database.db, lead, 'bea@example.com', 'ana@example.com');
    expect(await assignLead(database.db, lead, '', 'ana@example.com')).toEqual({ changed: true, from: 'bea@example.com', to: null });
    expect(await assignee()).toBeNull();
    expect((await history()).at(-1)).toEqual({ kind: 'assigned', actor: 'ana@example.com', note: null });
  });

  it('refuses an assignee who is not on the team, naming assignedTo', async () => {
    await removeConsultant(database.db, 'bea@example.com', 'ana@example.com');
    for (const email of ['bea@example.com', 'stranger@example.com']) {
      const error = await refusal(assignLead(database.db, lead, email, 'ana@example.com'));
      expect(error).toMatchObject({ code: 'invalid', issues: [{ field: 'assignedTo', reason: 'not-on-team' }] });
    }
    expect(await assignee()).toBeNull();
    expect(await history()).toEqual([]);
  });

  it('refuses an actor no longer on the team', async () => {
    await removeConsultant(database.db, 'bea@example.com', 'ana@example.com');
    expect(await refusal(assignLead(database.db, lead, 'ana@example.com', 'bea@example.com'))).toMatchObject({ code: 'forbidden', issues: [{ field: 'actor' }] });
    expect(await assignee()).toBeNull();
  });

  it('answers not found for an unknown or erased lead', async () => {
    const erased = await insertSubmission(database.db, { erasedAt: new Date() });
    for (const id of ['not-a-uuid', randomUUID(), erased.id]) {
      expect(await refusal(assignLead(database.db, id, 'bea@example.com', 'ana@example.com'))).toMatchObject({ code: 'not-found', issues: [{ field: 'submission' }] });
    }
    expect(await assignee(erased.id)).toBeNull();
  });

  it("never leaves a lead with a removed consultant when the assignment races the assignee's removal", async () => {
    const db = database.db;
    for (let round = 0; round < 10; round++) {
      await inviteConsultant(db, { email: 'bea@example.com', name: 'Bea', role: 'consultant' }, 'ana@example.com').catch(() => undefined);
      await db.update(submissions).set({ assignedTo: null });
      const [assigned, removed] = await Promise.allSettled([assignLead(db, lead, 'bea@example.com', 'ana@example.com'), removeConsultant(db, 'bea@example.com', 'ana@example.com')]);
      expect(removed.status).toBe('fulfilled');
      // Either it was refused (Bea was gone), or it went through and the removal took it back.
      if (assigned.status === 'rejected') expect(assigned.reason).toMatchObject({ code: 'invalid', issues: [{ field: 'assignedTo' }] });
      expect(await assignee()).toBeNull();
    }
  });

  describe('who is told about a lead (consultantRecipients)', () => {
    it('tells the assigned consultant only', async () => {
      await assignLead(database.db, lead, 'bea@example.com', 'ana@example.com');
      expect(await consultantRecipients(database.db, { assignedTo: 'bea@example.com' })).toEqual(['bea@example.com']);
    });

    it('tells everyone on the team, owners first, when nobody is assigned or the assignee left', async () => {
      const db = database.db;
      await inviteConsultant(db, { email: 'abel@example.com', name: 'Abel', role: 'consultant' }, 'ana@example.com');
      await inviteConsultant(db, { email: 'zoe@example.com', name: 'Zoe', role: 'owner' }, 'ana@example.com');
      expect(await consultantRecipients(db, { assignedTo: null })).toEqual(['ana@example.com', 'zoe@example.com', 'abel@example.com', 'bea@example.com']);
      await removeConsultant(db, 'bea@example.com', 'ana@example.com');
      // A lead read before the removal still names Bea: the notice goes to the team instead.
      expect(await consultantRecipients(db, { assignedTo: 'bea@example.com' })).toEqual(['ana@example.com', 'zoe@example.com', 'abel@example.com']);
    });

    it('tells the owners CONSULTANT_EMAILS is about to seed when the team was never seeded', async () => {
      const db = database.db;
      await emptyTeam(db);
      expect(await consultantRecipients(db, { assignedTo: null, seed: ['ana@example.com', 'nonsense'] })).toEqual(['ana@example.com']);
      expect(await consultantRecipients(db)).toEqual([]);
      // Once seeded, the list no longer counts.
      await seedOwners(db, ['bo@example.com']);
      expect(await consultantRecipients(db, { seed: ['ana@example.com'] })).toEqual(['bo@example.com']);
      expect(await db.select().from(consultants)).toHaveLength(1);
    });
  });
});
