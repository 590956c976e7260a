import { and, eq, gte, isNull, lt, sql } from 'drizzle-orm';
import { funnelFromRollup, type FunnelEventName, type FunnelReport } from '../../domain/funnel.ts';
import type { Locale } from '../../domain/locale.ts';
import { FunnelEventSchema } from '../../domain/schemas/funnel-event.ts';
import type { Db } from '../db/client.ts';
import { funnelDaily, funnelEvents, funnelVisits } from '../db/schema.ts';
import type { Env } from '../env.ts';
import { json } from '../lib/http.ts';
import { ok, readForm, respond, type Outcome } from '../lib/form.ts';
import { DAY_MS, hashIp, HOUR_MS, takeSlot } from '../lib/rate-limit.ts';
import { signStartToken } from '../lib/start-token.ts';

/** Largest accepted event body; a real one is under 150 bytes. */
export const MAX_EVENT_BYTES = 2 * 1024;
/** Events kept per visit per UTC day; more are answered and dropped, so a looping tab cannot flood the table. */
export const MAX_EVENTS_PER_VISIT_PER_DAY = 200;

export interface FunnelDeps {
  /** The database; throws when it is unavailable. */
  db: () => Promise<Db>;
  env: Pick<Env, 'IP_HASH_SALT' | 'EVENTS_PER_IP_PER_HOUR' | 'EVENTS_PER_DAY'>;
  /** The client's IP address, as the platform reports it. */
  ip: string;
  now?: () => Date;
}

/**
 * `POST /api/events`: stores one anonymous funnel event. Takes `application/json`
 * or `text/plain` (what `navigator.sendBeacon` sends). `204` stored, or dropped over
 * the per-visit or the daily cap; a `started` event is answered `200 {startToken}`
 * instead (dropped or not), the token the submission must bring back. `429` with
 * `Retry-After` over `EVENTS_PER_IP_PER_HOUR` (nothing stored, no token), `400
 * {error, issues}`, `413` over 2 KB, `415`, `503`.
 */
export async function recordFunnelEvent(request: Request, deps: FunnelDeps): Promise<Response> {
  return respond(await takeFunnelEvent(request, deps), (startToken) =>
    startToken === null ? new Response(null, { status: 204, headers: { 'cache-control': 'no-store' } }) : json({ startToken }),
  );
}

/** The event stored (or dropped over a cap): the start token a `started` event is answered with, else null. */
async function takeFunnelEvent(request: Request, deps: FunnelDeps): Promise<Outcome<string | null>> {
  const parsed = await readForm(request, FunnelEventSchema, { accept: 'json', textPlain: true, maxBytes: MAX_EVENT_BYTES, error: 'Invalid event' });
  if (parsed.kind !== 'ok') return parsed;
  const event = parsed.value;
  const now = deps.now?.() ?? new Date();
  try {
    const db = await deps.db();
    // Cheapest refusal first: an event over its IP's limit takes no visit slot and none of the day's.
    const byIp = await takeSlot(db, { bucket: 'events:ip', limit: deps.env.EVENTS_PER_IP_PER_HOUR, windowMs: HOUR_MS }, hashIp(deps.ip, deps.env.IP_HASH_SALT), now);
    if (!byIp.allowed) return { kind: 'rate-limited', error: 'Too many events from this address; try again later.', retryAfterSeconds: byIp.retryAfterSeconds };
    const byVisit = await takeSlot(db, { bucket: 'events:visit', limit: MAX_EVENTS_PER_VISIT_PER_DAY, windowMs: DAY_MS }, event.visitId, now);
    const stored = byVisit.allowed && (await takeSlot(db, { bucket: 'events:day', limit: deps.env.EVENTS_PER_DAY, windowMs: DAY_MS }, 'all', now)).allowed;
    if (stored) await db.transaction((tx) => storeFunnelEvent(tx, { name: event.name, locale: event.locale, step: event.step ?? null, visitId: event.visitId, createdAt: now }));
    return ok(event.name === 'started' ? signStartToken(deps.env.IP_HASH_SALT, now) : null);
  } catch (error) {
    console.error('[funnel] database unavailable:', error instanceof Error ? error.message : error);
    return { kind: 'unavailable', error: 'The database is unavailable; the event was not stored.' };
  }
}

/** What stores an event: an open transaction (the visit's lock is held until it ends). */
export type FunnelWriter = Pick<Db, 'select' | 'insert' | 'execute'>;

/** One funnel event as stored. */
export interface StoredFunnelEvent {
  name: FunnelEventName;
  locale: Locale;
  /** The step number of a `step` event; null for the others. */
  step: number | null;
  visitId: string;
  createdAt: Date;
}

/** The first key of the advisory lock that takes one visit's events one at a time (the second is the visit id's hash): "funl". */
const VISIT_LOCK_CLASS = 0x66756e6c;

const utcDay = (time: Date) => time.toISOString().slice(0, 10);

/**
 * Stores one event and counts it in the rollup (`funnel_daily`, `funnel_visits`), in the caller's
 * transaction: the visit's events are taken one at a time (an advisory lock on the visit), so two
 * events of one visit at once are both stored and counted once; other visits go on in parallel,
 * their counts added by upserts. What it counts is what `rebuildFunnelRollup` computes from the
 * events, whatever order they arrive in (one exception: two events of a stage at the very same
 * millisecond in two languages count in the language of the one stored first).
 */
export async function storeFunnelEvent(tx: FunnelWriter, event: StoredFunnelEvent): Promise<void> {
  await tx.execute(sql`select pg_advisory_xact_lock(${VISIT_LOCK_CLASS}, hashtext(${event.visitId}))`);
  const day = utcDay(event.createdAt);
  const dayStart = new Date(`${day}T00:00:00Z`);
  const sameStage = and(
    eq(funnelEvents.visitId, event.visitId),
    eq(funnelEvents.name, event.name),
    event.step === null ? isNull(funnelEvents.step) : eq(funnelEvents.step, event.step),
  );
  const [[earliest], [sameDay]] = await Promise.all([
    tx.select({ createdAt: funnelEvents.createdAt, locale: funnelEvents.locale }).from(funnelEvents).where(sameStage).orderBy(funnelEvents.createdAt, funnelEvents.id).limit(1),
    tx
      .select({ id: funnelEvents.id })
      .from(funnelEvents)
      .where(and(sameStage, eq(funnelEvents.locale, event.locale), gte(funnelEvents.createdAt, dayStart), lt(funnelEvents.createdAt, new Date(dayStart.getTime() + DAY_MS))))
      .limit(1),
  ]);
  await tx.insert(funnelEvents).values(event);

  // What changes in the rollup: this day's distinct visits, and where the visit's first event of the stage is.
  const changes: { day: string; locale: string; visits: number; firstVisits: number }[] = [{ day, locale: event.locale, visits: sameDay ? 0 : 1, firstVisits: 0 }];
  if (!earliest) changes[0]!.firstVisits = 1;
  else if (event.createdAt < earliest.createdAt) {
    changes[0]!.firstVisits = 1;
    changes.push({ day: utcDay(earliest.createdAt), locale: earliest.locale, visits: 0, firstVisits: -1 });
  }
  for (const change of changes.filter((c) => c.visits !== 0 || c.firstVisits !== 0)) {
    await tx
      .insert(funnelDaily)
      .values({ ...change, name: event.name, step: event.step ?? 0 })
      .onConflictDoUpdate({
        target: [funnelDaily.day, funnelDaily.name, funnelDaily.step, funnelDaily.locale],
        set: { visits: sql`${funnelDaily.visits} + excluded.visits`, firstVisits: sql`${funnelDaily.firstVisits} + excluded.first_visits` },
      });
  }
  // `least` skips nulls: the visit's earliest of each.
  if (event.name === 'started') {
    await tx
      .insert(funnelVisits)
      .values({ visitId: event.visitId, startedAt: event.createdAt })
      .onConflictDoUpdate({ target: funnelVisits.visitId, set: { startedAt: sql`least(${funnelVisits.startedAt}, excluded.started_at)` } });
  } else if (event.name === 'completed') {
    await tx
      .insert(funnelVisits)
      .values({ visitId: event.visitId, completedAt: event.createdAt })
      .onConflictDoUpdate({ target: funnelVisits.visitId, set: { completedAt: sql`least(${funnelVisits.completedAt}, excluded.completed_at)` } });
  }
}

/**
 * Counts a masterclass sign-up made on its own page (a plain form, so the browser sends no event):
 * the funnel's `masterclass` stage then holds every sign-up, from the results' box or the page.
 * `visitId` is the visit's, when the page's script gave it, so a visit counts once. Runs in the
 * caller's transaction (the sign-up's).
 */
export async function recordMasterclassSignup(tx: FunnelWriter, input: { locale: Locale; visitId: string; now: Date }): Promise<void> {
  await storeFunnelEvent(tx, { name: 'masterclass', locale: input.locale, step: null, visitId: input.visitId, createdAt: input.now });
}

/**
 * Computes the rollup again from every stored event, replacing it, in one transaction: after
 * events were written without `storeFunnelEvent` (`npm run seed:scale`), or to check it. Per UTC
 * day, locale and stage, the distinct visits and those whose earliest event of the stage it holds;
 * per visit, its earliest `started` and `completed`. Reads every event: a job, not a page's work.
 */
export async function rebuildFunnelRollup(db: Db): Promise<void> {
  await db.transaction(async (tx) => {
    await tx.delete(funnelDaily);
    await tx.delete(funnelVisits);
    await tx.execute(sql`
      insert into ${funnelDaily} (day, name, step, locale, visits, first_visits)
      with events as (
        select visit_id, name, coalesce(step, 0) as step, locale, (created_at at time zone 'UTC')::date as day, created_at, id
        from ${funnelEvents}
        where name <> 'step' or step is not null
      ),
      firsts as (
        select distinct on (visit_id, name, step) name, step, locale, day
        from events
        order by visit_id, name, step, created_at, id
      ),
      first_counts as (
        select day, name, step, locale, count(*)::int as first_visits from firsts group by day, name, step, locale
      ),
      day_counts as (
        select day, name, step, locale, count(distinct visit_id)::int as visits from events group by day, name, step, locale
      )
      select d.day, d.name, d.step, d.locale, d.visits, coalesce(f.first_visits, 0)
      from day_counts d left join first_counts f using (day, name, step, locale)`);
    await tx.execute(sql`
      insert into ${funnelVisits} (visit_id, started_at, completed_at)
      select visit_id, min(created_at) filter (where name = 'started'), min(created_at) filter (where name = 'completed')
      from ${funnelEvents}
      where name in ('started', 'completed')
      group by visit_id`);
  });
}

/**
 * The funnel between `from` (included) and `to` (excluded), from the rollup kept as events are
 * stored, never from the events themselves: distinct visits per stage by UTC day and locale;
 * per stage in total and per step completed, the visits whose first event of it is in the range
 * (see `FunnelReport`); and the median time from `started` to `completed` of the visits whose
 * first of each is in the range. The days are whole UTC days: from `from`'s day to the last day
 * that starts before `to`. `steps` lists at least that many steps (the questionnaire's count), so
 * a step nobody reached still shows as 0.
 * @example funnelReport(db, { from: new Date('2025-03-01T00:00Z'), to: new Date('2025-04-01T00:00Z'), steps: 6 })
 */
export async function funnelReport(db: Db, { from, to, steps = 0 }: { from: Date; to: Date; steps?: number }): Promise<FunnelReport> {
  const firstDay = utcDay(from);
  // The day after the last one that starts before `to`.
  const endDay = utcDay(new Date(Math.ceil(to.getTime() / DAY_MS) * DAY_MS));
  const took = sql`extract(epoch from ${funnelVisits.completedAt} - ${funnelVisits.startedAt})`;
  const [rows, completionRows] = await Promise.all([
    db
      .select({ day: funnelDaily.day, name: funnelDaily.name, step: funnelDaily.step, locale: funnelDaily.locale, visits: funnelDaily.visits, firstVisits: funnelDaily.firstVisits })
      .from(funnelDaily)
      .where(and(gte(funnelDaily.day, firstDay), lt(funnelDaily.day, endDay))),
    db
      .select({
        visits: sql<number>`count(*)`.mapWith(Number),
        median: sql<number | null>`percentile_cont(0.5) within group (order by ${took})`.mapWith((v) => (v === null ? null : Number(v))),
      })
      .from(funnelVisits)
      .where(
        and(
          gte(funnelVisits.completedAt, from),
          lt(funnelVisits.completedAt, to),
          gte(funnelVisits.startedAt, from),
          lt(funnelVisits.startedAt, to),
          sql`${funnelVisits.completedAt} > ${funnelVisits.startedAt}`,
        ),
      ),
  ]);
  const median = completionRows[0]?.median ?? null;
  return funnelFromRollup(rows, { steps, completion: { visits: completionRows[0]?.visits ?? 0, medianSeconds: median === null ? null : Math.round(median) } });
}
