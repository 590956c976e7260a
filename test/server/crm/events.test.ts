import { describe, expect, it } from 'vitest';
import { CrmEventSchema } from '../../../src/domain/schemas/crm-event.ts';
import { erasureEvent, masterclassSignupEvent, submissionEvent } from '../../../src/server/crm/events.ts';
import { q, SITE, submissionRow } from './fixtures.ts';

const row = submissionRow({ callRequestedAt: new Date('2026-04-02T15:20:00.000Z'), status: 'contacted' });
const report = row.report;

function leadOf(event: ReturnType<typeof submissionEvent>) {
  if (event.type === 'lead.erased') throw new Error('a lead event was expected');
  return event.lead;
}

describe('CRM events from a stored submission', () => {
  it('describes the lead as stored: contact, permalink on SITE_URL, scores, segment, status, first touch', () => {
    const event = submissionEvent('lead.submitted', row, q, `${SITE}/`);
    expect(CrmEventSchema.parse(event)).toEqual(event);
    const lead = leadOf(event);
    expect(lead).toMatchObject({
      email: 'ana@example.com',
      name: 'Ana María Pérez',
      company: 'Acme',
      role: 'CEO',
      locale: 'es',
      submissionId: row.id,
      permalink: `${SITE}/es/r/${row.token}`,
      submittedAt: row.createdAt.toISOString(),
      overallScore: report.overall.score,
      band: report.overall.band!.id,
      businessModel: 'saas',
      dealSize: 'acv-under-12k',
      status: 'contacted',
      masterclass: false,
      callRequestedAt: '2026-04-02T15:20:00.000Z',
      firstTouch: row.firstTouch,
      currency: 'EUR',
    });
    expect(lead.dimensionScores).toEqual(Object.fromEntries(report.dimensions.map((d) => [d.id, d.score])));
    const lowest = Math.min(...report.dimensions.map((d) => d.score ?? Infinity));
    expect(report.dimensions.find((d) => d.id === lead.weakestDimension)!.score).toBe(lowest);
  });

  it('gives percentages as 0–100 and only the metrics the numbers allowed', () => {
    const lead = leadOf(submissionEvent('lead.submitted', row, q, SITE));
    // 6 of 200 customers lost in the month.
    expect(lead.metrics.monthlyChurnRate).toBe(3);
    const computed = report.metrics.filter((m) => m.value !== null).map((m) => m.id);
    expect(Object.keys(lead.metrics).sort()).toEqual([...computed].sort());
    // CAC is money: 60,000 of spend for 20 new customers.
    expect(lead.metrics.cac).toBe(3000);
  });

  it('sums the report up in its language: overall line, weakest area, each area, metrics and the permalink', () => {
    const summary = leadOf(submissionEvent('lead.submitted', row, q, SITE)).summary;
    const lines = summary.split('\n');
    expect(lines.length).toBeGreaterThan(q.dimensions.length);
    expect(summary).toContain(report.overall.band!.label);
    const weakest = report.dimensions.find((d) => d.id === leadOf(submissionEvent('lead.submitted', row, q, SITE)).weakestDimension)!;
    expect(summary).toContain(`${q.workspace.list.weakest.es}: ${weakest.name} (${weakest.score}/100)`);
    for (const d of report.dimensions) expect(summary).toContain(d.name);
    expect(summary).toContain('Churn mensual: 3');
    expect(lines.at(-1)).toBe(`${SITE}/es/r/${row.token}`);
  });

  it('keeps the id it is given, so a re-built event is the same event', () => {
    const id = crypto.randomUUID();
    const at = new Date('2026-04-02T10:00:00.000Z');
    expect(submissionEvent('lead.status_changed', row, q, SITE, { id, occurredAt: at })).toMatchObject({ id, occurredAt: at.toISOString(), version: 1 });
    expect(submissionEvent('lead.status_changed', row, q, SITE).id).not.toBe(submissionEvent('lead.status_changed', row, q, SITE).id);
  });

  it('marks the lead signed up, with the session, on masterclass.registered', () => {
    const lead = leadOf(submissionEvent('masterclass.registered', row, q, SITE, { masterclassSession: 'may-14' }));
    expect(lead).toMatchObject({ masterclass: true, masterclassSession: 'may-14' });
  });

  it('still describes a lead whose stored report cannot be read, from the score and band columns', () => {
    const damaged = submissionRow({ report: { nonsense: true } as never, overallScore: 41, band: 'developing' });
    const lead = leadOf(submissionEvent('lead.submitted', damaged, q, SITE));
    expect(lead).toMatchObject({ overallScore: 41, band: 'developing', dimensionScores: {}, metrics: {}, weakestDimension: null });
    expect(lead.summary).toContain(q.workspace.submission['report-unreadable'].es);
  });

  it('refuses to build an event that does not fit version 1 (a site address that is not a URL)', () => {
    expect(() => submissionEvent('lead.submitted', row, q, 'diagnostico')).toThrow(/does not fit version 1: lead\.permalink/);
  });
});

describe('CRM events without a submission', () => {
  it('describes a masterclass sign-up with what the form asked and nothing invented', () => {
    const event = masterclassSignupEvent({ email: 'rui@example.com', name: ' Rui Costa ', locale: 'pt', sessionId: 'june' });
    expect(CrmEventSchema.parse(event)).toEqual(event);
    expect(leadOf(event)).toMatchObject({ email: 'rui@example.com', name: 'Rui Costa', locale: 'pt', masterclass: true, masterclassSession: 'june', overallScore: null, permalink: null, submissionId: null, summary: '' });
  });

  it('carries only the address and the submission on lead.erased', () => {
    const event = erasureEvent({ email: 'ana@example.com', submissionId: row.id });
    expect(CrmEventSchema.parse(event)).toEqual(event);
    expect(event).toMatchObject({ type: 'lead.erased', lead: { email: 'ana@example.com', submissionId: row.id } });
    expect(Object.keys(event.lead)).toEqual(['email', 'submissionId']);
  });
});
