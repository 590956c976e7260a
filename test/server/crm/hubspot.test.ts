import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { erasureEvent, masterclassSignupEvent, submissionEvent } from '../../../src/server/crm/events.ts';
import { deliverToHubspot, NOTE_MARKER, setupHubspotProperties, type HubspotConfig } from '../../../src/server/crm/hubspot.ts';
import { hubspotProperties } from '../../../src/server/crm/properties.ts';
import { HubspotStub } from '../../helpers/hubspot-stub.ts';
import { q, SITE, submissionRow } from './fixtures.ts';

const stub = new HubspotStub();
let config: HubspotConfig;
const row = submissionRow({ masterclass: true, callRequestedAt: new Date('2026-04-02T15:20:00.000Z') });
const submitted = submissionEvent('lead.submitted', row, q, SITE);

beforeAll(() => stub.start());
afterAll(() => stub.stop());
beforeEach(() => {
  stub.reset();
  config = { token: stub.token, baseUrl: stub.url, timeoutMs: 1_000, questionnaire: q };
});

const setup = () => setupHubspotProperties(q, config);

describe('npm run hubspot:setup (setupHubspotProperties)', () => {
  it('creates the group and every custom property with its declared type, field type and options', async () => {
    const result = await setup();
    const custom = hubspotProperties(q).filter((p) => !p.standard);
    expect(result).toMatchObject({ group: 'created', updated: [], unchanged: [] });
    expect(result.created.sort()).toEqual(custom.map((p) => p.name).sort());
    expect(stub.groups.has('revops_diagnostic')).toBe(true);
    for (const p of custom) {
      const created = stub.properties.get(p.name)!;
      expect(created).toMatchObject({ type: p.type, fieldType: p.fieldType, groupName: 'revops_diagnostic', label: p.label });
      expect(created.options?.map((o) => o.value)).toEqual(p.options?.map((o) => o.value));
    }
  });

  it('changes nothing when run again, and brings a property edited in HubSpot back to its definition', async () => {
    await setup();
    const posts = stub.count('POST /crm/v3/properties/contacts');
    const again = await setup();
    expect(again).toMatchObject({ group: 'exists', created: [], updated: [] });
    expect(stub.count('POST /crm/v3/properties/contacts')).toBe(posts);
    expect(stub.count('PATCH /crm/v3/properties/contacts/{name}')).toBe(0);

    stub.properties.get('revops_band')!.options!.pop();
    stub.properties.get('revops_overall_score')!.label = 'Renamed by hand';
    const third = await setup();
    expect(third.updated.sort()).toEqual(['revops_band', 'revops_overall_score']);
    expect(stub.properties.get('revops_band')!.options!.map((o) => o.value)).toEqual(q.bands.overall.map((b) => b.id));
  });
});

describe('deliverToHubspot', () => {
  it('upserts the contact by email with every value in the type its property declares, and adds the report note', async () => {
    await setup();
    await deliverToHubspot(submitted, config);
    expect(stub.contacts.size).toBe(1);
    const received = stub.upserts[0]!.properties;
    for (const [name, value] of Object.entries(received)) {
      const declared = stub.properties.get(name);
      if (!declared) {
        expect(['email', 'firstname', 'lastname', 'company', 'jobtitle']).toContain(name);
        expect(typeof value).toBe('string');
        continue;
      }
      if (declared.type === 'number' || declared.type === 'datetime' || declared.type === 'date') expect(typeof value, name).toBe('number');
      else expect(typeof value, name).toBe('string');
      if (declared.options) expect(declared.options.map((o) => o.value), name).toContain(value);
    }
    expect(received.revops_overall_score).toBe(row.report.overall.score);
    expect(received.revops_masterclass).toBe('true');
    expect(received.revops_call_requested_at).toBe(Date.parse('2026-04-02T15:20:00.000Z'));
    const [note] = stub.notesOf('ana@example.com');
    expect(stub.notesOf('ana@example.com')).toHaveLength(1);
    expect(note!.properties.hs_timestamp).toBe(Date.parse(submitted.occurredAt));
    expect(note!.properties.hs_note_body).toContain(row.report.overall.band!.label);
    expect(note!.properties.hs_note_body).toContain(`${NOTE_MARKER}${submitted.id}`);
  });

  it('creates no second note when the note was made but its answer was lost, nor when the event comes again', async () => {
    await setup();
    stub.loseAnswersOn = 'POST /crm/v3/objects/notes';
    stub.loseAnswersNext = 1;
    await expect(deliverToHubspot(submitted, config)).rejects.toThrow('HubSpot POST /crm/v3/objects/notes did not answer within 1000 ms');
    expect(stub.notesOf('ana@example.com')).toHaveLength(1);
    await deliverToHubspot(submitted, config);
    await deliverToHubspot(submitted, config);
    expect(stub.contacts.size).toBe(1);
    expect(stub.notesOf('ana@example.com')).toHaveLength(1);
    expect(stub.count('POST /crm/v3/objects/notes')).toBe(1);
  });

  it('treats an address in other capitals as the same contact', async () => {
    await setup();
    await deliverToHubspot(submitted, config);
    await deliverToHubspot(submissionEvent('lead.status_changed', submissionRow({ contactEmail: 'Ana@Example.com', status: 'won' }), q, SITE), config);
    expect(stub.contacts.size).toBe(1);
    expect(stub.contacts.get('ana@example.com')!.properties.revops_status).toBe('won');
  });

  it('updates properties without a note for events other than lead.submitted, keeping what the event does not know', async () => {
    await setup();
    await deliverToHubspot(submitted, config);
    await deliverToHubspot(masterclassSignupEvent({ email: 'ana@example.com', name: 'Ana', locale: 'es', sessionId: 'june' }), config);
    const contact = stub.contacts.get('ana@example.com')!;
    expect(contact.properties.revops_masterclass_session).toBe('june');
    expect(contact.properties.revops_overall_score).toBe(row.report.overall.score);
    expect(contact.properties.lastname).toBe('María Pérez');
    expect(stub.notesOf('ana@example.com')).toHaveLength(1);
  });

  it('deletes the contact and the notes this site wrote on lead.erased, and takes a missing contact as erased', async () => {
    await setup();
    await deliverToHubspot(submitted, config);
    const erased = erasureEvent({ email: 'ana@example.com', submissionId: row.id });
    await deliverToHubspot(erased, config);
    expect(stub.contacts.has('ana@example.com')).toBe(false);
    expect(stub.deletedContacts).toEqual(['ana@example.com']);
    expect(stub.notes.size).toBe(0);
    // Delivered again (a retry after a lost answer): nothing left to delete, and that is success.
    await deliverToHubspot(erased, config);
    expect(stub.count('DELETE /crm/v3/objects/contacts/{id}')).toBe(1);
  });

  it('says which request failed, HubSpot’s status and its message', async () => {
    await expect(deliverToHubspot(submitted, config)).rejects.toThrow(/HubSpot POST \/crm\/v3\/objects\/contacts\/batch\/upsert answered 400: Property "revops_[a-z_]+" does not exist/);
    await expect(deliverToHubspot(submitted, { ...config, token: 'wrong' })).rejects.toThrow(/answered 401: Authentication credentials not found/);
    stub.mode = 'fail';
    await expect(deliverToHubspot(submitted, config)).rejects.toThrow(/answered 500: stub failure/);
  });

  it('fails a request that hangs after the timeout instead of waiting', async () => {
    await setup();
    stub.mode = 'hang';
    const started = Date.now();
    await expect(deliverToHubspot(submitted, config)).rejects.toThrow('did not answer within 1000 ms');
    expect(Date.now() - started).toBeLessThan(3_000);
    expect(stub.contacts.size).toBe(0);
  });
});
