import { beforeEach, describe, expect, it, vi } from 'vitest';
import { eq } from 'drizzle-orm';
import type { Db } from '../../../src/server/db/client.ts';
import { consultants, session, submissionActivity, submissions, user } from '../../../src/server/db/schema.ts';
import { emptyTeam } from './fixtures.ts';
import {
  ConsultantError, ensureOwners, getConsultant, inviteConsultant, isConsultant, listConsultants, removeConsultant, seedOwners, SIGN_IN_PATH,
} from '../../../src/server/consultants/index.ts';
import { insertSubmission } from '../crm/fixtures.ts';
import { openForSuite, TEST_DATABASES } from '../../helpers/db.ts';

/** The error a promise was rejected with (fails the test when it resolved). */
async function refusal(promise: Promise<unknown>): Promise<ConsultantError> {
  const error = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(ConsultantError);
  return error as ConsultantError;
}

const activeOwners = async (db: Db) => (await listConsultants(db)).filter((c) => c.role === 'owner').map((c) => c.email).sort();

describe.each(TEST_DATABASES)('the consultants team on $name', (testDb) => {
  const database = openForSuite(testDb);
  beforeEach(async () => emptyTeam(database.db));

  describe('seeding from CONSULTANT_EMAILS', () => {
    it('makes the listed addresses the first owners, lower-cased, ignoring what is not an address, and never seeds again', async () => {
      const db = database.db;
      expect(await seedOwners(db, ['Ana@Example.com', 'bo@example.com', 'not an address', 'ana@example.com'])).toEqual(['ana@example.com', 'bo@example.com']);
      const team = await listConsultants(db);
      expect(team.map((c) => [c.email, c.role, c.invitedBy])).toEqual([['ana@example.com', 'owner', null], ['bo@example.com', 'owner', null]]);
      // A later deploy with another list changes nothing: the team is managed in the workspace now.
      expect(await seedOwners(db, ['carla@example.com'])).toEqual([]);
      expect(await activeOwners(db)).toEqual(['ana@example.com', 'bo@example.com']);
      expect(await isConsultant(db, 'carla@example.com')).toBe(false);
    });

    it('seeds nothing from an empty list', async () => {
      expect(await seedOwners(database.db, [])).toEqual([]);
      expect(await listConsultants(database.db, { includeRemoved: true })).toEqual([]);
    });

    it('makes the listed addresses owners again when the team has lost every owner (a row edited by hand)', async () => {
      const db = database.db;
      await seedOwners(db, ['ana@example.com']);
      await db.update(consultants).set({ removedAt: new Date() });
      expect(await isConsultant(db, 'ana@example.com')).toBe(false);
      expect(await seedOwners(db, ['ana@example.com'])).toEqual(['ana@example.com']);
      expect(await getConsultant(db, 'ana@example.com')).toMatchObject({ role: 'owner', removedAt: null });
    });

    it('seeds once per database, and tries again after a failed attempt', async () => {
      const transaction = vi.fn<Db['transaction']>().mockRejectedValueOnce(new Error('connect ECONNREFUSED'));
      transaction.mockImplementation((run) => database.db.transaction(run));
      const flaky = { transaction } as unknown as Db;
      await expect(ensureOwners(flaky, ['ana@example.com'])).rejects.toThrow(/ECONNREFUSED/);
      await ensureOwners(flaky, ['ana@example.com']);
      await ensureOwners(flaky, ['ana@example.com']);
      expect(transaction).toHaveBeenCalledTimes(2);
      expect(await activeOwners(database.db)).toEqual(['ana@example.com']);
    });

    it('leaves exactly the listed owners when many first requests seed at once', async () => {
      const db = database.db;
      const seeded = await Promise.all(Array.from({ length: 8 }, () => seedOwners(db, ['ana@example.com', 'bo@example.com'])));
      expect(seeded.filter((emails) => emails.length > 0)).toEqual([['ana@example.com', 'bo@example.com']]);
      expect((await listConsultants(db, { includeRemoved: true })).map((c) => c.email)).toEqual(['ana@example.com', 'bo@example.com']);
    });

    it('seeds one list, never a mix, when two servers with different lists start at once', async () => {
      const db = database.db;
      for (let round = 0; round < 10; round++) {
        await emptyTeam(db);
        await Promise.all([seedOwners(db, ['ana@example.com', 'bo@example.com']), seedOwners(db, ['carla@example.com']), seedOwners(db, ['ana@example.com', 'bo@example.com'])]);
        expect([['ana@example.com', 'bo@example.com'], ['carla@example.com']]).toContainEqual(await activeOwners(db));
      }
    });
  });

  describe('inviting', () => {
    beforeEach(async () => {
      await seedOwners(database.db, ['ana@example.com']);
    });

    it('adds the invited consultant, who may then sign in, and says where they ask for a link', async () => {
      const db = database.db;
      const result = await inviteConsultant(db, { email: ' Bea@Example.com ', name: '  Bea Souza ', role: 'consultant' }, 'ANA@example.com');
      expect(result).toMatchObject({ rejoined: false, signInPath: SIGN_IN_PATH, consultant: { email: 'bea@example.com', name: 'Bea Souza', role: 'consultant', invitedBy: 'ana@example.com', removedAt: null } });
      expect(await isConsultant(db, 'BEA@example.com')).toBe(true);
      expect((await listConsultants(db)).map((c) => c.email)).toEqual(['ana@example.com', 'bea@example.com']);
    });

    it('refuses an invitation naming every wrong field and why', async () => {
      const error = await refusal(inviteConsultant(database.db, { email: 'bea@', name: '   ', role: 'admin' }, 'ana@example.com'));
      expect(error.code).toBe('invalid');
      expect(error.issues).toEqual([
        { field: 'email', reason: 'invalid', message: 'must be a valid email address' },
        { field: 'name', reason: 'invalid', message: 'required: the name the team knows them by' },
        { field: 'role', reason: 'invalid', message: 'must be one of: owner, consultant' },
      ]);
      expect((await refusal(inviteConsultant(database.db, { email: 'bea@example.com', name: 'B'.repeat(101), role: 'owner' }, 'ana@example.com'))).issues).toEqual([
        { field: 'name', reason: 'invalid', message: 'must be at most 100 characters' },
      ]);
      expect(await listConsultants(database.db)).toHaveLength(1);
    });

    it('refuses someone already on the team, whatever the case of the address', async () => {
      const error = await refusal(inviteConsultant(database.db, { email: 'Ana@Example.com', name: 'Ana', role: 'consultant' }, 'ana@example.com'));
      expect(error.issues).toEqual([{ field: 'email', reason: 'taken', message: 'ana@example.com is already on the team' }]);
      expect(await getConsultant(database.db, 'ana@example.com')).toMatchObject({ role: 'owner' });
    });

    it('lets only owners on the team invite', async () => {
      const db = database.db;
      await inviteConsultant(db, { email: 'bea@example.com', name: 'Bea', role: 'consultant' }, 'ana@example.com');
      for (const actor of ['bea@example.com', 'stranger@example.com']) {
        const error = await refusal(inviteConsultant(db, { email: 'carla@example.com', name: 'Carla', role: 'owner' }, actor));
        expect(error.code).toBe('forbidden');
        expect(error.issues[0]).toMatchObject({ field: 'actor', reason: 'not-owner' });
      }
      expect(await isConsultant(db, 'carla@example.com')).toBe(false);
    });

    it('welcomes back a removed consultant with the new name and role', async () => {
      const db = database.db;
      await inviteConsultant(db, { email: 'bea@example.com', name: 'Bea', role: 'consultant' }, 'ana@example.com');
      await removeConsultant(db, 'bea@example.com', 'ana@example.com');
      const back = await inviteConsultant(db, { email: 'bea@example.com', name: 'Beatriz', role: 'owner' }, 'ana@example.com');
      expect(back).toMatchObject({ rejoined: true, consultant: { name: 'Beatriz', role: 'owner', removedAt: null } });
      expect(await activeOwners(db)).toEqual(['ana@example.com', 'bea@example.com']);
    });
  });

  describe('removing', () => {
    beforeEach(async () => {
      await seedOwners(database.db, ['ana@example.com']);
      await inviteConsultant(database.db, { email: 'bea@example.com', name: 'Bea', role: 'consultant' }, 'ana@example.com');
    });

    /** A Better Auth user with one live session, as signing in leaves them. */
    async function signedIn(email: string): Promise<void> {
      const id = `user-${email}`;
      await database.db.insert(user).values({ id, name: '', email: email.toUpperCase() });
      await database.db.insert(session).values({ id: `session-${email}`, token: `token-${email}`, userId: id, expiresAt: new Date(Date.now() + 3_600_000) });
    }

    it('takes them off the team, ends their sessions, and gives their leads back to everyone with a history row', async () => {
      const db = database.db;
      await signedIn('bea@example.com');
      await signedIn('ana@example.com');
      const lead = await insertSubmission(db);
      await db.update(submissions).set({ assignedTo: 'bea@example.com' }).where(eq(submissions.id, lead.id));
      const removal = await removeConsultant(db, 'BEA@example.com', 'ana@example.com');
      expect(removal).toEqual({ email: 'bea@example.com', unassigned: [lead.id], sessionsEnded: 1 });
      expect(await isConsultant(db, 'bea@example.com')).toBe(false);
      // The row stays, so the history still names them.
      expect((await listConsultants(db, { includeRemoved: true })).find((c) => c.email === 'bea@example.com')?.removedAt).toBeInstanceOf(Date);
      expect((await db.select().from(session)).map((s) => s.id)).toEqual(['session-ana@example.com']);
      const [row] = await db.select({ assignedTo: submissions.assignedTo }).from(submissions).where(eq(submissions.id, lead.id));
      expect(row!.assignedTo).toBeNull();
      expect(await db.select({ kind: submissionActivity.kind, actor: submissionActivity.actor, note: submissionActivity.note }).from(submissionActivity)).toEqual([{ kind: 'assigned', actor: 'ana@example.com', note: null }]);
    });

    it('refuses to remove the last owner, and an address not on the team', async () => {
      const db = database.db;
      const last = await refusal(removeConsultant(db, 'ana@example.com', 'ana@example.com'));
      expect(last).toMatchObject({ code: 'invalid', issues: [{ field: 'email', reason: 'last-owner' }] });
      expect(last.message).toMatch(/last owner/);
      const unknown = await refusal(removeConsultant(db, 'nobody@example.com', 'ana@example.com'));
      expect(unknown).toMatchObject({ code: 'not-found', issues: [{ field: 'email', reason: 'not-on-team' }] });
      await removeConsultant(db, 'bea@example.com', 'ana@example.com');
      expect((await refusal(removeConsultant(db, 'bea@example.com', 'ana@example.com'))).code).toBe('not-found');
      expect(await activeOwners(db)).toEqual(['ana@example.com']);
    });

    it('lets only owners remove', async () => {
      const error = await refusal(removeConsultant(database.db, 'ana@example.com', 'bea@example.com'));
      expect(error).toMatchObject({ code: 'forbidden', issues: [{ field: 'actor', reason: 'not-owner' }] });
      expect(await isConsultant(database.db, 'ana@example.com')).toBe(true);
    });

    it('lets an owner go when another owner stays', async () => {
      const db = database.db;
      await inviteConsultant(db, { email: 'carla@example.com', name: 'Carla', role: 'owner' }, 'ana@example.com');
      await removeConsultant(db, 'ana@example.com', 'carla@example.com');
      expect(await activeOwners(db)).toEqual(['carla@example.com']);
    });

    it('never leaves the team without an owner when two owners remove each other at once', async () => {
      const db = database.db;
      for (let round = 0; round < 10; round++) {
        await emptyTeam(db);
        await seedOwners(db, ['ana@example.com', 'carla@example.com']);
        const results = await Promise.allSettled([removeConsultant(db, 'carla@example.com', 'ana@example.com'), removeConsultant(db, 'ana@example.com', 'carla@example.com')]);
        expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
        const [rejected] = results.filter((r) => r.status === 'rejected');
        // The second found its actor removed by the first.
        expect((rejected as PromiseRejectedResult).reason).toMatchObject({ code: 'forbidden' });
        expect(await activeOwners(db)).toHaveLength(1);
      }
    });
  });

  it('lists owners first, then by address, removed consultants only when asked', async () => {
    const db = database.db;
    await seedOwners(db, ['zoe@example.com']);
    await inviteConsultant(db, { email: 'bea@example.com', name: 'Bea', role: 'consultant' }, 'zoe@example.com');
    await inviteConsultant(db, { email: 'abel@example.com', name: 'Abel', role: 'consultant' }, 'zoe@example.com');
    await inviteConsultant(db, { email: 'yago@example.com', name: 'Yago', role: 'owner' }, 'zoe@example.com');
    await removeConsultant(db, 'bea@example.com', 'zoe@example.com');
    expect((await listConsultants(db)).map((c) => c.email)).toEqual(['yago@example.com', 'zoe@example.com', 'abel@example.com']);
    expect((await listConsultants(db, { includeRemoved: true })).map((c) => c.email)).toEqual(['yago@example.com', 'zoe@example.com', 'abel@example.com', 'bea@example.com']);
  });
});
