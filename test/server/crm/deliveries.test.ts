import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { isNull } from 'drizzle-orm';
import { crmDeliveries, submissions } from '../../../src/server/db/schema.ts';
import type { Db } from '../../../src/server/db/client.ts';
import {
  crmConfig,
  crmDeliveryRows,
  crmTargets,
  deliverCrmPending,
  drainCrm,
  erasureEvent,
  setupHubspotProperties,
  submissionEvent,
  type CrmConfig,
  type CrmTarget,
} from '../../../src/server/crm/index.ts';
import type { CrmEvent } from '../../../src/domain/schemas/crm-event.ts';
import type { Consents } from '../../../src/domain/schemas/consent.ts';
import { EnvError, parseEnv } from '../../../src/server/env.ts';
import { HubspotStub } from '../../helpers/hubspot-stub.ts';
import { WebhookReceiver } from '../../helpers/webhook-receiver.ts';
import { openForSuite, TEST_DATABASES } from '../../helpers/db.ts';
import { CONTACT_CONSENTS, insertSubmission, q, REPORT_ONLY_CONSENTS, SITE, submissionRow, WEBHOOK_SECRET } from './fixtures.ts';

const stub = new HubspotStub();
const receiver = new WebhookReceiver(WEBHOOK_SECRET);
const silent = () => {};
const BOTH: CrmTarget[] = ['hubspot', 'webhook'];
/** No backoff, so a test retries at once; the backoff has its own test. */
const fast = { retryDelayMs: () => 0, log: silent };
/** Timeouts long enough never to fire by accident (PGlite holds the event loop while it queries). */
const TIMEOUT_MS = 5_000;
/** Timeouts for the tests where the stubs hang: short, so the file stays quick. */
const HANG_TIMEOUT_MS = 400;

let config: CrmConfig;
/** `config` with the short timeouts. */
let hanging: CrmConfig;

beforeAll(async () => {
  await Promise.all([stub.start(), receiver.start()]);
});
afterAll(async () => {
  await Promise.all([stub.stop(), receiver.stop()]);
});

describe('which targets and rows', () => {
  it('configures HubSpot with HUBSPOT_TOKEN and the webhook with WEBHOOK_URL and its secret', () => {
    expect(crmTargets({})).toEqual([]);
    expect(crmTargets({ HUBSPOT_TOKEN: 'pat-1' })).toEqual(['hubspot']);
    expect(crmTargets({ WEBHOOK_URL: 'https://hooks.example/revops' })).toEqual([]);
    expect(crmTargets({ HUBSPOT_TOKEN: 'pat-1', WEBHOOK_URL: 'https://hooks.example/revops', WEBHOOK_SECRET })).toEqual(['hubspot', 'webhook']);
    expect(crmConfig({ HUBSPOT_TOKEN: 'pat-1' }, q)).toMatchObject({ hubspot: { token: 'pat-1' }, webhook: null });
  });

  it('refuses a webhook without its secret, or with a secret that is not whsec_ and 24+ bytes of base64, naming the variable', () => {
    const problems = (source: Record<string, string>) => {
      try {
        parseEnv(source);
        return [];
      } catch (error) {
        if (error instanceof EnvError) return error.problems;
        throw error;
      }
    };
    expect(problems({ WEBHOOK_URL: 'https://hooks.example/revops' })).toEqual(['WEBHOOK_SECRET: required when WEBHOOK_URL is set']);
    expect(problems({ WEBHOOK_URL: 'https://hooks.example/revops', WEBHOOK_SECRET: 'whsec_c2hvcnQ=' })[0]).toMatch(/^WEBHOOK_SECRET: must be "whsec_" followed by 24 to 64 random bytes/);
    expect(problems({ WEBHOOK_URL: 'https://hooks.example/revops', WEBHOOK_SECRET: WEBHOOK_SECRET.slice('whsec_'.length) })[0]).toMatch(/^WEBHOOK_SECRET: /);
    expect(problems({ WEBHOOK_URL: 'ftp://hooks.example', WEBHOOK_SECRET, HUBSPOT_BASE_URL: 'api.hubapi.com' }).sort()).toEqual([
      'HUBSPOT_BASE_URL: must be an http:// or https:// URL',
      'WEBHOOK_URL: must be an http:// or https:// URL',
    ]);
    expect(parseEnv({ WEBHOOK_URL: 'https://hooks.example/revops', WEBHOOK_SECRET, HUBSPOT_TOKEN: 'pat-eu1-x' })).toMatchObject({ WEBHOOK_SECRET, HUBSPOT_TOKEN: 'pat-eu1-x' });
  });

  it('queues one row per target for a lead who agreed to be contacted, and none for one who did not or withdrew', () => {
    const event = submissionEvent('lead.submitted', submissionRow(), q, SITE);
    expect(crmDeliveryRows(event, BOTH, 'sub-id', CONTACT_CONSENTS)).toEqual([
      { target: 'hubspot', event, submissionId: 'sub-id' },
      { target: 'webhook', event, submissionId: 'sub-id' },
    ]);
    expect(crmDeliveryRows(event, BOTH, null, REPORT_ONLY_CONSENTS)).toEqual([]);
    expect(crmDeliveryRows(event, BOTH, null, {})).toEqual([]);
    expect(crmDeliveryRows(event, BOTH, null, null)).toEqual([]);
    const withdrawn: Consents = { ...CONTACT_CONSENTS, contact: { ...CONTACT_CONSENTS.contact!, withdrawnAt: new Date().toISOString() } };
    expect(crmDeliveryRows(event, BOTH, null, withdrawn)).toEqual([]);
    expect(crmDeliveryRows(event, [], null, CONTACT_CONSENTS)).toEqual([]);
  });

  it('passes an erasure on wherever the lead may have been sent: contact consent given, even if withdrawn since', () => {
    const erased = erasureEvent({ email: 'ana@example.com', submissionId: null });
    const withdrawn: Consents = { ...CONTACT_CONSENTS, contact: { ...CONTACT_CONSENTS.contact!, withdrawnAt: new Date().toISOString() } };
    expect(crmDeliveryRows(erased, BOTH, null, CONTACT_CONSENTS)).toHaveLength(2);
    expect(crmDeliveryRows(erased, BOTH, null, withdrawn)).toHaveLength(2);
    expect(crmDeliveryRows(erased, BOTH, null, REPORT_ONLY_CONSENTS)).toEqual([]);
  });
});

describe.each(TEST_DATABASES)('CRM delivery on $name', (testDb) => {
  const database = openForSuite(testDb);
  let db: Db;

  beforeAll(async () => {
    stub.reset();
    config = {
      hubspot: { token: stub.token, baseUrl: stub.url, timeoutMs: TIMEOUT_MS, questionnaire: q },
      webhook: { url: receiver.url, secret: WEBHOOK_SECRET, timeoutMs: TIMEOUT_MS },
    };
    hanging = { hubspot: { ...config.hubspot!, timeoutMs: HANG_TIMEOUT_MS }, webhook: { ...config.webhook!, timeoutMs: HANG_TIMEOUT_MS } };
    await setupHubspotProperties(q, config.hubspot!);
  });

  beforeEach(async () => {
    db = database.db;
    await db.delete(crmDeliveries);
    await db.delete(submissions);
    const properties = new Map(stub.properties);
    const groups = new Map(stub.groups);
    stub.reset();
    for (const [name, p] of properties) stub.properties.set(name, p);
    for (const [name, g] of groups) stub.groups.set(name, g);
    receiver.reset();
  });

  /** Stores a submission and its events' rows in one transaction, as the lead's request would. */
  async function queueLead(email: string, consents: Consents, types: ('lead.submitted' | 'lead.status_changed')[] = ['lead.submitted']): Promise<CrmEvent[]> {
    const row = await insertSubmission(db, { contactEmail: email, consents });
    const events = types.map((type, i) => submissionEvent(type, row, q, SITE, { occurredAt: new Date(Date.now() + i) }));
    const rows = events.flatMap((event) => crmDeliveryRows(event, BOTH, row.id, row.consents));
    if (rows.length > 0) await db.insert(crmDeliveries).values(rows);
    return events;
  }

  const pending = async () => db.select().from(crmDeliveries).where(isNull(crmDeliveries.deliveredAt));

  it('applies every event once in HubSpot and at the webhook while both fail, hang, lose answers, then recover', async () => {
    const events = [
      ...(await queueLead('ana@example.com', CONTACT_CONSENTS, ['lead.submitted', 'lead.status_changed'])),
      ...(await queueLead('bea@example.com', CONTACT_CONSENTS)),
    ];

    stub.mode = 'fail';
    receiver.mode = 'hang';
    expect(await drainCrm(db, hanging, fast)).toMatchObject({ delivered: 0, failed: 4, gaveUp: 0 });
    // A lead's later event waits for its earlier one: the status change was not tried.
    const afterFirst = await pending();
    expect(afterFirst).toHaveLength(6);
    expect(afterFirst.filter((r) => r.attempts === 1).every((r) => r.lastError && r.event.type === 'lead.submitted')).toBe(true);
    expect(afterFirst.find((r) => r.target === 'hubspot' && r.attempts === 1)!.lastError).toMatch(/answered 500/);
    expect(afterFirst.find((r) => r.target === 'webhook' && r.attempts === 1)!.lastError).toMatch(`did not answer within ${HANG_TIMEOUT_MS} ms`);

    stub.mode = 'hang';
    receiver.mode = 'fail';
    expect(await drainCrm(db, hanging, fast)).toMatchObject({ delivered: 0, failed: 4 });

    // Now each side applies what it receives, but the answers are lost: the sender cannot tell.
    stub.mode = 'ok';
    receiver.mode = 'ok';
    stub.loseAnswersOn = 'POST /crm/v3/objects/notes';
    stub.loseAnswersNext = 2;
    receiver.loseAnswersNext = 2;
    const third = await drainCrm(db, hanging, fast);
    expect(third.delivered).toBe(0);
    expect(stub.notes.size).toBe(2);
    expect(receiver.processed.size).toBe(2);

    const last = await drainCrm(db, config, fast);
    expect(last).toMatchObject({ delivered: 6, failed: 0, remaining: 0 });
    expect(await pending()).toEqual([]);

    // Each effect once: a contact and a note per lead, each event processed once by the receiver.
    expect([...stub.contacts.keys()].sort()).toEqual(['ana@example.com', 'bea@example.com']);
    for (const email of stub.contacts.keys()) expect(stub.notesOf(email)).toHaveLength(1);
    expect([...receiver.processed.keys()].sort()).toEqual(events.map((e) => e.id).sort());
    expect(receiver.verified).toBeGreaterThan(receiver.processed.size);
    expect(stub.contacts.get('ana@example.com')!.properties.revops_status).toBe('new');
    expect(receiver.rejected).toBe(0);
  });

  it('never sends a lead who did not agree to be contacted to HubSpot or the webhook', async () => {
    await queueLead('nocontact@example.com', REPORT_ONLY_CONSENTS, ['lead.submitted', 'lead.status_changed']);
    await queueLead('ana@example.com', CONTACT_CONSENTS);
    expect(await db.select().from(crmDeliveries)).toHaveLength(2);
    expect(await drainCrm(db, config, fast)).toMatchObject({ delivered: 2 });
    expect([...stub.contacts.keys()]).toEqual(['ana@example.com']);
    expect(stub.upserts.some((u) => u.email === 'nocontact@example.com')).toBe(false);
    expect([...receiver.processed.values()].every((e) => (e as CrmEvent).lead.email === 'ana@example.com')).toBe(true);
  });

  it('on lead.erased deletes the HubSpot contact and tells the webhook, never before the submission it erases', async () => {
    const [submitted] = await queueLead('ana@example.com', CONTACT_CONSENTS);
    const erased = erasureEvent({ email: 'ana@example.com', submissionId: submitted!.lead.submissionId }, { occurredAt: new Date(Date.now() + 1000) });
    await db.insert(crmDeliveries).values(crmDeliveryRows(erased, BOTH, submitted!.lead.submissionId, CONTACT_CONSENTS));

    stub.failNext = 1;
    const first = await drainCrm(db, config, fast);
    // HubSpot's submission failed, so its erasure waited; the webhook got both, in order.
    expect(first).toMatchObject({ delivered: 2, failed: 1 });
    expect(stub.count('GET /crm/v3/objects/contacts/{id}')).toBe(0);
    expect([...receiver.processed.keys()]).toEqual([submitted!.id, erased.id]);

    expect(await drainCrm(db, config, fast)).toMatchObject({ delivered: 2, failed: 0 });
    expect(stub.contacts.has('ana@example.com')).toBe(false);
    expect(stub.deletedContacts).toEqual(['ana@example.com']);
    expect(stub.notes.size).toBe(0);
    expect((receiver.processed.get(erased.id) as CrmEvent).lead).toEqual({ email: 'ana@example.com', submissionId: submitted!.lead.submissionId });
  });

  it('delivers each row once when two drains run at the same time', async () => {
    for (let i = 0; i < 12; i++) await queueLead(`lead${i}@example.com`, CONTACT_CONSENTS);
    const [a, b] = await Promise.all([drainCrm(db, config, { ...fast, limit: 5 }), drainCrm(db, config, { ...fast, limit: 5 })]);
    expect(a.delivered + b.delivered).toBe(24);
    expect((await db.select().from(crmDeliveries)).map((r) => r.lastError).filter(Boolean)).toEqual([]);
    expect(a.failed + b.failed).toBe(0);
    expect(receiver.verified).toBe(12);
    expect(stub.count('POST /crm/v3/objects/contacts/batch/upsert')).toBe(12);
    expect(stub.count('POST /crm/v3/objects/notes')).toBe(12);
    expect((await db.select().from(crmDeliveries)).every((r) => r.attempts === 1 && r.deliveredAt)).toBe(true);
  });

  it('waits out the backoff after a failure, then gives up after the last attempt with the error kept', async () => {
    await queueLead('ana@example.com', CONTACT_CONSENTS);
    stub.mode = 'fail';
    receiver.mode = 'fail';
    const before = Date.now();
    expect(await deliverCrmPending(db, config, { log: silent })).toMatchObject({ delivered: 0, failed: 2 });
    const rows = await pending();
    // The outbox's backoff: 5 s after the first failure.
    for (const row of rows) expect(row.nextAttemptAt.getTime() - before).toBeGreaterThanOrEqual(5_000);
    expect(await deliverCrmPending(db, config, { log: silent })).toMatchObject({ tried: [] });

    const lines: string[] = [];
    const options = { ignoreBackoff: true, maxAttempts: 3, retryDelayMs: () => 0, log: (line: string) => lines.push(line) };
    expect(await deliverCrmPending(db, config, options)).toMatchObject({ failed: 2, gaveUp: 0 });
    expect(await deliverCrmPending(db, config, options)).toMatchObject({ failed: 0, gaveUp: 2 });
    const given = await db.select().from(crmDeliveries);
    expect(given.every((r) => r.failedAt && r.attempts === 3 && r.deliveredAt === null)).toBe(true);
    expect(given.find((r) => r.target === 'hubspot')!.lastError).toMatch(/answered 500: stub failure/);
    expect(given.find((r) => r.target === 'webhook')!.lastError).toMatch(/webhook answered 500/);
    expect(lines.some((line) => line.includes('given up after 3 attempts'))).toBe(true);
    stub.mode = 'ok';
    receiver.mode = 'ok';
    expect(await drainCrm(db, config, { ...options })).toMatchObject({ delivered: 0, remaining: 0 });
  });

  it('keeps the rows of a target that is not configured waiting, and delivers them once it is', async () => {
    await queueLead('ana@example.com', CONTACT_CONSENTS);
    const webhookOnly = { ...config, hubspot: null };
    expect(await drainCrm(db, webhookOnly, fast)).toMatchObject({ delivered: 1, held: 1, remaining: 0 });
    expect(stub.upserts).toHaveLength(0);
    expect(await drainCrm(db, config, fast)).toMatchObject({ delivered: 1, held: 0 });
    expect(stub.contacts.has('ana@example.com')).toBe(true);
  });
});
