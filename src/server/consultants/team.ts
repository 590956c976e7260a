import { z } from 'astro/zod';
import { and, count, eq, inArray, isNull, sql } from 'drizzle-orm';
import { isEmailAddress, normalizeEmail } from '../../domain/email.ts';
import type { Db } from '../db/client.ts';
import { consultants, session, submissionActivity, submissions, user } from '../db/schema.ts';
import type { FieldIssue } from '../lib/http.ts';

/** The roles on the team: an `owner` also invites and removes consultants. */
export const CONSULTANT_ROLES = ['owner', 'consultant'] as const;
export type ConsultantRole = (typeof CONSULTANT_ROLES)[number];

/** A row of the team, removed consultants included (`removedAt` set). */
export type Consultant = typeof consultants.$inferSelect;

/** Where an invited consultant asks for a sign-in link whenever they need one. */
export const SIGN_IN_PATH = '/consultants/sign-in';

/** Longest name accepted for a consultant, in characters. */
export const MAX_CONSULTANT_NAME_LENGTH = 100;

/** The field a refusal is about: a form field (`action` names the form), the acting consultant (`actor`) or the lead (`submission`). */
export type ConsultantField = 'action' | 'email' | 'name' | 'role' | 'actor' | 'assignedTo' | 'submission';

/**
 * Why a field was refused: `invalid` (not a value that field takes), `taken` (already on the team),
 * `not-on-team` (no active consultant by that address), `last-owner` (removing them would leave the
 * team without an owner), `not-owner` (only owners may do this), `not-found` (no such lead).
 */
export type ConsultantIssueReason = 'invalid' | 'taken' | 'not-on-team' | 'last-owner' | 'not-owner' | 'not-found';

/** One refused field: which, why (for the page to pick its text), and a sentence in English (for logs and JSON). */
export interface ConsultantIssue {
  field: ConsultantField;
  reason: ConsultantIssueReason;
  message: string;
}

/**
 * Thrown by the team's functions: `invalid` maps to 400, `forbidden` (the actor may not do it) to
 * 403, `not-found` (an unknown consultant or lead) to 404. `issues` name each field and why.
 */
export class ConsultantError extends Error {
  readonly code: 'invalid' | 'forbidden' | 'not-found';
  readonly issues: ConsultantIssue[];
  constructor(code: 'invalid' | 'forbidden' | 'not-found', issues: ConsultantIssue[]) {
    super(issues.map((issue) => `${issue.field}: ${issue.message}`).join('; '));
    this.name = 'ConsultantError';
    this.code = code;
    this.issues = issues;
  }

  /** The issues as the JSON answers and `formPage` carry them (`{path: [field], message}`). */
  fieldIssues(): FieldIssue[] {
    return this.issues.map((issue) => ({ path: [issue.field], message: issue.message }));
  }
}

const INVALID_EMAIL = 'must be a valid email address';

/** An owner's invitation, as the team page's form sends it. */
export const InvitationSchema = z.object({
  /** The address the consultant signs in with; stored lower-case. */
  email: z.string({ error: INVALID_EMAIL }).refine(isEmailAddress, INVALID_EMAIL).transform(normalizeEmail),
  /** The name the team knows them by. */
  name: z
    .string({ error: 'required: the name the team knows them by' })
    .trim()
    .min(1, 'required: the name the team knows them by')
    .max(MAX_CONSULTANT_NAME_LENGTH, `must be at most ${MAX_CONSULTANT_NAME_LENGTH} characters`),
  /** `owner` or `consultant`. */
  role: z.enum(CONSULTANT_ROLES, { error: `must be one of: ${CONSULTANT_ROLES.join(', ')}` }),
});
export type Invitation = z.infer<typeof InvitationSchema>;

type Transaction = Parameters<Parameters<Db['transaction']>[0]>[0];

// Every change to who is on the team (seeding, inviting, removing) takes this transaction-scoped
// lock first: the checks "is there an owner yet" and "is this the last owner" then read a team
// nobody else is changing, on Postgres and PGlite alike. Reads never wait for it.
const TEAM_LOCK_KEY = 0x7465616d; // "team"
async function lockTeam(tx: Transaction): Promise<void> {
  await tx.execute(sql`select pg_advisory_xact_lock(${sql.raw(String(TEAM_LOCK_KEY))})`);
}

const active = isNull(consultants.removedAt);

/** Whether `actor` is an owner still on the team, read inside the caller's transaction. */
async function requireOwner(tx: Transaction, actor: string): Promise<void> {
  const [row] = await tx
    .select({ role: consultants.role })
    .from(consultants)
    .where(and(eq(consultants.email, normalizeEmail(actor)), active));
  if (row?.role !== 'owner') throw new ConsultantError('forbidden', [{ field: 'actor', reason: 'not-owner', message: `${actor} is not an owner of the team: only owners invite and remove consultants` }]);
}

/**
 * Makes `emails` (CONSULTANT_EMAILS) the team's first owners, only while the team has no owner:
 * once it has one, the variable changes nothing and the team is managed in the workspace. Safe
 * when several requests or processes start at once (they take turns; later ones find the owners).
 * Addresses that are not addresses are ignored. When the team has lost every owner (a row edited
 * by hand), the listed addresses are made owners again, so the variable is also the way back in.
 * @returns the addresses made owners now (empty when the team already had an owner)
 */
export async function seedOwners(db: Db, emails: readonly string[]): Promise<string[]> {
  const seeds = [...new Set(emails.filter(isEmailAddress).map(normalizeEmail))];
  if (seeds.length === 0) return [];
  return db.transaction(async (tx) => {
    await lockTeam(tx);
    const [owner] = await tx.select({ email: consultants.email }).from(consultants).where(and(eq(consultants.role, 'owner'), active)).limit(1);
    if (owner) return [];
    const now = new Date();
    await tx
      .insert(consultants)
      .values(seeds.map((email) => ({ email, role: 'owner' as const, createdAt: now })))
      .onConflictDoUpdate({ target: consultants.email, set: { role: 'owner', removedAt: null } });
    return seeds;
  });
}

// One seeding per database a process opens: after it the team has an owner for good (the last one
// cannot be removed), so later requests need not ask again.
const seeded = new WeakMap<object, Promise<void>>();

/**
 * `seedOwners` once per process and database, for the routes to call on every request at no cost
 * after the first; a failed attempt (database down) is tried again by the next call.
 */
export function ensureOwners(db: Db, emails: readonly string[]): Promise<void> {
  let done = seeded.get(db);
  if (!done) {
    done = seedOwners(db, emails).then(
      () => undefined,
      (error: unknown) => {
        seeded.delete(db);
        throw error;
      },
    );
    seeded.set(db, done);
  }
  return done;
}

/** The consultant on the team with this address (any case), or null when there is none or they were removed. */
export async function getConsultant(db: Pick<Db, 'select'>, email: string): Promise<Consultant | null> {
  const [row] = await db.select().from(consultants).where(and(eq(consultants.email, normalizeEmail(email)), active));
  return row ?? null;
}

/** Whether `email` (any case) may sign in: a consultant on the team, not removed. */
export async function isConsultant(db: Pick<Db, 'select'>, email: string): Promise<boolean> {
  return (await getConsultant(db, email)) !== null;
}

/** The team: owners first, then by address; removed consultants only with `includeRemoved`. */
export async function listConsultants(db: Pick<Db, 'select'>, { includeRemoved = false }: { includeRemoved?: boolean } = {}): Promise<Consultant[]> {
  return db
    .select()
    .from(consultants)
    .where(includeRemoved ? undefined : active)
    .orderBy(sql`case when ${consultants.role} = 'owner' then 0 else 1 end`, consultants.email);
}

/** What `inviteConsultant` did: the consultant as now on the team, and where they sign in. */
export interface InvitationResult {
  consultant: Consultant;
  /** True when they had been removed before and are back. */
  rejoined: boolean;
  /**
   * Where they ask for a sign-in link (`/consultants/sign-in`). Nothing is sent by the invitation
   * itself: the caller emails a sign-in link (`requestSignInLink`) or tells the owner to send them here.
   */
  signInPath: string;
}

/**
 * Adds a consultant to the team (owners only). Someone removed before is welcomed back with the new
 * name and role. Sends nothing: see `InvitationResult.signInPath`.
 * @param input `{email, name, role}` as the form sent them (checked by `InvitationSchema`)
 * @param actor the signed-in consultant's email
 * @throws ConsultantError `invalid` naming `email`, `name` or `role` (or `email` `taken`: already
 *   on the team); `forbidden` when `actor` is not an owner
 * @example await inviteConsultant(db, { email: 'bea@example.com', name: 'Bea', role: 'consultant' }, 'ana@example.com')
 */
export async function inviteConsultant(db: Db, input: { email: unknown; name: unknown; role: unknown }, actor: string): Promise<InvitationResult> {
  const parsed = InvitationSchema.safeParse(input);
  if (!parsed.success) {
    throw new ConsultantError(
      'invalid',
      parsed.error.issues.map((issue) => ({ field: String(issue.path[0]) as ConsultantField, reason: 'invalid', message: issue.message })),
    );
  }
  const { email, name, role } = parsed.data;
  return db.transaction(async (tx) => {
    await lockTeam(tx);
    await requireOwner(tx, actor);
    const [existing] = await tx.select().from(consultants).where(eq(consultants.email, email));
    if (existing && !existing.removedAt) throw new ConsultantError('invalid', [{ field: 'email', reason: 'taken', message: `${email} is already on the team` }]);
    const values = { name, role, invitedBy: normalizeEmail(actor), createdAt: new Date(), removedAt: null };
    const [consultant] = existing
      ? await tx.update(consultants).set(values).where(eq(consultants.email, email)).returning()
      : await tx.insert(consultants).values({ email, ...values }).returning();
    return { consultant: consultant!, rejoined: Boolean(existing), signInPath: SIGN_IN_PATH };
  });
}

/** What `removeConsultant` did. */
export interface RemovalResult {
  email: string;
  /** Leads that were assigned to them, now assigned to nobody (each with an `assigned` activity row). */
  unassigned: string[];
  /** Their sessions ended (signed out everywhere). */
  sessionsEnded: number;
}

/**
 * Takes a consultant off the team (owners only): they can no longer sign in, their sessions end at
 * once, and the leads assigned to them go back to everyone (notices then reach the whole team). The
 * row stays, marked `removedAt`, so the history still names them. The last owner cannot be removed,
 * not even by two owners removing each other at the same moment.
 * @param actor the signed-in consultant's email
 * @throws ConsultantError `forbidden` when `actor` is not an owner; `not-found` (field `email`) when
 *   nobody on the team has that address; `invalid` (`email`, `last-owner`) for the last owner
 */
export async function removeConsultant(db: Db, email: string, actor: string): Promise<RemovalResult> {
  const target = normalizeEmail(email);
  return db.transaction(async (tx) => {
    await lockTeam(tx);
    await requireOwner(tx, actor);
    const [row] = await tx.select({ role: consultants.role }).from(consultants).where(and(eq(consultants.email, target), active));
    if (!row) throw new ConsultantError('not-found', [{ field: 'email', reason: 'not-on-team', message: `${target || '(empty)'} is not on the team` }]);
    if (row.role === 'owner') {
      const [owners] = await tx.select({ n: count() }).from(consultants).where(and(eq(consultants.role, 'owner'), active));
      if ((owners?.n ?? 0) <= 1) {
        throw new ConsultantError('invalid', [{ field: 'email', reason: 'last-owner', message: `${target} is the team's last owner: invite another owner before removing them` }]);
      }
    }
    // The consultant's row first: an assignment to them that is being made waits for this
    // (assignLead locks the row), so none can slip in after the unassigning below.
    await tx.update(consultants).set({ removedAt: new Date() }).where(eq(consultants.email, target));
    const unassigned = await tx.update(submissions).set({ assignedTo: null }).where(eq(submissions.assignedTo, target)).returning({ id: submissions.id });
    if (unassigned.length > 0) {
      await tx.insert(submissionActivity).values(unassigned.map(({ id }) => ({ submissionId: id, actor: normalizeEmail(actor), kind: 'assigned' as const, note: null })));
    }
    const accounts = tx.select({ id: user.id }).from(user).where(eq(sql`lower(${user.email})`, target));
    const ended = await tx.delete(session).where(inArray(session.userId, accounts)).returning({ id: session.id });
    return { email: target, unassigned: unassigned.map(({ id }) => id), sessionsEnded: ended.length };
  });
}
