import { describe, expect, it } from 'vitest';
import { METRIC_IDS } from '../../../src/domain/metrics.ts';
import { LEAD_STATUSES } from '../../../src/domain/lead-status.ts';
import { leadFromSubmission, masterclassSignupEvent } from '../../../src/server/crm/events.ts';
import {
  contactProperties,
  dimensionScoreProperty,
  encodeValue,
  hubspotProperties,
  metricProperty,
  splitName,
  type HubspotProperty,
} from '../../../src/server/crm/properties.ts';
import { q, SITE, submissionRow } from './fixtures.ts';

const properties = hubspotProperties(q);
const byName = new Map(properties.map((p) => [p.name, p]));
const lead = leadFromSubmission(
  submissionRow({ status: 'qualified', masterclass: true, callRequestedAt: new Date('2026-04-02T15:20:00.000Z'), companySize: q.segments.companySizes[0]!.id }),
  q,
  SITE,
  { masterclassSession: '2026-05-14' },
);

/** Whether `value` is what HubSpot takes for `property`'s declared type. */
function fitsType(property: HubspotProperty, value: unknown): boolean {
  switch (property.type) {
    case 'number':
      return typeof value === 'number' && Number.isFinite(value);
    case 'datetime':
      return Number.isInteger(value);
    case 'date':
      return Number.isInteger(value) && (value as number) % 86_400_000 === 0;
    case 'bool':
    case 'enumeration':
      return typeof value === 'string' && property.options!.some((o) => o.value === value);
    case 'string':
      return typeof value === 'string' && value.length > 0;
  }
}

describe('the HubSpot property mapping', () => {
  it('names every custom property revops_… in lowercase, once, and writes only the five standard ones besides', () => {
    const names = properties.map((p) => p.name);
    expect(new Set(names).size).toBe(names.length);
    expect(properties.filter((p) => p.standard).map((p) => p.name)).toEqual(['email', 'firstname', 'lastname', 'company', 'jobtitle']);
    for (const p of properties.filter((p) => !p.standard)) expect(p.name).toMatch(/^revops_[a-z0-9_]+$/);
  });

  it('has a number property for each dimension of the content and each computed metric', () => {
    for (const d of q.dimensions) expect(byName.get(dimensionScoreProperty(d.id))).toMatchObject({ type: 'number', fieldType: 'number' });
    for (const id of METRIC_IDS) expect(byName.get(metricProperty(id))).toMatchObject({ type: 'number', fieldType: 'number' });
    expect(metricProperty('monthlyChurnRate')).toBe('revops_monthly_churn_rate');
    expect(dimensionScoreProperty('data-quality')).toBe('revops_score_data_quality');
  });

  it('offers exactly the content’s bands, dimensions, segments and the lead statuses as enumeration options', () => {
    const values = (name: string) => byName.get(name)!.options!.map((o) => o.value);
    expect(values('revops_band')).toEqual(q.bands.overall.map((b) => b.id));
    expect(values('revops_weakest_dimension')).toEqual(q.dimensions.map((d) => d.id));
    expect(values('revops_business_model')).toEqual(q.segments.businessModels.map((s) => s.id));
    expect(values('revops_deal_size')).toEqual(q.segments.dealSizes.map((s) => s.id));
    expect(values('revops_company_size')).toEqual(q.segments.companySizes.map((s) => s.id));
    expect(values('revops_status')).toEqual([...LEAD_STATUSES]);
    expect(byName.get('revops_masterclass')).toMatchObject({ type: 'bool', fieldType: 'booleancheckbox' });
    expect(values('revops_masterclass')).toEqual(['true', 'false']);
  });

  it('labels properties and options in the language asked for, from the content', () => {
    const en = new Map(hubspotProperties(q, 'en').map((p) => [p.name, p]));
    const first = q.dimensions[0]!;
    expect(en.get(dimensionScoreProperty(first.id))!.label).toContain(first.name.en);
    expect(byName.get(dimensionScoreProperty(first.id))!.label).toContain(first.name.es);
    expect(en.get('revops_band')!.options!.map((o) => o.label)).toEqual(q.bands.overall.map((b) => b.label.en));
  });

  it('gives every value of a complete lead in the type its property declares', () => {
    const values = contactProperties(lead, properties);
    // Everything this lead knows is written: its scores, metrics, segment, status, first touch.
    for (const name of ['revops_overall_score', 'revops_band', 'revops_company_size', 'revops_weakest_dimension', 'revops_submitted_at', 'revops_call_requested_at', 'revops_first_visit', 'revops_status', 'revops_utm_source', 'revops_permalink', 'revops_masterclass_session']) {
      expect(values).toHaveProperty(name);
    }
    for (const [name, value] of Object.entries(values)) expect(fitsType(byName.get(name)!, value), `${name} = ${JSON.stringify(value)}`).toBe(true);
    expect(values.revops_masterclass).toBe('true');
    expect(values.revops_call_requested_at).toBe(Date.parse('2026-04-02T15:20:00.000Z'));
    // A visit that landed at 22:45 UTC on 10 March is dated 10 March, at midnight UTC as HubSpot requires.
    expect(values.revops_first_visit).toBe(Date.UTC(2026, 2, 10));
    expect(values.firstname).toBe('Ana');
    expect(values.lastname).toBe('María Pérez');
  });

  it('leaves out a band, status or segment the content does not declare rather than have HubSpot refuse the contact', () => {
    const values = contactProperties({ ...lead, band: 'legendary', status: 'archived', businessModel: 'crypto' }, properties);
    expect(values).not.toHaveProperty('revops_band');
    expect(values).not.toHaveProperty('revops_status');
    expect(values).not.toHaveProperty('revops_business_model');
    expect(values.revops_overall_score).toBe(lead.overallScore);
  });

  it('sends nothing for what a lead does not know, so a masterclass sign-up never clears a diagnostic’s scores', () => {
    const event = masterclassSignupEvent({ email: 'rui@example.com', name: 'Rui', locale: 'pt', sessionId: 'june' });
    if (event.type === 'lead.erased') throw new Error('unexpected');
    expect(contactProperties(event.lead, properties)).toEqual({
      email: 'rui@example.com',
      firstname: 'Rui',
      revops_masterclass: 'true',
      revops_masterclass_session: 'june',
      revops_locale: 'pt',
    });
  });

  it('refuses values that do not fit the type: text for a number, an unreadable date', () => {
    expect(encodeValue({ type: 'number' }, '12')).toBeNull();
    expect(encodeValue({ type: 'number' }, Number.NaN)).toBeNull();
    expect(encodeValue({ type: 'date' }, 'not a date')).toBeNull();
    expect(encodeValue({ type: 'datetime' }, '2026-01-01T10:00:00+02:00')).toBe(Date.UTC(2026, 0, 1, 8));
    expect(encodeValue({ type: 'string' }, '   ')).toBeNull();
  });

  it('splits a full name into its first word and the rest', () => {
    expect(splitName('  María José   García López ')).toEqual({ firstname: 'María', lastname: 'José García López' });
    expect(splitName('Cher')).toEqual({ firstname: 'Cher', lastname: null });
    expect(splitName(null)).toEqual({ firstname: null, lastname: null });
  });
});
