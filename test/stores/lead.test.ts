import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { cleanTestStorage, useTestStorageEngine } from '@nanostores/persistent';
import { answer, finishMetrics, initDiagnostic, setMetricValue, setSegment, startOver, $locale } from '../../src/stores/diagnostic.ts';
import { $lead, $pendingSubmission, $startedAt, $startToken, submitLead, type LeadForm } from '../../src/stores/lead.ts';
import type { SubmissionPayload } from '../../src/domain/schemas/submission.ts';

useTestStorageEngine();

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const form: LeadForm = { name: ' Ana Pérez ', email: 'ana@empresa.com', company: 'Acme', role: 'CEO', companySize: 'size-11-50', businessModel: 'saas', consent: true, contactConsent: false, masterclass: true, website: '' };

interface Call {
  url: string;
  init: RequestInit;
  payload: SubmissionPayload;
}

const START_TOKEN = 'v1.1741620600000.nonce-nonce-nonc.' + 'm'.repeat(43);

/** The server's answer to the `started` funnel event. */
const startTokenResponse = () => new Response(JSON.stringify({ startToken: START_TOKEN }), { status: 200, headers: { 'content-type': 'application/json' } });

/**
 * Stubs `fetch` with the given responses in order (`null` is a network failure) and records each
 * request; a funnel event (the `started` one asks for the start token) is answered apart.
 */
function mockFetch(...responses: (Response | null)[]): Call[] {
  const calls: Call[] = [];
  vi.stubGlobal('fetch', async (url: string, init: RequestInit) => {
    if (url === '/api/events') return startTokenResponse();
    calls.push({ url, init, payload: JSON.parse(init.body as string) as SubmissionPayload });
    const response = responses.shift();
    if (response === undefined) throw new Error('unexpected request');
    if (response === null) throw new TypeError('Failed to fetch');
    return response;
  });
  return calls;
}

const json = (status: number, body: unknown, headers: Record<string, string> = {}) =>
  new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json', ...headers } });

/** Runs `submitLead` to the end, letting its retry waits pass. */
async function submit(values: LeadForm = form): Promise<void> {
  const done = submitLead(values);
  await vi.runAllTimersAsync();
  await done;
}

beforeEach(async () => {
  vi.useFakeTimers();
  // Funnel events go out as beacons (test/stores/funnel.test.ts), but for the start, which asks for the start token.
  vi.stubGlobal('navigator', { sendBeacon: () => true });
  vi.stubGlobal('fetch', async () => startTokenResponse());
  startOver();
  $lead.set({ status: 'idle', errors: {} });
  $pendingSubmission.set(undefined);
  initDiagnostic({ steps: [{ dimension: 'data', questionIds: ['q1', 'q2'] }] }, 'pt');
  answer('q1', 'yes');
  answer('q2', 'dont-know');
  await vi.runAllTimersAsync();
});

afterEach(() => {
  vi.useRealTimers();
  vi.unstubAllGlobals();
  cleanTestStorage();
});

describe('submitLead', () => {
  it('posts the answers, segment, contact and consent from the stores with a UUID idempotency key', async () => {
    setSegment('businessModel', 'saas');
    const calls = mockFetch(json(201, { id: 'abc', resultUrl: '/r/abc' }));
    await submit();
    expect(calls).toHaveLength(1);
    expect(calls[0]!.url).toBe('/api/submissions');
    expect(calls[0]!.init.method).toBe('POST');
    expect(new Headers(calls[0]!.init.headers).get('content-type')).toBe('application/json');
    const payload = calls[0]!.payload;
    expect(payload).toMatchObject({
      locale: 'pt',
      answers: { q1: 'yes', q2: 'dont-know' },
      metricInputs: null,
      segment: { businessModel: 'saas' },
      contact: { name: 'Ana Pérez', email: 'ana@empresa.com', company: 'Acme', role: 'CEO', companySize: 'size-11-50' },
      consent: true,
      contactConsent: false,
      masterclass: true,
      firstTouch: null,
      website: '',
    });
    expect(payload.idempotencyKey).toMatch(UUID);
    expect(payload.startedAt).toBe($startedAt.get());
    expect(Number.isNaN(Date.parse(payload.startedAt))).toBe(false);
    expect(payload.startToken, 'the token the server answered to the start').toBe(START_TOKEN);
  });

  it('sends the business model asked on the form only when the numbers step did not set one', async () => {
    const calls = mockFetch(json(201, { id: 'a', resultUrl: '/r/a' }), json(201, { id: 'b', resultUrl: '/r/b' }));
    await submit({ ...form, businessModel: 'b2b-services' });
    expect(calls[0]!.payload.segment).toEqual({ businessModel: 'b2b-services' });
    $lead.set({ status: 'idle', errors: {} });
    setSegment('businessModel', 'saas');
    await submit({ ...form, businessModel: 'b2b-services', name: 'Ana Two' });
    expect(calls[1]!.payload.segment, "the numbers step's choice stands").toEqual({ businessModel: 'saas' });
  });

  it('sends being contacted as its own choice, not given unless ticked', async () => {
    const calls = mockFetch(json(201, { id: 'a', resultUrl: '/r/a' }), json(201, { id: 'b', resultUrl: '/r/b' }));
    await submit(form);
    expect(calls[0]!.payload.contactConsent).toBe(false);
    $lead.set({ status: 'idle', errors: {} });
    await submit({ ...form, contactConsent: true });
    expect(calls[1]!.payload.contactConsent).toBe(true);
  });

  it('sends where the first visit came from, as the page recorded it', async () => {
    const touch = { source: 'linkedin', medium: 'social', landingPath: '/es/', at: '2026-11-20T10:00:00.000Z' };
    vi.stubGlobal('localStorage', { getItem: (key: string) => (key === 'revops:first-touch' ? JSON.stringify(touch) : null) });
    const calls = mockFetch(json(201, { id: 'a', resultUrl: '/r/a' }));
    await submit(form);
    expect(calls[0]!.payload.firstTouch).toEqual(touch);
  });

  it('asks for the company, job title and company size, and the business model when none was chosen', async () => {
    const calls = mockFetch();
    await submit({ ...form, company: ' ', role: '', companySize: '', businessModel: '' });
    expect(calls).toHaveLength(0);
    expect($lead.get().errors).toEqual({ company: 'required', role: 'required', companySize: 'required', businessModel: 'required' });
  });

  it('sends the start token kept from before a reload', async () => {
    vi.resetModules();
    const reloaded = await import('../../src/stores/lead.ts');
    expect(reloaded.$startToken.get(), 'read back from storage').toBe(START_TOKEN);
    const calls = mockFetch(json(201, { id: 'abc', resultUrl: '/r/abc' }));
    const done = reloaded.submitLead(form);
    await vi.runAllTimersAsync();
    await done;
    expect(calls[0]!.payload.startToken).toBe(START_TOKEN);
  });

  it('sends no start token when the server never gave one (the server then takes it for a bot)', async () => {
    $startToken.set(undefined);
    const calls = mockFetch(json(201, { id: 'abc', resultUrl: '/r/abc' }));
    await submit();
    expect(calls[0]!.payload).not.toHaveProperty('startToken');
  });

  it('sends the metric inputs only when the visitor included them', async () => {
    setMetricValue('customersAtStart', '200');
    setMetricValue('customersLost', '6');
    const calls = mockFetch(json(201, { id: 'a', resultUrl: '/r/a' }), json(201, { id: 'b', resultUrl: '/r/b' }));
    await submit();
    expect(calls[0]!.payload.metricInputs, 'skipped').toBeNull();
    finishMetrics(true);
    $lead.set({ status: 'idle', errors: {} });
    await submit();
    expect(calls[1]!.payload.metricInputs).toEqual({ period: 'month', customersAtStart: 200, customersLost: 6 });
  });

  it('marks the start at the first answer and keeps it; starting over forgets it', () => {
    startOver();
    expect($startedAt.get()).toBeUndefined();
    vi.setSystemTime(new Date('2026-03-01T10:00:00Z'));
    answer('q1', 'no');
    vi.setSystemTime(new Date('2026-03-01T10:05:00Z'));
    answer('q2', 'no');
    expect($startedAt.get()).toBe('2026-03-01T10:00:00.000Z');
  });

  it('ends as sent with the permalink on 201', async () => {
    mockFetch(json(201, { id: 'abc', resultUrl: 'https://example.test/es/r/abc' }));
    await submit();
    expect($lead.get()).toEqual({ status: 'sent', errors: {}, resultUrl: 'https://example.test/es/r/abc', contact: { name: 'Ana Pérez', email: 'ana@empresa.com' } });
    expect($pendingSubmission.get(), 'the key is used up').toBeUndefined();
  });

  it('treats 200 (the same submission again) as sent', async () => {
    mockFetch(json(200, { id: 'abc', resultUrl: '/r/abc' }));
    await submit();
    expect($lead.get().status).toBe('sent');
    expect($lead.get().resultUrl).toBe('/r/abc');
  });

  it('retries after a 503 with the same idempotency key, waiting the Retry-After seconds', async () => {
    const calls = mockFetch(json(503, { error: 'database unavailable' }, { 'Retry-After': '7' }), json(201, { id: 'abc', resultUrl: '/r/abc' }));
    const statuses: string[] = [];
    const unbind = $lead.listen((state) => statuses.push(state.status));
    const done = submitLead(form);
    await vi.advanceTimersByTimeAsync(6_900);
    expect(calls, 'still waiting').toHaveLength(1);
    expect($lead.get().status).toBe('retrying');
    await vi.advanceTimersByTimeAsync(200);
    await done;
    unbind();
    expect(calls).toHaveLength(2);
    expect(calls[1]!.payload.idempotencyKey).toBe(calls[0]!.payload.idempotencyKey);
    expect(statuses).toEqual(['sending', 'retrying', 'sent']);
  });

  it('gives up after three failed attempts, saying to try again, with the answers untouched', async () => {
    const calls = mockFetch(null, json(500, {}), json(503, { error: 'down' }));
    await submit();
    expect(calls).toHaveLength(3);
    expect(new Set(calls.map((c) => c.payload.idempotencyKey)).size).toBe(1);
    expect($lead.get()).toEqual({ status: 'error', errors: { form: 'error-network' } });
    expect(calls[2]!.payload.answers).toEqual({ q1: 'yes', q2: 'dont-know' });
  });

  it('reuses the key when the same submission is tried again after a reload, whatever the page language', async () => {
    const calls = mockFetch(null, null, null, json(201, { id: 'abc', resultUrl: '/r/abc' }));
    await submit();
    const key = $pendingSubmission.get()?.idempotencyKey;
    vi.resetModules();
    const reloaded = await import('../../src/stores/lead.ts');
    expect(reloaded.$pendingSubmission.get()?.idempotencyKey, 'read back from storage').toBe(key);
    const done = reloaded.submitLead(form);
    await vi.runAllTimersAsync();
    await done;
    expect(reloaded.$lead.get().status).toBe('sent');
    expect(calls.map((c) => c.payload.idempotencyKey)).toEqual([key, key, key, key]);
  });

  it('uses a new key once the answers or contact change', async () => {
    const calls = mockFetch(null, null, null, json(201, { id: 'abc', resultUrl: '/r/abc' }));
    await submit();
    await submit({ ...form, email: 'ana.perez@empresa.com' });
    expect(calls[3]!.payload.idempotencyKey).toMatch(UUID);
    expect(calls[3]!.payload.idempotencyKey).not.toBe(calls[0]!.payload.idempotencyKey);
  });

  it('puts the 400 issues next to their fields', async () => {
    mockFetch(
      json(400, {
        error: 'invalid submission',
        issues: [
          { path: ['contact', 'email'], message: 'must be a valid email address' },
          { path: ['contact', 'company'], message: 'must be at most 160 characters' },
          { path: ['consent'], message: 'must be true' },
        ],
      }),
    );
    await submit();
    expect($lead.get()).toEqual({ status: 'error', errors: { email: 'invalid-email', company: 'invalid', consent: 'must-consent' } });
  });

  it('reports a 400 on the answers as a problem with the form, not a field', async () => {
    mockFetch(json(400, { error: 'invalid submission', issues: [{ path: ['answers', 'q9'], message: 'unknown question' }] }));
    await submit();
    expect($lead.get().errors).toEqual({ form: 'error-invalid' });
  });

  it('says to wait on 429 without retrying', async () => {
    const calls = mockFetch(json(429, { error: 'too many requests' }, { 'Retry-After': '60' }));
    await submit();
    expect(calls).toHaveLength(1);
    expect($lead.get()).toEqual({ status: 'error', errors: { form: 'error-rate' } });
  });

  it('blocks the request when a required field is missing or wrong', async () => {
    const calls = mockFetch();
    await submit({ ...form, name: '  ', email: 'ana@empresa', consent: false });
    expect(calls).toHaveLength(0);
    expect($lead.get()).toEqual({ status: 'error', errors: { name: 'required', email: 'invalid-email', consent: 'must-consent' } });
    await submit({ ...form, email: '' });
    expect($lead.get().errors).toEqual({ email: 'required' });
    expect(calls).toHaveLength(0);
  });

  it('ignores a second submit while the first is on its way', async () => {
    const calls = mockFetch(json(201, { id: 'abc', resultUrl: '/r/abc' }));
    const first = submitLead(form);
    await submitLead(form);
    await vi.runAllTimersAsync();
    await first;
    expect(calls).toHaveLength(1);
  });

  it('keeps the page language in the payload', async () => {
    $locale.set('en');
    const calls = mockFetch(json(201, { id: 'abc', resultUrl: '/r/abc' }));
    await submit();
    expect(calls[0]!.payload.locale).toBe('en');
  });
});
