import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { cleanTestStorage, useTestStorageEngine } from '@nanostores/persistent';
import { answer, back, finishMetrics, initDiagnostic, next, startOver } from '../../src/stores/diagnostic.ts';
import { $lead, $pendingSubmission, submitLead, type LeadForm } from '../../src/stores/lead.ts';
import { FunnelEventSchema } from '../../src/domain/schemas/funnel-event.ts';

useTestStorageEngine();

const form: LeadForm = { name: 'Ana', email: 'ana@empresa.com', company: '', role: '', consent: true, masterclass: false, website: '' };
const plan = { steps: [{ dimension: 'data', questionIds: ['q1', 'q2'] }, { dimension: 'process', questionIds: ['q3'] }] };

interface Environment {
  /** Each beacon's body, parsed. */
  beacons: Record<string, unknown>[];
  /** Each fetch as `[url, init]`. */
  fetches: [string, RequestInit][];
  session: Map<string, string>;
  local: Map<string, string>;
}

/**
 * Stubs the browser: `navigator.sendBeacon` (accepting or refusing), `fetch`
 * (answering the lead form with 201), `sessionStorage` and `localStorage`.
 */
function stubBrowser({ beaconAccepted = true } = {}): Environment {
  const env: Environment = { beacons: [], fetches: [], session: new Map(), local: new Map() };
  vi.stubGlobal('navigator', {
    sendBeacon: vi.fn((url: string, data: string) => {
      expect(url).toBe('/api/events');
      env.beacons.push(JSON.parse(data) as Record<string, unknown>);
      return beaconAccepted;
    }),
  });
  vi.stubGlobal('fetch', vi.fn(async (url: string, init: RequestInit) => {
    env.fetches.push([url, init]);
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

const names = (env: Environment) => env.beacons.map((b) => (b.step ? `${b.name}:${b.step}` : b.name));

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
    const visitId = env.beacons[0]!.visitId;
    for (const beacon of env.beacons) {
      expect(FunnelEventSchema.parse(beacon)).toEqual(beacon);
      expect(beacon).toMatchObject({ locale: 'pt', visitId });
      expect(Object.keys(beacon).sort()).toEqual(beacon.name === 'step' ? ['locale', 'name', 'step', 'visitId'] : ['locale', 'name', 'visitId']);
    }
    expect(env.fetches.map(([url]) => url)).toEqual(['/api/submissions']);
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
    const [first, second] = env.beacons;
    expect(first!.visitId).toMatch(/^[A-Za-z0-9_-]{8,64}$/);
    expect(second!.visitId).toBe(first!.visitId);
    expect([...env.session.values()]).toEqual([first!.visitId]);
    expect(env.local.size).toBe(0);

    env.session.clear();
    finishMetrics(true);
    expect(env.beacons[2]!.visitId).not.toBe(first!.visitId);
  });

  it('falls back to a keepalive fetch when the browser refuses the beacon', () => {
    const env = stubBrowser({ beaconAccepted: false });
    initDiagnostic(plan, 'es');
    answer('q1', 'yes');
    expect(env.fetches).toHaveLength(1);
    const [url, init] = env.fetches[0]!;
    expect(url).toBe('/api/events');
    expect(init).toMatchObject({ method: 'POST', keepalive: true });
    expect(JSON.parse(init.body as string)).toMatchObject({ name: 'started', locale: 'es' });
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
