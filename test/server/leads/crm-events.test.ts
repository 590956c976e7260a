import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import { crmDeliveries } from '../../../src/server/db/schema.ts';
import { createSubmission, type LeadDeps } from '../../../src/server/leads/submissions.ts';
import { registerMasterclass } from '../../../src/server/leads/masterclass.ts';
import { requestCall } from '../../../src/server/leads/call-request.ts';
import { eraseSubmission } from '../../../src/server/leads/erasure.ts';
import { changeStatus } from '../../../src/server/workspace/workspace.ts';
import { cancelScheduledCrmDrains, crmConfig, crmTargets, drainCrm, setupHubspotProperties } from '../../../src/server/crm/index.ts';
import { settled } from '../../../src/server/lib/after.ts';
import { cancelScheduledDrains } from '../../../src/server/outbox/outbox.ts';
import { HubspotStub } from '../../helpers/hubspot-stub.ts';
import { WebhookReceiver } from '../../helpers/webhook-receiver.ts';
import { questionnaireWithSessions } from '../../helpers/content.ts';
import { openForSuite, TEST_DATABASES } from '../../helpers/db.ts';
import { clearLeadTables, jsonRequest, TEST_CONTACT, testLeadDeps, validPayload } from '../../helpers/submission.ts';
import { WEBHOOK_SECRET } from '../crm/fixtures.ts';

const q = questionnaireWithSessions([{ id: 'soon', daysAhead: 7 }]);
const hubspot = new HubspotStub();
const receiver = new WebhookReceiver(WEBHOOK_SECRET);

beforeAll(async () => {
  await hubspot.start();
  await receiver.start();
});
afterAll(async () => {
  cancelScheduledCrmDrains();
  await hubspot.stop();
  await receiver.stop();
});

describe.each(TEST_DATABASES)('lead events reaching the CRM and the webhook through the site on $name', (testDb) => {
  const database = openForSuite(testDb);
  let deps: LeadDeps;

  beforeEach(async () => {
    await settled();
    cancelScheduledDrains();
    cancelScheduledCrmDrains();
    await clearLeadTables(database.db);
    hubspot.reset();
    receiver.reset();
    // As `npm run hubspot:setup` leaves an account: the custom properties exist.
    await setupHubspotProperties(q, { token: hubspot.token, baseUrl: hubspot.url });
    deps = testLeadDeps(database.db, q, {
      env: { CONSULTANT_EMAILS: [], RATE_LIMIT_PER_HOUR: 50, HUBSPOT_TOKEN: hubspot.token, HUBSPOT_BASE_URL: hubspot.url, WEBHOOK_URL: `${receiver.url}/hook`, WEBHOOK_SECRET },
    });
  });

  /** Submits through the real endpoint and waits for the drain that follows the response. */
  async function submit(email: string, contactConsent: boolean): Promise<{ id: string; token: string }> {
    const response = await createSubmission(jsonRequest(validPayload(q, { contact: { ...TEST_CONTACT, email }, contactConsent })), deps);
    expect(response.status).toBe(201);
    const body = (await response.json()) as { id: string; resultUrl: string };
    await settled();
    return { id: body.id, token: body.resultUrl.split('/').at(-1)! };
  }
  const processedTypes = () => [...receiver.processed.values()].map((event) => (event as { type: string }).type);

  it('delivers a lead who agreed to be contacted, after the response, and never one who did not', async () => {
    await submit('yes@example.com', true);
    await submit('no@example.com', false);
    // Delivered by the drain after the response (or its retry timer, for a row written in the drain's own millisecond).
    await expect.poll(async () => (await database.db.select().from(crmDeliveries)).every((r) => r.deliveredAt !== null), { timeout: 5_000 }).toBe(true);
    expect([...hubspot.contacts.keys()]).toEqual(['yes@example.com']);
    expect(hubspot.notesOf('yes@example.com')).toHaveLength(1);
    expect(processedTypes()).toEqual(['lead.submitted']);
    expect([...receiver.processed.values()].map((event) => (event as { lead: { email: string } }).lead.email)).toEqual(['yes@example.com']);
    const rows = await database.db.select().from(crmDeliveries);
    expect(rows.map((r) => r.target).sort()).toEqual(['hubspot', 'webhook']);
    expect(rows.every((r) => r.deliveredAt !== null)).toBe(true);
  });

  it('passes on a call request, a status change, a masterclass sign-up and an erasure, in order', async () => {
    const { id, token } = await submit('ana.crm@example.com', true);
    expect((await requestCall(token, { days: ['wed'], windows: ['midday'] }, deps)).kind).toBe('ok');
    await settled();
    const targets = crmTargets(deps.env);
    await changeStatus(database.db, id, 'contacted', 'c@example.com', { targets, questionnaire: q, siteUrl: 'https://diagnostico.example' });
    expect((await registerMasterclass({ locale: 'es', name: 'Ana', email: 'ana.crm@example.com', consent: true, token, session: 'soon' }, deps)).kind).toBe('ok');
    await settled();
    await drainCrm(database.db, crmConfig(deps.env, q), { ignoreBackoff: true, log: () => {} });
    const contact = hubspot.contacts.get('ana.crm@example.com')!;
    expect(contact.properties.revops_status).toBe('contacted');
    expect(typeof contact.properties.revops_call_requested_at).toBe('number');
    expect(processedTypes()).toEqual(['lead.submitted', 'lead.call_requested', 'lead.status_changed', 'masterclass.registered']);

    expect(await eraseSubmission(database.db, id, { actor: 'c@example.com', crmTargets: targets })).toBe('erased');
    await drainCrm(database.db, crmConfig(deps.env, q), { ignoreBackoff: true, log: () => {} });
    expect(hubspot.contacts.has('ana.crm@example.com'), 'the HubSpot contact is deleted').toBe(false);
    expect(processedTypes().at(-1)).toBe('lead.erased');
    // Passed on, the erasure keeps no address; the earlier events (which held the lead's data) are gone.
    const left = await database.db.select().from(crmDeliveries).where(eq(crmDeliveries.submissionId, id));
    expect(left.map((r) => r.event.type)).toEqual(['lead.erased', 'lead.erased']);
    expect(JSON.stringify(left)).not.toContain('ana.crm@example.com');
  });

  it('sends a masterclass sign-up made without a diagnostic, whose box covers being contacted about it', async () => {
    expect((await registerMasterclass({ locale: 'pt', name: 'João', email: 'joao@example.com', consent: true, session: 'soon' }, deps)).kind).toBe('ok');
    await expect.poll(processedTypes, { timeout: 5_000 }).toEqual(['masterclass.registered']);
    expect(hubspot.contacts.has('joao@example.com')).toBe(true);
  });
});
