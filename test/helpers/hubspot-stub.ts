import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';

/** HubSpot's own contact properties the site writes (never created by the setup). */
const STANDARD_PROPERTIES = ['email', 'firstname', 'lastname', 'company', 'jobtitle'];

export interface StubContact {
  id: string;
  email: string;
  /** Every property as last received, in the JSON type it was sent in (a number stays a number). */
  properties: Record<string, unknown>;
}

export interface StubNote {
  id: string;
  properties: Record<string, unknown>;
  /** Ids of the contacts the note is associated with. */
  contactIds: string[];
}

export interface StubProperty {
  name: string;
  label: string;
  type: string;
  fieldType: string;
  groupName: string;
  options?: { label: string; value: string; displayOrder?: number; hidden?: boolean }[];
}

type Mode = 'ok' | 'fail' | 'hang';

/**
 * A local stand-in for the HubSpot endpoints the site uses: contacts upserted by email, read by
 * email and deleted; notes created with their association, read in batches and deleted; a
 * contact's note associations; property groups and contact properties. Like HubSpot, it refuses
 * a value for a property that does not exist, an enumeration value that is not an option and a
 * `date` that is not midnight UTC. `mode` makes every request fail (500) or hang; `failNext`
 * fails the next N; `loseAnswersNext` applies the next N requests (of the route `loseAnswersOn`)
 * but never answers them (a response lost on the way back: the caller times out).
 */
export class HubspotStub {
  mode: Mode = 'ok';
  /** Answers the next N requests with a 500 whatever the mode, then follows `mode`. */
  failNext = 0;
  /** Applies the next N requests (of `loseAnswersOn` when set), then hangs instead of answering. */
  loseAnswersNext = 0;
  /** Limits `loseAnswersNext` to one route, e.g. `POST /crm/v3/objects/notes`. */
  loseAnswersOn: string | null = null;
  /** The bearer token requests must carry. */
  token = 'hubspot-test-token';
  readonly contacts = new Map<string, StubContact>();
  readonly notes = new Map<string, StubNote>();
  readonly groups = new Map<string, { name: string; label: string }>();
  readonly properties = new Map<string, StubProperty>();
  /** Every upsert applied, with the properties exactly as received. */
  readonly upserts: { email: string; properties: Record<string, unknown> }[] = [];
  /** Requests received, by `METHOD /path` with ids replaced by `{id}` (failed and hung ones included). */
  readonly requests = new Map<string, number>();
  /** Contacts deleted, by email. */
  readonly deletedContacts: string[] = [];
  url = '';
  private server: Server | undefined;
  private readonly hanging = new Set<() => void>();
  private nextId = 1000;

  /** Clears every record and mode (between tests). */
  reset(): void {
    this.mode = 'ok';
    this.failNext = 0;
    this.loseAnswersNext = 0;
    this.loseAnswersOn = null;
    this.contacts.clear();
    this.notes.clear();
    this.groups.clear();
    this.properties.clear();
    this.upserts.length = 0;
    this.requests.clear();
    this.deletedContacts.length = 0;
  }

  /** How many requests matched `route` (e.g. `POST /crm/v3/objects/notes`). */
  count(route: string): number {
    return this.requests.get(route) ?? 0;
  }

  /** Notes associated with the contact of this address. */
  notesOf(email: string): StubNote[] {
    const contact = this.contacts.get(email.toLowerCase());
    return contact ? [...this.notes.values()].filter((n) => n.contactIds.includes(contact.id)) : [];
  }

  async start(): Promise<void> {
    this.server = createServer((req, res) => {
      void this.handle(req, res).catch((error: unknown) => {
        if (!res.headersSent) send(res, 500, { status: 'error', message: String(error) });
      });
    });
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    const address = this.server.address();
    this.url = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
  }

  async stop(): Promise<void> {
    for (const release of this.hanging) release();
    this.server?.closeAllConnections();
    await new Promise<void>((resolve) => this.server?.close(() => resolve()) ?? resolve());
  }

  private hang(res: ServerResponse): Promise<void> {
    return new Promise<void>((resolve) => {
      const release = () => {
        this.hanging.delete(release);
        res.destroy();
        resolve();
      };
      this.hanging.add(release);
      res.on('close', release);
    });
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://stub');
    const path = url.pathname;
    const method = req.method ?? 'GET';
    const route = `${method} ${path.replace(/\/crm\/v3\/objects\/(contacts|notes)\/(?!batch|gdpr)[^/]+/, '/crm/v3/objects/$1/{id}').replace(/\/crm\/v4\/objects\/contacts\/[^/]+/, '/crm/v4/objects/contacts/{id}').replace(/\/crm\/v3\/properties\/contacts\/(?!groups)[^/]+/, '/crm/v3/properties/contacts/{name}')}`;
    this.requests.set(route, (this.requests.get(route) ?? 0) + 1);
    const raw = await read(req);
    if (this.failNext > 0 || this.mode === 'fail') {
      if (this.failNext > 0) this.failNext--;
      return send(res, 500, { status: 'error', message: 'stub failure', correlationId: 'stub' });
    }
    if (this.mode === 'hang') return this.hang(res);
    if (req.headers.authorization !== `Bearer ${this.token}`) {
      return send(res, 401, { status: 'error', message: 'Authentication credentials not found.', category: 'INVALID_AUTHENTICATION' });
    }
    const body = raw ? (JSON.parse(raw) as Record<string, unknown>) : {};
    const answer = this.apply(method, path, url.searchParams, body);
    if (this.loseAnswersNext > 0 && (this.loseAnswersOn === null || this.loseAnswersOn === route)) {
      this.loseAnswersNext--;
      return this.hang(res);
    }
    send(res, answer.status, answer.body);
  }

  /** Applies a request to the records, as HubSpot would; answers its status and body. */
  private apply(method: string, path: string, query: URLSearchParams, body: Record<string, unknown>): { status: number; body?: unknown } {
    let m: RegExpExecArray | null;
    if (method === 'POST' && path === '/crm/v3/objects/contacts/batch/upsert') {
      const results = [];
      for (const input of body.inputs as { id: string; idProperty: string; properties: Record<string, unknown> }[]) {
        if (input.idProperty !== 'email') return error(400, `idProperty ${input.idProperty} is not supported by this stub`);
        const refused = this.refuse(input.properties);
        if (refused) return error(400, refused);
        const email = input.id.toLowerCase();
        const existing = this.contacts.get(email);
        const contact = existing ?? { id: this.id(), email, properties: {} };
        Object.assign(contact.properties, input.properties);
        this.contacts.set(email, contact);
        this.upserts.push({ email, properties: structuredClone(input.properties) });
        results.push({ id: contact.id, new: !existing, properties: contact.properties });
      }
      return { status: 200, body: { status: 'COMPLETE', results } };
    }
    if (method === 'GET' && (m = /^\/crm\/v3\/objects\/contacts\/([^/]+)$/.exec(path))) {
      const key = decodeURIComponent(m[1]!);
      const contact = query.get('idProperty') === 'email' ? this.contacts.get(key.toLowerCase()) : [...this.contacts.values()].find((c) => c.id === key);
      return contact ? { status: 200, body: { id: contact.id, properties: { email: contact.email } } } : error(404, 'resource not found');
    }
    if (method === 'DELETE' && (m = /^\/crm\/v3\/objects\/contacts\/([^/]+)$/.exec(path))) {
      const contact = [...this.contacts.values()].find((c) => c.id === m![1]);
      if (contact) {
        this.contacts.delete(contact.email);
        this.deletedContacts.push(contact.email);
      }
      return { status: 204 };
    }
    if (method === 'GET' && (m = /^\/crm\/v4\/objects\/contacts\/([^/]+)\/associations\/notes$/.exec(path))) {
      const results = [...this.notes.values()].filter((n) => n.contactIds.includes(m![1]!)).map((n) => ({ toObjectId: Number(n.id), associationTypes: [{ category: 'HUBSPOT_DEFINED', typeId: 202, label: null }] }));
      return { status: 200, body: { results } };
    }
    if (method === 'POST' && path === '/crm/v3/objects/notes/batch/read') {
      const results = (body.inputs as { id: string }[]).flatMap(({ id }) => {
        const note = this.notes.get(id);
        return note ? [{ id: note.id, properties: note.properties }] : [];
      });
      return { status: 200, body: { status: 'COMPLETE', results } };
    }
    if (method === 'POST' && path === '/crm/v3/objects/notes') {
      const properties = body.properties as Record<string, unknown>;
      if (properties.hs_timestamp === undefined) return error(400, 'Property values were not valid: hs_timestamp is required');
      const associations = (body.associations ?? []) as { to: { id: string }; types: { associationCategory: string; associationTypeId: number }[] }[];
      for (const a of associations) {
        if (!this.contactById(a.to.id)) return error(400, `contact ${a.to.id} does not exist`);
        if (a.types[0]?.associationTypeId !== 202) return error(400, 'not a note-to-contact association');
      }
      const note = { id: this.id(), properties: structuredClone(properties), contactIds: associations.map((a) => a.to.id) };
      this.notes.set(note.id, note);
      return { status: 201, body: { id: note.id, properties: note.properties } };
    }
    if (method === 'DELETE' && (m = /^\/crm\/v3\/objects\/notes\/([^/]+)$/.exec(path))) {
      this.notes.delete(m[1]!);
      return { status: 204 };
    }
    if (method === 'POST' && path === '/crm/v3/properties/contacts/groups') {
      const name = body.name as string;
      if (this.groups.has(name)) return error(409, `A property group named ${name} already exists.`);
      this.groups.set(name, { name, label: body.label as string });
      return { status: 201, body: this.groups.get(name) };
    }
    if (method === 'GET' && path === '/crm/v3/properties/contacts') {
      const standard = STANDARD_PROPERTIES.map((name) => ({ name, label: name, type: 'string', fieldType: 'text', groupName: 'contactinformation' }));
      return { status: 200, body: { results: [...standard, ...this.properties.values()] } };
    }
    if (method === 'POST' && path === '/crm/v3/properties/contacts') {
      const property = body as unknown as StubProperty;
      if (this.properties.has(property.name) || STANDARD_PROPERTIES.includes(property.name)) return error(409, `Property ${property.name} already exists`);
      if (!this.groups.has(property.groupName)) return error(400, `group ${property.groupName} does not exist`);
      this.properties.set(property.name, structuredClone(property));
      return { status: 201, body: property };
    }
    if (method === 'PATCH' && (m = /^\/crm\/v3\/properties\/contacts\/([^/]+)$/.exec(path))) {
      const existing = this.properties.get(m[1]!);
      if (!existing) return error(404, 'property not found');
      Object.assign(existing, structuredClone(body));
      return { status: 200, body: existing };
    }
    return error(404, `no stub route for ${method} ${path}`);
  }

  /** Why HubSpot would refuse these values, or null. */
  private refuse(properties: Record<string, unknown>): string | null {
    for (const [name, value] of Object.entries(properties)) {
      if (STANDARD_PROPERTIES.includes(name)) continue;
      const property = this.properties.get(name);
      if (!property) return `Property "${name}" does not exist`;
      if (property.type === 'enumeration' || property.type === 'bool') {
        if (!property.options?.some((o) => o.value === String(value))) return `${String(value)} was not one of the allowed options for ${name}`;
      }
      if (property.type === 'number' && !Number.isFinite(Number(value))) return `${String(value)} is not a valid number for ${name}`;
      if (property.type === 'date' && Number(value) % 86_400_000 !== 0) return `${String(value)} is not midnight UTC, as the date property ${name} requires`;
    }
    return null;
  }

  private contactById(id: string): StubContact | undefined {
    return [...this.contacts.values()].find((c) => c.id === id);
  }

  private id(): string {
    return String(this.nextId++);
  }
}

function error(status: number, message: string): { status: number; body: unknown } {
  return { status, body: { status: 'error', message, correlationId: 'stub', category: status === 409 ? 'CONFLICT' : 'VALIDATION_ERROR' } };
}

function send(res: ServerResponse, status: number, body?: unknown): void {
  if (body === undefined) {
    res.writeHead(status);
    res.end();
    return;
  }
  res.writeHead(status, { 'content-type': 'application/json' });
  res.end(JSON.stringify(body));
}

function read(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    let data = '';
    req.on('data', (chunk) => (data += chunk));
    req.on('end', () => resolve(data));
    req.on('error', reject);
  });
}
