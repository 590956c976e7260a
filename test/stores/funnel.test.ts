import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { cleanTestStorage, getTestStorage, useTestStorageEngine } from '@nanostores/persistent';
import { answer, back, finishMetrics, initDiagnostic, next, startOver } from '../../src/stores/diagnostic.ts';
import { $lead, $pendingSubmission, $startToken, submitLead, type LeadForm } from '../../src/stores/lead.ts';
import { FunnelEventSchema } from '../../src/domain/schemas/funnel-event.ts';

useTestStorageEngine();

const form: LeadForm = { name: 'Ana', email: 'ana@empresa.com', company: 'Acme', role: 'CEO', companySize: 'size-11-50', businessModel: 'saas', consent: true, contactConsent: false, masterclass: false, website: '' };
const plan = { steps: [{ dimension: 'data', questionIds: ['q1', 'q2'] }, { dimension: 'process', questionIds: ['q3'] }] };

interface Environment {
  /** Each funnel event's body, parsed, in order, whether it went by beacon or by fetch. */
  events: Record<string, unknown>[];
  /** Each beacon's body, parsed. */
  beacons: Record<string, unknown>[];
  /** Each fetch as `[url, init]`. */
  fetches: [string, RequestInit][];
  session: Map<string, string>;
  local: Map<string, string>;
}

/** Tokens the stubbed server hands out, in order. */
const tokenNumber = (n: number) => `v1.${1741620600000 + n}.nonce-nonce-nonc.${'m'.repeat(43)}`;

/**
 * Stubs the browser: `navigator.sendBeacon` (accepting or refusing), `fetch`
 * (answering a `started` event with a start token, unless `eventsDown`, another
 * event with 204, the lead form with 201), `sessionStorage` and `localStorage`.
 */
function stubBrowser({ beaconAccepted = true, eventsDown = false } = {}): Environment {
  const env: Environment = { events: [], beacons: [], fetches: [], session: new Map(), local: new Map() };
  let tokens = 0;
  vi.stubGlobal('navigator', {
    sendBeacon: vi.fn((url: string, data: string) => {
      expect(url).toBe('/api/events');
      env.beacons.push(JSON.parse(data) as Record<string, unknown>);
      if (beaconAccepted) env.events.push(JSON.parse(data) as Record<string, unknown>);
      return beaconAccepted;
    }),
  });
  vi.stubGlobal('fetch', vi.fn(async (url: string, init: RequestInit) => {
    env.fetches.push([url, init]);
    if (url === '/api/events') {
      const event = JSON.parse(init.body as string) as Record<string, unknown>;
      env.events.push(event);
      if (eventsDown) throw new TypeError('Failed to fetch');
      if (event.name === 'started') return new Response(JSON.stringify({ startToken: tokenNumber(++tokens) }), { status: 200, headers: { 'content-type': 'application/json' } });
      return new Response(null, { status: 204 });
    }
    return new Response(JSON.stringify({ id: 'abc', resultUrl: '/es/r/abc' }), { status: 201, headers: { 'content-type': 'application/json' } });
  }));
  const storage = (map: Map<string, string>) => ({
    getItem: (key: string) => map.get(key) ?? null,
    setItem: (key: string, value: string) => void map.set(key, value),
    removeItem: (key: string) => void map.delete(key),
  });
  vi.stubGlobal('sessionStorage', storage(env.session));
  vi.stubGlobal('localStorage', storage(env.local));
  return env;
}

const names = (env: Environment) => env.events.map((b) => (b.step ? `${b.name}:${b.step}` : b.name));
/** Lets pending fetches and their `.then`s run. */
const settle = () => new Promise((resolve) => setTimeout(resolve, 0));

beforeEach(() => {
  startOver();
  $lead.set({ status: 'idle', errors: {} });
  $pendingSubmission.set(undefined);
});

afterEach(() => {
  vi.unstubAllGlobals();
  vi.resetModules();
  cleanTestStorage();
});

describe('funnel tracking', () => {
  it('sends nothing when the stores are imported and the diagnostic set up, only once the visitor acts', async () => {
    const env = stubBrowser();
    vi.resetModules();
    const diagnostic = await import('../../src/stores/diagnostic.ts');
    await import('../../src/stores/lead.ts');
    await import('../../src/stores/results.ts');
    await import('../../src/stores/funnel.ts');
    diagnostic.initDiagnostic(plan, 'es');
    expect(env.beacons).toEqual([]);
    expect(env.fetches).toEqual([]);
    expect(env.session.size).toBe(0);
    diagnostic.answer('q1', 'yes');
    expect(names(env)).toEqual(['started']);
    expect(env.fetches.map(([url]) => url)).toEqual(['/api/events']);
  });

  it('reports start, each step completed, completion and the report request, as the diagnostic is filled in', async () => {
    const env = stubBrowser();
    initDiagnostic(plan, 'pt');
    answer('q1', 'yes');
    answer('q1', 'no');
    expect(next()).toBe(false);
    answer('q2', 'yes');
    expect(next()).toBe(true);
    answer('q3', 'dont-know');
    expect(next()).toBe(true);
    back();
    expect(next()).toBe(true);
    finishMetrics(false);
    await submitLead(form);
    expect($lead.get().status).toBe('sent');

    expect(names(env)).toEqual(['started', 'step:1', 'step:2', 'step:2', 'completed', 'report_requested']);
    const visitId = env.events[0]!.visitId;
    for (const event of env.events) {
      expect(FunnelEventSchema.parse(event)).toEqual(event);
      expect(event).toMatchObject({ locale: 'pt', visitId });
      expect(Object.keys(event).sort()).toEqual(event.name === 'step' ? ['locale', 'name', 'step', 'visitId'] : ['locale', 'name', 'visitId']);
    }
    expect(env.fetches.map(([url]) => url), 'only the start asks for an answer').toEqual(['/api/events', '/api/submissions']);
  });

  it('reports the masterclass only when the lead form succeeds with its box checked', async () => {
    const env = stubBrowser();
    initDiagnostic(plan, 'en');
    answer('q1', 'yes');
    vi.stubGlobal('fetch', async () => new Response(JSON.stringify({ error: 'down' }), { status: 400 }));
    await submitLead({ ...form, masterclass: true });
    expect($lead.get().status).toBe('error');
    expect(names(env)).toEqual(['started']);

    vi.stubGlobal('fetch', async () => new Response(JSON.stringify({ id: 'a', resultUrl: '/en/r/a' }), { status: 201 }));
    await submitLead({ ...form, masterclass: true });
    expect(names(env)).toEqual(['started', 'report_requested', 'masterclass']);
  });

  it('reports the start again after starting over, but not on later answers', () => {
    const env = stubBrowser();
    initDiagnostic(plan, 'es');
    answer('q1', 'yes');
    answer('q2', 'yes');
    startOver();
    answer('q1', 'no');
    expect(names(env)).toEqual(['started', 'started']);
  });

  it('keeps one random visit id per tab session in sessionStorage, never in localStorage', () => {
    const env = stubBrowser();
    initDiagnostic(plan, 'es');
    answer('q1', 'yes');
    finishMetrics(true);
    const [first, second] = env.events;
    expect(first!.visitId).toMatch(/^[A-Za-z0-9_-]{8,64}$/);
    expect(second!.visitId).toBe(first!.visitId);
    expect([...env.session.values()]).toEqual([first!.visitId]);
    expect(env.local.size).toBe(0);

    env.session.clear();
    finishMetrics(true);
    expect(env.events[2]!.visitId).not.toBe(first!.visitId);
  });

  it('falls back to a keepalive fetch when the browser refuses the beacon', async () => {
    const env = stubBrowser({ beaconAccepted: false });
    initDiagnostic(plan, 'es');
    answer('q1', 'yes');
    await settle();
    finishMetrics(true);
    expect(env.fetches).toHaveLength(2);
    const [url, init] = env.fetches[1]!;
    expect(url).toBe('/api/events');
    expect(init).toMatchObject({ method: 'POST', keepalive: true });
    expect(JSON.parse(init.body as string)).toMatchObject({ name: 'completed', locale: 'es' });
  });

  it('never throws into the page when storage or the network is unavailable', () => {
    stubBrowser();
    vi.stubGlobal('sessionStorage', { getItem: () => { throw new Error('SecurityError'); }, setItem: () => { throw new Error('SecurityError'); } });
    vi.stubGlobal('navigator', {});
    vi.stubGlobal('fetch', () => { throw new TypeError('no network'); });
    initDiagnostic(plan, 'es');
    expect(() => answer('q1', 'yes')).not.toThrow();
    expect(() => finishMetrics(true)).not.toThrow();
  });
});

describe('the start token', () => {
  it('is asked for with the started event, by a keepalive fetch, and kept with the progress', async () => {
    const env = stubBrowser();
    initDiagnostic(plan, 'es');
    answer('q1', 'yes');
    const [url, init] = env.fetches[0]!;
    expect(url).toBe('/api/events');
    expect(init).toMatchObject({ method: 'POST', keepalive: true });
    expect(JSON.parse(init.body as string)).toMatchObject({ name: 'started', locale: 'es' });
    expect(env.beacons, 'the start does not also go as a beacon').toEqual([]);
    await settle();
    expect($startToken.get()).toBe(tokenNumber(1));
    expect(getTestStorage()['revops:start-token'], 'persisted: a reload or a later visit keeps it').toBe(tokenNumber(1));

    answer('q2', 'yes');
    next();
    await settle();
    expect(names(env)).toEqual(['started', 'step:1']);
    expect($startToken.get(), 'asked once').toBe(tokenNumber(1));
  });

  it('is asked for again on a later step when the first request failed, one request at a time', async () => {
    const env = stubBrowser({ eventsDown: true });
    initDiagnostic(plan, 'es');
    answer('q1', 'yes');
    await settle();
    expect($startToken.get()).toBeUndefined();

    vi.stubGlobal('fetch', vi.fn(async (url: string, init: RequestInit) => {
      env.fetches.push([url, init]);
      return new Response(JSON.stringify({ startToken: 'v1.retry-token' }), { status: 200 });
    }));
    answer('q2', 'yes');
    next();
    back();
    next();
    expect(env.fetches.map(([, init]) => JSON.parse(init.body as string).name), 'one retry while it is on its way').toEqual(['started', 'started']);
    await settle();
    expect($startToken.get()).toBe('v1.retry-token');
    expect(names(env)).toEqual(['started', 'step:1', 'step:1']);
  });

  it('keeps the first token when two answers arrive, and a 429 or an old server (204) leaves none', async () => {
    stubBrowser();
    initDiagnostic(plan, 'es');
    vi.stubGlobal('fetch', async () => new Response(JSON.stringify({ error: 'Too many events' }), { status: 429 }));
    answer('q1', 'yes');
    await settle();
    expect($startToken.get()).toBeUndefined();
    vi.stubGlobal('fetch', async () => new Response(null, { status: 204 }));
    next();
    await settle();
    expect($startToken.get()).toBeUndefined();
  });

  it('is forgotten on starting over, and a late answer to the old start is not kept', async () => {
    stubBrowser();
    initDiagnostic(plan, 'es');
    answer('q1', 'yes');
    await settle();
    expect($startToken.get()).toBe(tokenNumber(1));
    startOver();
    expect($startToken.get()).toBeUndefined();

    answer('q1', 'no');
    startOver();
    await settle();
    expect($startToken.get(), 'answer to a start that was undone').toBeUndefined();
    answer('q1', 'yes');
    await settle();
    expect($startToken.get()).toBe(tokenNumber(3));
  });

  it('is sent with the submission', async () => {
    const env = stubBrowser();
    initDiagnostic(plan, 'es');
    answer('q1', 'yes');
    await settle();
    await submitLead(form);
    const submission = env.fetches.find(([url]) => url === '/api/submissions')!;
    expect(JSON.parse(submission[1].body as string)).toMatchObject({ startToken: tokenNumber(1) });
  });
});
