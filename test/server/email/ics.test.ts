import { describe, expect, it } from 'vitest';
import ICAL from 'ical.js';
import { masterclassInvitation, type MasterclassInvitationInput } from '../../../src/server/email/ics.ts';

// 11:00 in Mexico City (UTC-6, no daylight saving) is 17:00 UTC.
const session = { start: '2027-02-18T11:00:00-06:00', durationMinutes: 90 };
const base: MasterclassInvitationInput = {
  session,
  title: 'Del caos al crecimiento: métricas, datos; y equipos',
  description: 'Cómo ordenar métricas, datos y equipos.\nTrae tu diagnóstico.',
  joinUrl: 'https://meet.example.com/del-caos-al-crecimiento-es',
  uid: 'masterclass-3f2a@diagnostico.example.com',
};
const organizer = { name: 'Acme, RevOps', email: 'masterclass@acme.example' };
const attendee = { name: 'Ana María Pérez', email: 'ana@example.com' };

/** The file read back by an independent parser: the calendar and its one event. */
function parse(content: string) {
  const calendar = new ICAL.Component(ICAL.parse(content));
  const vevents = calendar.getAllSubcomponents('vevent');
  expect(vevents).toHaveLength(1);
  return { calendar, vevent: vevents[0]!, event: new ICAL.Event(vevents[0]!) };
}

describe('masterclassInvitation', () => {
  it('is a VEVENT starting at the session’s UTC instant and lasting its duration', () => {
    const { event, vevent } = parse(masterclassInvitation(base).content);
    expect(event.startDate.toJSDate().toISOString()).toBe('2027-02-18T17:00:00.000Z');
    // Written in UTC, not as floating local time a calendar would read in its own zone.
    expect(event.startDate.isDate).toBe(false);
    expect(event.startDate.zone?.tzid).toBe('UTC');
    expect(event.duration.toSeconds()).toBe(90 * 60);
    // DURATION or DTEND, never both (RFC 5545): this file states the duration.
    expect(vevent.getFirstProperty('dtend')).toBeNull();
    expect(event.endDate.toJSDate().toISOString()).toBe('2027-02-18T18:30:00.000Z');
  });

  it('carries the title, the meeting link as location and URL, and the link after the description', () => {
    const { event, vevent } = parse(masterclassInvitation(base).content);
    expect(event.summary).toBe(base.title);
    expect(event.location).toBe(base.joinUrl);
    expect(vevent.getFirstPropertyValue('url')).toBe(base.joinUrl);
    expect(event.description).toBe(`${base.description}\n\n${base.joinUrl}`);
  });

  it('keeps the UID it is given, so a re-sent invitation updates the same event', () => {
    const first = parse(masterclassInvitation(base).content);
    const moved = parse(masterclassInvitation({ ...base, session: { start: '2027-02-25T19:00:00-03:00', durationMinutes: 60 }, sequence: 1 }).content);
    expect(first.event.uid).toBe(base.uid);
    expect(moved.event.uid).toBe(base.uid);
    expect(first.event.sequence).toBe(0);
    expect(moved.event.sequence).toBe(1);
    expect(moved.event.startDate.toJSDate().toISOString()).toBe('2027-02-25T22:00:00.000Z');
  });

  it('is a meeting request with organizer and attendee, asking no reply', () => {
    const file = masterclassInvitation({ ...base, organizer, attendee });
    expect(file.contentType).toBe('text/calendar; charset=utf-8; method=REQUEST');
    const { calendar, event } = parse(file.content);
    expect(calendar.getFirstPropertyValue('method')).toBe('REQUEST');
    expect(event.organizer).toMatch(/^mailto:masterclass@acme\.example$/i);
    const attendees = event.attendees;
    expect(attendees).toHaveLength(1);
    expect(String(attendees[0]!.getFirstValue())).toMatch(/^mailto:ana@example\.com$/i);
    expect(attendees[0]!.getParameter('cn')).toBe(attendee.name);
    expect(String(attendees[0]!.getParameter('rsvp')).toUpperCase()).toBe('FALSE');
  });

  it('is a published event, with no organizer or attendee, when it has no organizer', () => {
    for (const file of [masterclassInvitation(base), masterclassInvitation({ ...base, attendee })]) {
      expect(file.contentType).toBe('text/calendar; charset=utf-8; method=PUBLISH');
      const { calendar, vevent } = parse(file.content);
      expect(calendar.getFirstPropertyValue('method')).toBe('PUBLISH');
      expect(vevent.getFirstProperty('organizer')).toBeNull();
      expect(vevent.getAllProperties('attendee')).toHaveLength(0);
    }
  });

  it('is named masterclass.ics and uses CRLF line endings as iCalendar requires', () => {
    const file = masterclassInvitation(base);
    expect(file.filename).toBe('masterclass.ics');
    expect(file.content.startsWith('BEGIN:VCALENDAR\r\n')).toBe(true);
    expect(file.content.replaceAll('\r\n', '')).not.toContain('\n');
  });

  it('fails loudly rather than sending a broken invitation', () => {
    expect(() => masterclassInvitation({ ...base, joinUrl: 'not a link' })).toThrow(/masterclass invitation not created/);
  });
});
