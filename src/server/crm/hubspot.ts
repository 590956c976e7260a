import { DEFAULT_LOCALE, type Locale } from '../../domain/locale.ts';
import type { CrmEvent } from '../../domain/schemas/crm-event.ts';
import type { Questionnaire } from '../../domain/schemas/questionnaire.ts';
import { contactProperties, HUBSPOT_GROUP, hubspotProperties, type HubspotProperty } from './properties.ts';

/** An event carrying the whole lead (every type but `lead.erased`). */
type LeadEvent = Exclude<CrmEvent, { type: 'lead.erased' }>;

/** HubSpot's API, when HUBSPOT_BASE_URL is not set. */
export const HUBSPOT_API = 'https://api.hubapi.com';

export interface HubspotConfig {
  /** A private app's access token (scopes in the README). */
  token: string;
  /** HubSpot's API address; `HUBSPOT_API` by default (the tests use a local stub). */
  baseUrl?: string;
  /** How long each request may take, in ms; past it the request fails (and the delivery is retried). */
  timeoutMs?: number;
  /** The content the properties' options and labels come from (`hubspotProperties`). */
  questionnaire: Questionnaire;
  /** The language of property labels written by `setupHubspotProperties`; Spanish by default. */
  locale?: Locale;
}

/** An answer from HubSpot that was not a success: `status` is the HTTP status, 0 when none came. */
export class HubspotError extends Error {
  readonly status: number;
  constructor(message: string, status: number) {
    super(message);
    this.name = 'HubspotError';
    this.status = status;
  }
}

const DEFAULT_TIMEOUT_MS = 10_000;
/** HubSpot's default association type from a note to a contact. */
const NOTE_TO_CONTACT = 202;
/** Batch reads take at most 100 ids. */
const BATCH_READ_MAX = 100;
/** Written into every note this site creates, followed by the event id: how a retry finds the note it already made. */
export const NOTE_MARKER = 'revops-event:';

interface Call {
  method: 'GET' | 'POST' | 'PATCH' | 'DELETE';
  path: string;
  body?: unknown;
  /** Statuses that are answers, not failures (a 404 when looking something up). */
  accept?: number[];
}

async function call<T>(config: HubspotConfig, { method, path, body, accept = [] }: Call): Promise<{ status: number; data: T | null }> {
  const timeoutMs = config.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const where = `HubSpot ${method} ${path.split('?')[0]}`;
  try {
    const response = await fetch(new URL(path, config.baseUrl ?? HUBSPOT_API), {
      method,
      headers: { authorization: `Bearer ${config.token}`, accept: 'application/json', ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      signal: AbortSignal.timeout(timeoutMs),
    });
    const text = await response.text();
    const data = text ? (safeJson(text) as T | null) : null;
    if (response.ok || accept.includes(response.status)) return { status: response.status, data };
    // HubSpot's errors are `{status, message, correlationId, category}`.
    const message = (data as { message?: unknown } | null)?.message;
    throw new HubspotError(`${where} answered ${response.status}: ${typeof message === 'string' ? message : text.slice(0, 300) || response.statusText}`, response.status);
  } catch (error) {
    if (error instanceof HubspotError) throw error;
    if (error instanceof Error && error.name === 'TimeoutError') throw new HubspotError(`${where} did not answer within ${timeoutMs} ms`, 0);
    const cause = error instanceof Error && error.cause instanceof Error ? error.cause.message : error instanceof Error ? error.message : String(error);
    throw new HubspotError(`${where} failed: ${cause}`, 0);
  }
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return null;
  }
}

const escapeHtml = (text: string) => text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

/** The note's HTML body: the summary's lines, then the marker with the event id (see `findNote`). */
export function noteBody(event: LeadEvent): string {
  const lines = event.lead.summary.split('\n').map((line) => `<p>${escapeHtml(line)}</p>`);
  return `${lines.join('')}<p>${NOTE_MARKER}${event.id}</p>`;
}

/** Creates or updates the contact with this address (HubSpot matches `email` without regard to case); answers its id. */
async function upsertContact(config: HubspotConfig, email: string, properties: Record<string, string | number>): Promise<string> {
  const { data } = await call<{ results?: { id: string }[]; errors?: { message?: string }[] }>(config, {
    method: 'POST',
    path: '/crm/v3/objects/contacts/batch/upsert',
    body: { inputs: [{ idProperty: 'email', id: email, properties }] },
  });
  const id = data?.results?.[0]?.id;
  if (!id) throw new HubspotError(`HubSpot did not upsert the contact: ${data?.errors?.[0]?.message ?? 'no contact in its answer'}`, 207);
  return id;
}

/** The contact's id for this address, or null when HubSpot has none. */
async function findContact(config: HubspotConfig, email: string): Promise<string | null> {
  const { status, data } = await call<{ id: string }>(config, {
    method: 'GET',
    path: `/crm/v3/objects/contacts/${encodeURIComponent(email)}?idProperty=email&properties=email`,
    accept: [404],
  });
  return status === 404 ? null : (data?.id ?? null);
}

/** The ids and bodies of every note associated with the contact. */
async function contactNotes(config: HubspotConfig, contactId: string): Promise<{ id: string; body: string }[]> {
  const ids: string[] = [];
  let after: string | undefined;
  do {
    const { data } = await call<{ results?: { toObjectId: string | number }[]; paging?: { next?: { after?: string } } }>(config, {
      method: 'GET',
      path: `/crm/v4/objects/contacts/${encodeURIComponent(contactId)}/associations/notes?limit=500${after ? `&after=${encodeURIComponent(after)}` : ''}`,
    });
    ids.push(...(data?.results ?? []).map((r) => String(r.toObjectId)));
    after = data?.paging?.next?.after;
  } while (after);
  const notes: { id: string; body: string }[] = [];
  for (let i = 0; i < ids.length; i += BATCH_READ_MAX) {
    const { data } = await call<{ results?: { id: string; properties?: { hs_note_body?: string | null } }[] }>(config, {
      method: 'POST',
      path: '/crm/v3/objects/notes/batch/read',
      body: { inputs: ids.slice(i, i + BATCH_READ_MAX).map((id) => ({ id })), properties: ['hs_note_body'] },
    });
    notes.push(...(data?.results ?? []).map((note) => ({ id: note.id, body: note.properties?.hs_note_body ?? '' })));
  }
  return notes;
}

/**
 * The note this event already created on the contact, if any. HubSpot takes no idempotency key,
 * so the event id is written into the note and looked for before creating one. The contact's
 * associations and a batch read are used rather than the search API, because search is indexed
 * with a delay of seconds: a retry right after a create whose answer was lost would not see it.
 */
async function findNote(config: HubspotConfig, contactId: string, eventId: string): Promise<string | null> {
  const marker = `${NOTE_MARKER}${eventId}`;
  return (await contactNotes(config, contactId)).find((note) => note.body.includes(marker))?.id ?? null;
}

async function createNote(config: HubspotConfig, contactId: string, event: LeadEvent): Promise<void> {
  await call(config, {
    method: 'POST',
    path: '/crm/v3/objects/notes',
    body: {
      properties: { hs_timestamp: Date.parse(event.occurredAt), hs_note_body: noteBody(event) },
      // Created with its association in one request: there is never a note that a retry cannot find from the contact.
      associations: [{ to: { id: contactId }, types: [{ associationCategory: 'HUBSPOT_DEFINED', associationTypeId: NOTE_TO_CONTACT }] }],
    },
  });
}

/**
 * Removes the contact and the notes this site wrote on it. Archived, as HubSpot's delete does
 * (restorable for 90 days, then gone); a missing contact is already erased.
 */
async function eraseContact(config: HubspotConfig, email: string): Promise<void> {
  const contactId = await findContact(config, email);
  if (!contactId) return;
  for (const note of await contactNotes(config, contactId)) {
    if (note.body.includes(NOTE_MARKER)) await call(config, { method: 'DELETE', path: `/crm/v3/objects/notes/${encodeURIComponent(note.id)}`, accept: [404] });
  }
  await call(config, { method: 'DELETE', path: `/crm/v3/objects/contacts/${encodeURIComponent(contactId)}`, accept: [404] });
}

/**
 * Applies one event to HubSpot, safely repeatable (deliveries are retried until one succeeds):
 * - every lead event upserts the contact by email with the properties of `hubspotProperties`
 *   (values it does not know are left untouched);
 * - `lead.submitted` also adds a note with the report's summary, created once per event id;
 * - `lead.erased` deletes the contact and the notes this site wrote (a missing contact is success).
 * Throws a `HubspotError` naming the request, HubSpot's status and message.
 */
export async function deliverToHubspot(event: CrmEvent, config: HubspotConfig): Promise<void> {
  if (event.type === 'lead.erased') return eraseContact(config, event.lead.email);
  const contactId = await upsertContact(config, event.lead.email, contactProperties(event.lead, hubspotProperties(config.questionnaire)));
  if (event.type !== 'lead.submitted') return;
  if (await findNote(config, contactId, event.id)) return;
  await createNote(config, contactId, event);
}

/** What `setupHubspotProperties` did, by property name. */
export interface SetupResult {
  group: 'created' | 'exists';
  created: string[];
  updated: string[];
  unchanged: string[];
}

interface ExistingProperty {
  name: string;
  label?: string;
  type?: string;
  fieldType?: string;
  groupName?: string;
  options?: { label?: string; value?: string }[];
}

/** The definition HubSpot is sent for one of our properties. */
function definition(property: HubspotProperty) {
  return {
    name: property.name,
    label: property.label,
    type: property.type,
    fieldType: property.fieldType,
    groupName: HUBSPOT_GROUP.name,
    ...(property.options ? { options: property.options.map((o) => ({ label: o.label, value: o.value, displayOrder: o.displayOrder, hidden: false })) } : {}),
  };
}

function differs(existing: ExistingProperty, wanted: ReturnType<typeof definition>): boolean {
  if (existing.label !== wanted.label || existing.type !== wanted.type || existing.fieldType !== wanted.fieldType || existing.groupName !== wanted.groupName) return true;
  const have = (existing.options ?? []).map((o) => `${o.value}\u0000${o.label}`).join('\u0001');
  const want = (wanted.options ?? []).map((o) => `${o.value}\u0000${o.label}`).join('\u0001');
  return have !== want;
}

/**
 * Creates the property group `revops_diagnostic` and every custom contact property of
 * `hubspotProperties`; run again after the content changes. Idempotent: an existing property
 * that matches is left alone, one that differs (label, type, options) is updated.
 */
export async function setupHubspotProperties(questionnaire: Questionnaire, config: Omit<HubspotConfig, 'questionnaire'>): Promise<SetupResult> {
  const locale = config.locale ?? DEFAULT_LOCALE;
  const full = { ...config, questionnaire };
  const group = await call(full, {
    method: 'POST',
    path: '/crm/v3/properties/contacts/groups',
    body: { name: HUBSPOT_GROUP.name, label: HUBSPOT_GROUP.label[locale], displayOrder: -1 },
    accept: [409],
  });
  const { data } = await call<{ results?: ExistingProperty[] }>(full, { method: 'GET', path: '/crm/v3/properties/contacts' });
  const existing = new Map((data?.results ?? []).map((p) => [p.name, p]));
  const result: SetupResult = { group: group.status === 409 ? 'exists' : 'created', created: [], updated: [], unchanged: [] };
  for (const property of hubspotProperties(questionnaire, locale).filter((p) => !p.standard)) {
    const wanted = definition(property);
    const found = existing.get(property.name);
    if (!found) {
      // A 409 means another run created it meanwhile: it exists, which is what was asked.
      const created = await call(full, { method: 'POST', path: '/crm/v3/properties/contacts', body: wanted, accept: [409] });
      (created.status === 409 ? result.unchanged : result.created).push(property.name);
    } else if (differs(found, wanted)) {
      const { name: _name, ...changes } = wanted;
      await call(full, { method: 'PATCH', path: `/crm/v3/properties/contacts/${encodeURIComponent(property.name)}`, body: changes });
      result.updated.push(property.name);
    } else {
      result.unchanged.push(property.name);
    }
  }
  return result;
}
