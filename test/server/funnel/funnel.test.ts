import { beforeEach, describe, expect, it } from 'vitest';
import { count, eq, sql } from 'drizzle-orm';
import { funnelEvents, rateLimitCounters } from '../../../src/server/db/schema.ts';
import { funnelReport, MAX_EVENTS_PER_VISIT_PER_DAY, recordFunnelEvent, type FunnelDeps } from '../../../src/server/funnel/funnel.ts';
import { verifyStartToken } from '../../../src/server/lib/start-token.ts';
import type { FunnelReport } from '../../../src/domain/funnel.ts';
import { openForSuite, TEST_DATABASES } from '../../helpers/db.ts';

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
    await database.db.delete(rateLimitCounters);
    deps = { db: async () => database.db, env: ENV, ip: '203.0.113.7', now: () => NOW };
  });

  const rows = async () => (await database.db.select({ n: count() }).from(funnelEvents))[0]!.n;
  const visitRows = async (visitId: string) => (await database.db.select({ n: count() }).from(funnelEvents).where(eq(funnelEvents.visitId, visitId)))[0]!.n;
  const randomVisit = () => `visit-${crypto.randomUUID()}`;
  /** Sends `event` from `ip`; returns the status. */
  const send = async (event: Record<string, unknown>, ip = deps.ip, overrides: Partial<FunnelDeps> = {}) => (await recordFunnelEvent(eventRequest(event), { ...deps, ...overrides, ip })).status;
  const seed = (events: Seed[]) =>
    database.db.insert(funnelEvents).values(events.map(([visitId, name, locale, createdAt, step]) => ({ visitId, name, locale, step: step ?? null, createdAt: new Date(createdAt) })));

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
        return funnelReport(tx as unknown as typeof database.db, range);
      });
      expect(report).toEqual(expected);
    });
  });
});
