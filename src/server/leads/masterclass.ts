import { and, count, eq, sql } from 'drizzle-orm';
import { MasterclassSignupSchema } from '../../domain/schemas/submission.ts';
import type { MasterclassSession } from '../../domain/schemas/offer.ts';
import type { Locale } from '../../domain/locale.ts';
import { calendarLinks, sessionStart, sessionTimes, upcomingSessions } from '../../domain/masterclass.ts';
import type { Questionnaire } from '../../domain/schemas/questionnaire.ts';
import { crmDeliveries, masterclassSignups, outbox, submissions } from '../db/schema.ts';
import { crmDeliveryRows, crmTargets, masterclassSignupEvent, submissionEvent } from '../crm/index.ts';
import { json } from '../lib/http.ts';
import { MAX_REQUEST_BODY_BYTES } from '../lib/body.ts';
import { ok, parse, readPost, respond, type Outcome } from '../lib/form.ts';
import { hashIp, HOUR_MS, RateLimited, takeSlot, type RateLimit } from '../lib/rate-limit.ts';
import { unsubscribeLinks } from '../lib/signed-links.ts';
import { outboxRow } from '../outbox/index.ts';
import { recordMasterclassSignup } from '../funnel/index.ts';
import { consultantRecipients } from '../consultants/index.ts';
import { masterclassEmail, masterclassInvitation, masterclassReminderEmail, masterclassSignupEmail, type SessionForEmail } from '../email/index.ts';
import { consentVersion } from './consent.ts';
import { deliverAfterResponse, unavailable, type LeadDeps } from './submissions.ts';

/** What a sign-up came to: a seat, a place on a full session's waitlist, already signed up (nothing changes, nothing is sent), or a bot's (ignored). */
export type SignupDone = 'created' | 'waitlisted' | 'already' | 'ignored';

/** How long before a booked session its reminder goes out. */
const REMINDER_BEFORE_MS = 24 * HOUR_MS;

function masterclassLimit(env: LeadDeps['env']): RateLimit {
  return { bucket: 'masterclass:ip', limit: env.RATE_LIMIT_PER_HOUR, windowMs: HOUR_MS };
}

/** Reads a masterclass sign-up from JSON or the page's HTML form (`consent=on`); `page` as in `ReadOptions`. */
export function readSignup(request: Request, { page = false } = {}): Promise<Outcome<unknown>> {
  return readPost(request, { accept: 'json-or-form', maxBytes: MAX_REQUEST_BODY_BYTES, checkboxes: ['consent'], page });
}

/** Booked seats of each session (waitlists left out), for the sign-up page. */
export async function seatsTaken(db: Awaited<ReturnType<LeadDeps['db']>>): Promise<Map<string, number>> {
  const rows = await db
    .select({ session: masterclassSignups.sessionId, n: count() })
    .from(masterclassSignups)
    .where(eq(masterclassSignups.waitlisted, false))
    .groupBy(masterclassSignups.sessionId);
  return new Map(rows.flatMap((row) => (row.session ? [[row.session, row.n] as const] : [])));
}

/** A session as the emails word it, in `locale`, with its joining link and calendar links. */
function sessionForEmail(q: Questionnaire, session: MasterclassSession, locale: Locale): SessionForEmail {
  return {
    times: sessionTimes(session, locale),
    joinUrl: session.joinUrl,
    calendar: calendarLinks(session, { title: q.offer.title[locale], description: q.offer.description[locale], location: session.joinUrl }),
  };
}

/**
 * Signs a person up once per email address, for one of the upcoming sessions of content/offer.yaml
 * when there are any (a session that has started, or an unknown one, is refused naming `session`).
 * Seats are counted under a lock per session, so parallel sign-ups never overbook: once a session
 * is full, a sign-up goes on its waitlist. A booked seat gets its invitation (joining link, calendar
 * links, an `.ics` file) and a reminder 24 h before, both through the outbox; the consultants are
 * told in every case. Someone signed up without a session (from the results' box) may choose one
 * later; a second sign-up otherwise changes nothing and sends nothing.
 */
export async function registerMasterclass(body: unknown, deps: LeadDeps): Promise<Outcome<SignupDone>> {
  const now = deps.now?.() ?? new Date();
  const parsed = parse(MasterclassSignupSchema, body, 'Invalid sign-up');
  if (parsed.kind !== 'ok') return parsed;
  const signup = parsed.value;
  if (signup.website) return ok('ignored');
  const q = deps.questionnaire;
  const upcoming = upcomingSessions(q.offer.sessions, now);
  const session = signup.session ? upcoming.find((s) => s.id === signup.session) : undefined;
  if (signup.session && !session) return { kind: 'invalid', error: 'Invalid sign-up', issues: [{ path: ['session'], message: 'is no longer available: choose one of the upcoming sessions' }] };
  if (!signup.session && upcoming.length > 0) return { kind: 'invalid', error: 'Invalid sign-up', issues: [{ path: ['session'], message: 'required' }] };

  const ipHash = hashIp(deps.ip, deps.env.IP_HASH_SALT);
  const site = deps.env.SITE_URL.replace(/\/$/, '');
  const unsubscribe = unsubscribeLinks(site, signup.locale, signup.email, deps.env.IP_HASH_SALT);
  const version = consentVersion(signup.locale, q.ui.masterclass.consent[signup.locale]);
  try {
    const db = await deps.db();
    const linked = signup.token
      ? ((await db.select({ id: submissions.id }).from(submissions).where(eq(submissions.token, signup.token)))[0]?.id ?? null)
      : null;
    const done = await db.transaction(async (tx): Promise<SignupDone> => {
      const slot = await takeSlot(tx, masterclassLimit(deps.env), ipHash, now);
      if (!slot.allowed) throw new RateLimited(slot);
      // One sign-up at a time per session while seats are counted: parallel sign-ups cannot overbook.
      if (session) await tx.execute(sql`select pg_advisory_xact_lock(hashtext(${`masterclass:${session.id}`}))`);
      const [existing] = await tx.select().from(masterclassSignups).where(eq(masterclassSignups.email, signup.email)).for('update');
      if (existing && (existing.sessionId || !session)) return 'already';
      let waitlisted = false;
      if (session) {
        const [taken] = await tx
          .select({ n: count() })
          .from(masterclassSignups)
          .where(and(eq(masterclassSignups.sessionId, session.id), eq(masterclassSignups.waitlisted, false)));
        waitlisted = (taken?.n ?? 0) >= session.capacity;
      }
      const fields = { name: signup.name, locale: signup.locale, sessionId: session?.id ?? null, waitlisted, consentAt: now, consentVersion: version, ipHash };
      const [row] = existing
        ? await tx.update(masterclassSignups).set({ ...fields, submissionId: existing.submissionId ?? linked }).where(eq(masterclassSignups.id, existing.id)).returning()
        : await tx.insert(masterclassSignups).values({ email: signup.email, submissionId: linked, ...fields }).returning();
      // A first sign-up counts in the funnel (one who chooses a session later was counted when they ticked the box).
      if (!existing) await recordMasterclassSignup(tx, { locale: signup.locale, visitId: signup.visitId ?? `signup-${row!.id}`, now });
      const submissionId = row!.submissionId;

      // The page's box covers the masterclass and being contacted about it (content/ui.yaml, `masterclass.consent`).
      const given = { at: now.toISOString(), version };
      if (submissionId) {
        // A contact consent already given keeps its own time and version.
        const [stored] = await tx
          .update(submissions)
          .set({ masterclass: true, consents: sql`${JSON.stringify({ contact: given })}::jsonb || ${submissions.consents} || ${JSON.stringify({ masterclass: given })}::jsonb` })
          .where(eq(submissions.id, submissionId))
          .returning();
        const event = submissionEvent('masterclass.registered', stored!, q, site, { masterclassSession: session?.id ?? null });
        const crm = crmDeliveryRows(event, crmTargets(deps.env), submissionId, stored!.consents);
        if (crm.length > 0) await tx.insert(crmDeliveries).values(crm);
      } else {
        const event = masterclassSignupEvent({ email: signup.email, name: signup.name, locale: signup.locale, sessionId: session?.id ?? null });
        const crm = crmDeliveryRows(event, crmTargets(deps.env), null, { contact: given, masterclass: given });
        if (crm.length > 0) await tx.insert(crmDeliveries).values(crm);
      }

      const shown = session ? sessionForEmail(q, session, signup.locale) : null;
      const booked = session && !waitlisted;
      const confirmation = masterclassEmail({ questionnaire: q, name: signup.name, locale: signup.locale, unsubscribe, session: shown, waitlisted });
      const invitation = booked
        ? masterclassInvitation({
            session,
            title: q.offer.title[signup.locale],
            description: q.offer.description[signup.locale],
            joinUrl: session.joinUrl,
            // One event per sign-up: a re-sent invitation updates it instead of adding a second.
            uid: `masterclass-${row!.id}@${new URL(site).hostname}`,
          })
        : null;
      const emails = [outboxRow('masterclass', [signup.email], confirmation, { submissionId, attachments: invitation ? [{ ...invitation, content: Buffer.from(invitation.content).toString('base64') }] : null })];
      const remindAt = booked ? new Date(sessionStart(session).getTime() - REMINDER_BEFORE_MS) : null;
      if (booked && remindAt && remindAt > now) {
        const reminder = masterclassReminderEmail({ questionnaire: q, name: signup.name, locale: signup.locale, session: shown!, unsubscribe });
        emails.push(outboxRow('reminder', [signup.email], reminder, { submissionId, sendAt: remindAt, expiresAt: sessionStart(session) }));
      }
      // The consultant the lead's diagnostic is assigned to, else the whole team.
      const [assigned] = submissionId ? await tx.select({ to: submissions.assignedTo }).from(submissions).where(eq(submissions.id, submissionId)) : [];
      const consultants = await consultantRecipients(tx, { assignedTo: assigned?.to ?? null, seed: deps.env.CONSULTANT_EMAILS });
      if (consultants.length > 0) {
        const notice = masterclassSignupEmail({
          questionnaire: q,
          name: signup.name,
          email: signup.email,
          session: session ? sessionTimes(session, 'es').session.text : null,
          waitlisted,
          submissionUrl: submissionId ? `${site}/consultants/submissions/${submissionId}` : null,
          workspaceUrl: `${site}/consultants/masterclass`,
        });
        emails.push(outboxRow('consultant', consultants, notice, { submissionId }));
      }
      await tx.insert(outbox).values(emails);
      return waitlisted ? 'waitlisted' : 'created';
    });
    if (done !== 'already') deliverAfterResponse(deps);
    return ok(done);
  } catch (error) {
    if (error instanceof RateLimited) return { kind: 'rate-limited', error: 'Too many sign-ups from this address; try again later.', retryAfterSeconds: error.slot.retryAfterSeconds };
    return unavailable(error);
  }
}

/** `POST /api/masterclass`: 201 signed up (`waitlisted` when the session was full), 200 already signed up, 400/413/415/429/503 as for submissions. */
export async function createMasterclassSignup(request: Request, deps: LeadDeps): Promise<Response> {
  const body = await readSignup(request);
  const result = body.kind === 'ok' ? await registerMasterclass(body.value, deps) : body;
  return respond(result, (done) => (done === 'already' ? json({ ok: true, already: true }, 200) : json({ ok: true, ...(done === 'waitlisted' ? { waitlisted: true } : {}) }, 201)));
}
