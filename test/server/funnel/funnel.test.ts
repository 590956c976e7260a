import { beforeEach, describe, expect, it } from 'vitest';
import { count, eq, sql } from 'drizzle-orm';
import { funnelDaily, funnelEvents, funnelVisits, rateLimitCounters } from '../../../src/server/db/schema.ts';
import { funnelReport, MAX_EVENTS_PER_VISIT_PER_DAY, rebuildFunnelRollup, recordFunnelEvent, recordMasterclassSignup, storeFunnelEvent, type FunnelDeps, type StoredFunnelEvent } from '../../../src/server/funnel/funnel.ts';
import { verifyStartToken } from '../../../src/server/lib/start-token.ts';
import type { FunnelReport } from '../../../src/domain/funnel.ts';
import { openForSuite, TEST_DATABASES } from '../../helpers/db.ts';
import { seededRandom } from '../../helpers/peers-fixture.ts';

const NOW = new Date('2025-03-10T15:30:00Z');
const SALT = 'test-salt-0123456789';
const ENV: FunnelDeps['env'] = { IP_HASH_SALT: SALT, EVENTS_PER_IP_PER_HOUR: 10_000, EVENTS_PER_DAY: 100_000 };
const valid = { name: 'step', locale: 'pt', step: 3, visitId: 'c0ffee42-visit_01' };

function eventRequest(body: unknown, contentType = 'application/json', raw?: string): Request {
  return new Request('http://localhost/api/events', { method: 'POST', headers: { 'content-type': contentType }, body: raw ?? JSON.stringify(body) });
}

type Seed = [visitId: string, name: string, locale: string, createdAt: string, step?: number];

describe.each(TEST_DATABASES)('funnel events on $name', (testDb) => {
  const database = openForSuite(testDb);
  let deps: FunnelDeps;

  beforeEach(async () => {
    await database.db.delete(funnelEvents);
    await database.db.delete(funnelDaily);
    await database.db.delete(funnelVisits);
    await database.db.delete(rateLimitCounters);
    deps = { db: async () => database.db, env: ENV, ip: '203.0.113.7', now: () => NOW };
  });

  const rows = async () => (await database.db.select({ n: count() }).from(funnelEvents))[0]!.n;
  const visitRows = async (visitId: string) => (await database.db.select({ n: count() }).from(funnelEvents).where(eq(funnelEvents.visitId, visitId)))[0]!.n;
  const randomVisit = () => `visit-${crypto.randomUUID()}`;
  /** Sends `event` from `ip`; returns the status. */
  const send = async (event: Record<string, unknown>, ip = deps.ip, overrides: Partial<FunnelDeps> = {}) => (await recordFunnelEvent(eventRequest(event), { ...deps, ...overrides, ip })).status;
  /** Writes the events as they are, then the rollup the report reads, computed from them. */
  const seed = async (events: Seed[]) => {
    await database.db.insert(funnelEvents).values(events.map(([visitId, name, locale, createdAt, step]) => ({ visitId, name, locale, step: step ?? null, createdAt: new Date(createdAt) })));
    await rebuildFunnelRollup(database.db);
  };
  /** The rollup as stored, in a fixed order. */
  const rollup = async () => ({
    daily: await database.db.select().from(funnelDaily).orderBy(funnelDaily.day, funnelDaily.name, funnelDaily.step, funnelDaily.locale),
    visits: await database.db.select().from(funnelVisits).orderBy(funnelVisits.visitId),
  });

  describe('POST /api/events', () => {
    it('stores a valid event and answers 204 with no body', async () => {
      const response = await recordFunnelEvent(eventRequest(valid), deps);
      expect(response.status).toBe(204);
      expect(await response.text()).toBe('');
      const stored = await database.db.select().from(funnelEvents);
      expect(stored).toHaveLength(1);
      expect(stored[0]).toMatchObject({ name: 'step', locale: 'pt', step: 3, visitId: valid.visitId, createdAt: NOW });
    });

    it('accepts the text/plain body navigator.sendBeacon sends for a string', async () => {
      const response = await recordFunnelEvent(eventRequest({ name: 'completed', locale: 'es', visitId: valid.visitId }, 'text/plain;charset=UTF-8'), deps);
      expect(response.status).toBe(204);
      const [row] = await database.db.select().from(funnelEvents);
      expect(row).toMatchObject({ name: 'completed', locale: 'es', step: null });
    });

    const invalid: [string, Record<string, unknown>, (string | number)[]][] = [
      ['an unknown event name', { ...valid, name: 'clicked' }, ['name']],
      ['a missing name', { locale: 'es', visitId: valid.visitId }, ['name']],
      ['an unknown locale', { ...valid, locale: 'fr' }, ['locale']],
      ['a step event without its step', { name: 'step', locale: 'es', visitId: valid.visitId }, ['step']],
      ['step 0', { ...valid, step: 0 }, ['step']],
      ['step 51', { ...valid, step: 51 }, ['step']],
      ['a fractional step', { ...valid, step: 1.5 }, ['step']],
      ['a step given as text', { ...valid, step: '2' }, ['step']],
      ['a step on another event', { name: 'completed', locale: 'es', step: 2, visitId: valid.visitId }, ['step']],
      ['a missing visit id', { name: 'started', locale: 'es' }, ['visitId']],
      ['a visit id under 8 characters', { ...valid, visitId: 'abc1234' }, ['visitId']],
      ['a visit id over 64 characters', { ...valid, visitId: 'a'.repeat(65) }, ['visitId']],
      ['a visit id with other characters', { ...valid, visitId: 'visit id with spaces' }, ['visitId']],
      ['an email sent along', { ...valid, email: 'ana@example.com' }, ['email']],
    ];
    it.each(invalid)('rejects %s with 400 naming the field, and stores nothing', async (_, body, path) => {
      const response = await recordFunnelEvent(eventRequest(body), deps);
      expect(response.status).toBe(400);
      const json = (await response.json()) as { error: string; issues: { path: (string | number)[]; message: string }[] };
      expect(json.error).toBeTruthy();
      expect(json.issues).toEqual([{ path, message: expect.any(String) }]);
      expect(await rows()).toBe(0);
    });

    it('rejects a body that is not JSON with 400', async () => {
      const response = await recordFunnelEvent(eventRequest(null, 'text/plain', 'name=started'), deps);
      expect(response.status).toBe(400);
      expect(await rows()).toBe(0);
    });

    it('rejects another content type with 415', async () => {
      const response = await recordFunnelEvent(eventRequest(valid, 'application/x-www-form-urlencoded'), deps);
      expect(response.status).toBe(415);
      expect(await rows()).toBe(0);
    });

    it('rejects a body over 2 KB with 413, whatever its content type', async () => {
      const big = JSON.stringify({ ...valid, padding: 'x'.repeat(2048) });
      for (const type of ['application/json', 'text/plain']) {
        const response = await recordFunnelEvent(eventRequest(null, type, big), deps);
        expect(response.status).toBe(413);
        expect(((await response.json()) as { error: string }).error).toMatch(/2048 bytes/);
      }
      expect(await rows()).toBe(0);
    });

    it('answers a started event 200 with a start token signed now, and stores the event', async () => {
      const response = await recordFunnelEvent(eventRequest({ name: 'started', locale: 'es', visitId: valid.visitId }, 'text/plain;charset=UTF-8'), deps);
      expect(response.status).toBe(200);
      expect(response.headers.get('cache-control')).toBe('no-store');
      const { startToken } = (await response.json()) as { startToken: string };
      expect(verifyStartToken(startToken, SALT, { now: NOW })).toEqual({ ok: true, issuedAt: NOW, ageSeconds: 0 });
      expect(verifyStartToken(startToken, 'another-salt-0123456789', { now: NOW }).ok).toBe(false);
      expect(await rows()).toBe(1);
    });

    it('answers 40 parallel events from one IP with distinct visit ids 10 × 204 and 30 × 429, storing exactly 10', async () => {
      const limited = { ...deps, env: { ...ENV, EVENTS_PER_IP_PER_HOUR: 10 } };
      const responses = await Promise.all(Array.from({ length: 40 }, () => recordFunnelEvent(eventRequest({ ...valid, visitId: randomVisit() }), limited)));
      const statuses = responses.map((r) => r.status);
      expect(statuses.filter((s) => s === 204)).toHaveLength(10);
      expect(statuses.filter((s) => s === 429)).toHaveLength(30);
      expect(await rows()).toBe(10);
      const refused = responses.find((r) => r.status === 429)!;
      // 15:30 UTC: the hour's window ends in 30 minutes.
      expect(refused.headers.get('retry-after')).toBe('1800');
      expect(((await refused.json()) as { error: string }).error).toMatch(/too many/i);

      expect(await send({ ...valid, visitId: randomVisit() }, '198.51.100.1', limited), 'another IP').toBe(204);
      expect(await send({ ...valid, visitId: randomVisit() }, deps.ip, { ...limited, now: () => new Date('2025-03-10T16:00:00Z') }), 'the next hour').toBe(204);
      expect(await rows()).toBe(12);
    });

    it('gives no start token over the IP limit', async () => {
      const limited = { ...deps, env: { ...ENV, EVENTS_PER_IP_PER_HOUR: 1 } };
      expect(await send(valid, deps.ip, limited)).toBe(204);
      const response = await recordFunnelEvent(eventRequest({ name: 'started', locale: 'es', visitId: valid.visitId }), limited);
      expect(response.status).toBe(429);
      expect(await response.json()).not.toHaveProperty('startToken');
      expect(await rows()).toBe(1);
    });

    it(`drops a visit's events beyond ${MAX_EVENTS_PER_VISIT_PER_DAY} a UTC day, still answering 204 (200 with a token for started)`, async () => {
      for (let i = 0; i < MAX_EVENTS_PER_VISIT_PER_DAY; i++) expect(await send(valid)).toBe(204);
      expect(await visitRows(valid.visitId)).toBe(MAX_EVENTS_PER_VISIT_PER_DAY);
      expect(await send(valid), 'over the cap').toBe(204);
      const started = await recordFunnelEvent(eventRequest({ ...valid, name: 'started', step: undefined }), deps);
      expect(started.status).toBe(200);
      expect(((await started.json()) as { startToken?: string }).startToken).toBeTruthy();
      expect(await visitRows(valid.visitId)).toBe(MAX_EVENTS_PER_VISIT_PER_DAY);

      expect(await send({ ...valid, visitId: 'another-visit' })).toBe(204);
      expect(await visitRows('another-visit')).toBe(1);

      expect(await send(valid, deps.ip, { now: () => new Date('2025-03-11T00:00:00Z') }), 'the next UTC day').toBe(204);
      expect(await visitRows(valid.visitId)).toBe(MAX_EVENTS_PER_VISIT_PER_DAY + 1);
    });

    it('stores at most EVENTS_PER_DAY events a UTC day in all, answering 204 beyond', async () => {
      const capped = { env: { ...ENV, EVENTS_PER_DAY: 5 } };
      for (let i = 0; i < 8; i++) expect(await send({ ...valid, visitId: randomVisit() }, `198.51.100.${i}`, capped)).toBe(204);
      expect(await rows()).toBe(5);
      expect(await send({ ...valid, visitId: randomVisit() }, deps.ip, { ...capped, now: () => new Date('2025-03-11T00:00:00Z') }), 'the next UTC day').toBe(204);
      expect(await rows()).toBe(6);
    });

    it("spends none of the day's budget on events refused by the IP limit or dropped by the visit cap", async () => {
      const tight = { env: { ...ENV, EVENTS_PER_IP_PER_HOUR: 2, EVENTS_PER_DAY: 4 } };
      const statuses = [];
      for (let i = 0; i < 6; i++) statuses.push(await send({ ...valid, visitId: randomVisit() }, '192.0.2.1', tight));
      expect(statuses).toEqual([204, 204, 429, 429, 429, 429]);
      await database.db.insert(rateLimitCounters).values({ bucket: 'events:visit', key: 'full-visit', windowStart: new Date('2025-03-10T00:00:00Z'), hits: MAX_EVENTS_PER_VISIT_PER_DAY });
      expect(await send({ ...valid, visitId: 'full-visit' }, '192.0.2.2', tight)).toBe(204);
      expect(await rows()).toBe(2);
      expect(await send({ ...valid, visitId: randomVisit() }, '192.0.2.3', tight)).toBe(204);
      expect(await send({ ...valid, visitId: randomVisit() }, '192.0.2.4', tight)).toBe(204);
      expect(await rows(), 'the day still had room for two').toBe(4);
      expect(await send({ ...valid, visitId: randomVisit() }, '192.0.2.5', tight)).toBe(204);
      expect(await rows()).toBe(4);
    });

    it('answers 503 with Retry-After when the database is unavailable', async () => {
      const response = await recordFunnelEvent(eventRequest(valid), { ...deps, db: () => Promise.reject(new Error('connection refused')) });
      expect(response.status).toBe(503);
      expect(response.headers.get('retry-after')).toBe('30');
      expect(((await response.json()) as { error: string }).error).toMatch(/unavailable/);
    });
  });

  describe('funnelReport', () => {
    // Five visits over two UTC days in three locales, with repeats, a visit crossing midnight and events outside the range.
    const events: Seed[] = [
      ['visit-es-1', 'started', 'es', '2025-03-01T10:00:00Z'],
      ['visit-es-1', 'step', 'es', '2025-03-01T10:05:00Z', 1],
      ['visit-es-1', 'step', 'es', '2025-03-01T10:06:00Z', 1],
      ['visit-es-1', 'step', 'es', '2025-03-01T10:10:00Z', 2],
      ['visit-es-1', 'completed', 'es', '2025-03-01T10:20:00Z'],
      ['visit-es-1', 'report_requested', 'es', '2025-03-01T10:25:00Z'],
      ['visit-es-1', 'masterclass', 'es', '2025-03-01T10:25:00Z'],
      ['visit-es-1', 'report_requested', 'es', '2025-03-02T08:00:00Z'],
      ['visit-es-2', 'started', 'es', '2025-03-01T11:00:00Z'],
      ['visit-es-2', 'started', 'es', '2025-03-01T11:01:00Z'],
      ['visit-es-2', 'step', 'es', '2025-03-01T11:05:00Z', 1],
      ['visit-pt-1', 'started', 'pt', '2025-03-01T23:59:59.999Z'],
      ['visit-pt-1', 'step', 'pt', '2025-03-02T00:00:30Z', 1],
      ['visit-pt-1', 'completed', 'pt', '2025-03-02T00:10:00Z'],
      ['visit-en-1', 'started', 'en', '2025-03-02T09:00:00Z'],
      ['visit-en-1', 'step', 'en', '2025-03-02T09:01:00Z', 1],
      ['visit-en-1', 'step', 'en', '2025-03-02T09:02:00Z', 2],
      ['visit-en-1', 'step', 'en', '2025-03-02T09:03:00Z', 3],
      ['visit-en-1', 'completed', 'en', '2025-03-02T09:10:00Z'],
      ['visit-en-1', 'report_requested', 'en', '2025-03-02T09:12:00Z'],
      ['visit-es-3', 'started', 'es', '2025-03-02T12:00:00Z'],
      ['visit-out', 'started', 'es', '2025-02-28T23:59:59Z'],
      ['visit-out', 'step', 'es', '2025-02-28T23:59:59Z', 4],
      ['visit-out', 'completed', 'es', '2025-03-03T00:00:00Z'],
    ];
    const range = { from: new Date('2025-03-01T00:00:00Z'), to: new Date('2025-03-03T00:00:00Z') };
    const expected: FunnelReport = {
      totals: { started: 5, completed: 3, report_requested: 2, masterclass: 1 },
      days: [
        { day: '2025-03-01', locale: 'es', started: 2, completed: 1, report_requested: 1, masterclass: 1 },
        { day: '2025-03-01', locale: 'pt', started: 1, completed: 0, report_requested: 0, masterclass: 0 },
        { day: '2025-03-02', locale: 'es', started: 1, completed: 0, report_requested: 1, masterclass: 0 },
        { day: '2025-03-02', locale: 'pt', started: 0, completed: 1, report_requested: 0, masterclass: 0 },
        { day: '2025-03-02', locale: 'en', started: 1, completed: 1, report_requested: 1, masterclass: 0 },
      ],
      steps: [
        { step: 1, visits: 4 },
        { step: 2, visits: 2 },
        { step: 3, visits: 1 },
      ],
      // es-1 took 20 min, pt-1 10 min across midnight, en-1 10 min; visit-out completed out of range.
      completion: { visits: 3, medianSeconds: 600 },
    };

    it('counts distinct visits per UTC day and locale, in total, and per step completed', async () => {
      await seed(events);
      expect(await funnelReport(database.db, range)).toEqual(expected);
    });

    it('lists every step up to the number asked for, with 0 where nobody got', async () => {
      await seed(events);
      const report = await funnelReport(database.db, { ...range, steps: 5 });
      expect(report.steps).toEqual([...expected.steps, { step: 4, visits: 0 }, { step: 5, visits: 0 }]);
    });

    it('takes the median time from each visit\'s first start to its first completion', async () => {
      await seed([
        ['v1', 'started', 'es', '2025-03-01T10:00:00Z'],
        ['v1', 'started', 'es', '2025-03-01T10:02:00Z'],
        ['v1', 'completed', 'es', '2025-03-01T10:07:00Z'],
        ['v1', 'completed', 'es', '2025-03-01T10:30:00Z'],
        ['v2', 'started', 'pt', '2025-03-01T11:00:00Z'],
        ['v2', 'completed', 'pt', '2025-03-01T11:09:00Z'],
        ['v3', 'started', 'en', '2025-03-01T12:00:00Z'],
        ['v3', 'completed', 'en', '2025-03-01T12:13:00Z'],
        ['v4', 'started', 'en', '2025-03-01T12:00:00Z'],
        ['v4', 'completed', 'en', '2025-03-01T12:21:00Z'],
        ['v5', 'started', 'es', '2025-03-01T13:00:00Z'],
        ['v6', 'completed', 'es', '2025-03-01T13:00:00Z'],
      ]);
      // 7, 9, 13 and 21 minutes: the median is halfway between 9 and 13.
      expect((await funnelReport(database.db, range)).completion).toEqual({ visits: 4, medianSeconds: 11 * 60 });
    });

    it('answers zeros and empty lists for a range without events', async () => {
      await seed(events);
      expect(await funnelReport(database.db, { from: new Date('2025-01-01T00:00:00Z'), to: new Date('2025-02-01T00:00:00Z') })).toEqual({
        totals: { started: 0, completed: 0, report_requested: 0, masterclass: 0 },
        days: [],
        steps: [],
        completion: { visits: 0, medianSeconds: null },
      });
    });

    // In one transaction, so the time zone applies to the report's query on a pooled connection too.
    it('uses UTC days whatever the session time zone', async () => {
      await seed(events);
      const report = await database.db.transaction(async (tx) => {
        await tx.execute(sql`set local time zone 'America/Sao_Paulo'`);
        await rebuildFunnelRollup(tx as unknown as typeof database.db);
        return funnelReport(tx as unknown as typeof database.db, range);
      });
      expect(report).toEqual(expected);
    });
  });

  describe('the rollup', () => {
    const DAY = 86_400_000;
    const START = Date.parse('2025-03-01T00:00:00Z');
    /** Events of `visits` visits over four UTC days, a language each, with repeated stages and steps, in time order. */
    function generated(visits: number, random: () => number): StoredFunnelEvent[] {
      const events: StoredFunnelEvent[] = [];
      for (let v = 0; v < visits; v++) {
        const visitId = `visit-${String(v).padStart(4, '0')}`;
        const locale = (['es', 'pt', 'en'] as const)[v % 3]!;
        let at = START + Math.floor(random() * 3.5 * DAY);
        const push = (name: StoredFunnelEvent['name'], step: number | null = null) => {
          at += 1 + Math.floor(random() * 5 * 60_000);
          events.push({ name, locale, step, visitId, createdAt: new Date(at) });
        };
        push('started');
        if (random() < 0.15) push('started');
        const reached = Math.floor(random() * 8);
        for (let step = 1; step <= reached; step++) {
          push('step', step);
          if (random() < 0.1) push('step', step);
        }
        if (reached === 7 && random() < 0.9) push('completed');
        if (reached === 7 && random() < 0.6) push('report_requested');
        if (reached === 7 && random() < 0.2) push('report_requested');
        if (random() < 0.1) push('masterclass');
        // Coming back hours later, maybe the next day.
        if (random() < 0.15) {
          at += 8 * 3_600_000;
          push('started');
          if (random() < 0.5) push('completed');
        }
      }
      return events.sort((a, b) => a.createdAt.getTime() - b.createdAt.getTime());
    }

    /** What the report means, computed from the events themselves (see `FunnelReport`). */
    function reference(events: readonly StoredFunnelEvent[], from: Date, to: Date, steps: number): FunnelReport {
      const day = (at: Date) => at.toISOString().slice(0, 10);
      const inDays = (at: Date) => day(at) >= day(from) && at.getTime() < Math.ceil(to.getTime() / DAY) * DAY;
      const earliest = new Map<string, StoredFunnelEvent>();
      for (const event of events) {
        const key = `${event.visitId} ${event.name} ${event.step}`;
        const before = earliest.get(key);
        if (!before || event.createdAt < before.createdAt) earliest.set(key, event);
      }
      const totals = { started: 0, completed: 0, report_requested: 0, masterclass: 0 };
      const bySteps = new Map<number, number>();
      for (const event of earliest.values()) {
        if (!inDays(event.createdAt)) continue;
        if (event.name === 'step') bySteps.set(event.step!, (bySteps.get(event.step!) ?? 0) + 1);
        else totals[event.name]++;
      }
      const perDay = new Map<string, { day: string; locale: string; visits: Record<string, Set<string>> }>();
      for (const event of events) {
        if (event.name === 'step' || !inDays(event.createdAt)) continue;
        const key = `${day(event.createdAt)} ${event.locale}`;
        const entry = perDay.get(key) ?? { day: day(event.createdAt), locale: event.locale, visits: {} };
        (entry.visits[event.name] ??= new Set()).add(event.visitId);
        perDay.set(key, entry);
      }
      const order = ['es', 'pt', 'en'];
      const days = [...perDay.values()]
        .sort((a, b) => a.day.localeCompare(b.day) || order.indexOf(a.locale) - order.indexOf(b.locale))
        .map(({ day, locale, visits }) => ({ day, locale: locale as 'es', started: visits.started?.size ?? 0, completed: visits.completed?.size ?? 0, report_requested: visits.report_requested?.size ?? 0, masterclass: visits.masterclass?.size ?? 0 }));
      const firstOf = (visitId: string, name: string) => earliest.get(`${visitId} ${name} null`)?.createdAt;
      const took = [...new Set(events.map((e) => e.visitId))]
        .map((visitId) => [firstOf(visitId, 'started'), firstOf(visitId, 'completed')] as const)
        .filter(([start, end]) => start && end && start >= from && start < to && end >= from && end < to && end > start)
        .map(([start, end]) => (end!.getTime() - start!.getTime()) / 1000)
        .sort((a, b) => a - b);
      const middle = took.length / 2;
      const median = took.length === 0 ? null : took.length % 2 === 1 ? took[Math.floor(middle)]! : (took[middle - 1]! + took[middle]!) / 2;
      const lastStep = Math.max(steps, ...bySteps.keys());
      return {
        totals,
        days,
        steps: Array.from({ length: lastStep }, (_, i) => ({ step: i + 1, visits: bySteps.get(i + 1) ?? 0 })),
        completion: { visits: took.length, medianSeconds: median === null ? null : Math.round(median) },
      };
    }

    const store = (event: StoredFunnelEvent) => database.db.transaction((tx) => storeFunnelEvent(tx, event));
    const ranges = [
      { from: new Date(START), to: new Date(START + 5 * DAY) },
      { from: new Date(START + DAY), to: new Date(START + 3 * DAY) },
      { from: new Date(START + 2 * DAY), to: new Date(START + 2 * DAY + 1) },
    ];

    it('is kept as events are stored, in any order, equal to the one rebuilt from the events, and gives the report they mean', async () => {
      const random = seededRandom(7);
      const events = generated(60, random);
      // Stored out of order: a visit's later event may arrive before its first.
      const shuffled = events.map((event) => ({ event, key: random() })).sort((a, b) => a.key - b.key).map(({ event }) => event);
      for (const event of shuffled) await store(event);
      const kept = await rollup();
      for (const { from, to } of ranges) expect(await funnelReport(database.db, { from, to, steps: 7 }), `${from.toISOString()} – ${to.toISOString()}`).toEqual(reference(events, from, to, 7));
      await rebuildFunnelRollup(database.db);
      expect(await rollup()).toEqual(kept);
    });

    it('counts every event of parallel requests once per visit, with no count lost', async () => {
      const random = seededRandom(11);
      const events = generated(12, random);
      // Every event sent twice, all at once: the same visits' events race each other.
      const responses = await Promise.all(
        [...events, ...events].map((event) =>
          recordFunnelEvent(eventRequest({ name: event.name, locale: event.locale, visitId: event.visitId, ...(event.step === null ? {} : { step: event.step }) }), { ...deps, now: () => event.createdAt }),
        ),
      );
      expect(responses.map((r) => r.status).filter((status) => status >= 300)).toEqual([]);
      expect(await rows()).toBe(events.length * 2);
      const kept = await rollup();
      const range = { from: new Date(START), to: new Date(START + 5 * DAY) };
      expect(await funnelReport(database.db, { ...range, steps: 7 })).toEqual(reference(events, range.from, range.to, 7));
      await rebuildFunnelRollup(database.db);
      expect(await rollup()).toEqual(kept);
    });

    it('counts a sign-up on the masterclass page once for a visit that already ticked the box', async () => {
      await store({ name: 'masterclass', locale: 'es', step: null, visitId: 'visit-box', createdAt: new Date('2025-03-01T10:00:00Z') });
      await database.db.transaction((tx) => recordMasterclassSignup(tx, { locale: 'es', visitId: 'visit-box', now: new Date('2025-03-01T10:05:00Z') }));
      await database.db.transaction((tx) => recordMasterclassSignup(tx, { locale: 'pt', visitId: 'signup-other', now: new Date('2025-03-01T11:00:00Z') }));
      const report = await funnelReport(database.db, { from: new Date('2025-03-01T00:00:00Z'), to: new Date('2025-03-02T00:00:00Z') });
      expect(report.totals.masterclass).toBe(2);
      expect(report.days.map((d) => [d.locale, d.masterclass])).toEqual([['es', 1], ['pt', 1]]);
    });
  });
});
