import { and, countDistinct, eq, gte, isNotNull, lt, ne, sql } from 'drizzle-orm';
import { FUNNEL_STAGES, type FunnelCounts, type FunnelDay, type FunnelReport, type FunnelStage } from '../../domain/funnel.ts';
import { LOCALES, type Locale } from '../../domain/locale.ts';
import { FunnelEventSchema } from '../../domain/schemas/funnel-event.ts';
import type { Db } from '../db/client.ts';
import { funnelEvents } from '../db/schema.ts';
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
    if (stored) await db.insert(funnelEvents).values({ name: event.name, locale: event.locale, step: event.step ?? null, visitId: event.visitId, createdAt: now });
    return ok(event.name === 'started' ? signStartToken(deps.env.IP_HASH_SALT, now) : null);
  } catch (error) {
    console.error('[funnel] database unavailable:', error instanceof Error ? error.message : error);
    return { kind: 'unavailable', error: 'The database is unavailable; the event was not stored.' };
  }
}

/**
 * Counts a masterclass sign-up made on its own page (a plain form, so the browser sends no event):
 * the funnel's `masterclass` stage then holds every sign-up, from the results' box or the page.
 * `visitId` is the visit's, when the page's script gave it, so a visit counts once.
 */
export async function recordMasterclassSignup(db: Pick<Db, 'insert'>, input: { locale: Locale; visitId: string; now: Date }): Promise<void> {
  await db.insert(funnelEvents).values({ name: 'masterclass', locale: input.locale, step: null, visitId: input.visitId, createdAt: input.now });
}

const visitsAt = (stage: FunnelStage) => sql<number>`count(distinct ${funnelEvents.visitId}) filter (where ${funnelEvents.name} = ${stage})`.mapWith(Number);
const stageColumns = {
  started: visitsAt('started'),
  completed: visitsAt('completed'),
  report_requested: visitsAt('report_requested'),
  masterclass: visitsAt('masterclass'),
} satisfies Record<FunnelStage, unknown>;

/**
 * The funnel between `from` (included) and `to` (excluded): distinct visits per
 * stage in total and per UTC day and locale, and distinct visits that completed
 * each step, and the median time from `started` to `completed`. `steps` lists at least that many steps (the questionnaire's count),
 * so a step nobody reached still shows as 0.
 * @example funnelReport(db, { from: new Date('2025-03-01T00:00Z'), to: new Date('2025-04-01T00:00Z'), steps: 6 })
 */
export async function funnelReport(db: Db, { from, to, steps = 0 }: { from: Date; to: Date; steps?: number }): Promise<FunnelReport> {
  const inRange = and(gte(funnelEvents.createdAt, from), lt(funnelEvents.createdAt, to));
  const stages = and(inRange, ne(funnelEvents.name, 'step'));
  const day = sql<string>`to_char(${funnelEvents.createdAt} at time zone 'UTC', 'YYYY-MM-DD')`;

  const firstAt = (name: FunnelStage) => sql`min(${funnelEvents.createdAt}) filter (where ${funnelEvents.name} = ${name})`;
  const perVisit = db
    .select({ started: firstAt('started').as('started_at'), completed: firstAt('completed').as('completed_at') })
    .from(funnelEvents)
    .where(and(inRange, sql`${funnelEvents.name} in ('started', 'completed')`))
    .groupBy(funnelEvents.visitId)
    .as('per_visit');
  const took = sql`extract(epoch from ${perVisit.completed} - ${perVisit.started})`;

  const [totalRows, dayRows, stepRows, completionRows] = await Promise.all([
    db.select(stageColumns).from(funnelEvents).where(stages),
    db.select({ day, locale: funnelEvents.locale, ...stageColumns }).from(funnelEvents).where(stages).groupBy(day, funnelEvents.locale).orderBy(day),
    db
      .select({ step: funnelEvents.step, visits: countDistinct(funnelEvents.visitId) })
      .from(funnelEvents)
      .where(and(inRange, eq(funnelEvents.name, 'step'), isNotNull(funnelEvents.step)))
      .groupBy(funnelEvents.step),
    db
      .select({
        visits: sql<number>`count(*)`.mapWith(Number),
        median: sql<number | null>`percentile_cont(0.5) within group (order by ${took})`.mapWith((v) => (v === null ? null : Number(v))),
      })
      .from(perVisit)
      .where(sql`${perVisit.completed} > ${perVisit.started}`),
  ]);

  const counts = (row: FunnelCounts | undefined): FunnelCounts => Object.fromEntries(FUNNEL_STAGES.map((stage) => [stage, row?.[stage] ?? 0])) as FunnelCounts;
  const localeOrder = (locale: string) => LOCALES.indexOf(locale as Locale);
  const days: FunnelDay[] = dayRows
    .map((row) => ({ day: row.day, locale: row.locale as Locale, ...counts(row) }))
    .sort((a, b) => a.day.localeCompare(b.day) || localeOrder(a.locale) - localeOrder(b.locale));
  const byStep = new Map(stepRows.map((row) => [row.step!, row.visits]));
  const lastStep = Math.max(steps, ...byStep.keys());
  return {
    totals: counts(totalRows[0]),
    days,
    steps: Array.from({ length: lastStep }, (_, i) => ({ step: i + 1, visits: byStep.get(i + 1) ?? 0 })),
    completion: {
      visits: completionRows[0]?.visits ?? 0,
      medianSeconds: completionRows[0]?.median == null ? null : Math.round(completionRows[0].median),
    },
  };
}
