import { describe, expect, it } from 'vitest';
import { calendarLinks, isFull, publicSession, seatsLeft, sessionEnd, sessionTimes, upcomingSessions } from '../../src/domain/masterclass.ts';
import type { MasterclassSession } from '../../src/domain/schemas/offer.ts';
import { realQuestionnaire } from '../helpers/content.ts';

const session = (id: string, start: string, language: MasterclassSession['language'], timeZone: string): MasterclassSession => ({
  id, start, timeZone, language, durationMinutes: 60, joinUrl: `https://meet.example.com/${id}`, capacity: 100,
});
// 17:00, 22:00 and 16:00 UTC.
const es = session('2027-02-es', '2027-02-18T11:00:00-06:00', 'es', 'America/Mexico_City');
const pt = session('2027-02-pt', '2027-02-25T19:00:00-03:00', 'pt', 'America/Sao_Paulo');
const en = session('2027-03-en', '2027-03-18T12:00:00-04:00', 'en', 'America/New_York');
const esLater = session('2027-04-es', '2027-04-15T18:00:00-05:00', 'es', 'America/Bogota');
const all = [en, esLater, pt, es];
const ids = (list: readonly { id: string }[]) => list.map((s) => s.id);
/** Intl separates times with various spaces (narrow, thin, no-break) depending on the ICU version. */
const plain = (text: string) => text.replace(/\s+/g, ' ');

describe('upcomingSessions', () => {
  it('lists the sessions to come, soonest first', () => {
    expect(ids(upcomingSessions(all, new Date('2026-11-26T09:00:00Z')))).toEqual(['2027-02-es', '2027-02-pt', '2027-03-en', '2027-04-es']);
  });

  it('drops a session from the minute it starts, not when it ends', () => {
    expect(ids(upcomingSessions(all, new Date('2027-02-18T16:59:59Z')))).toContain('2027-02-es');
    expect(ids(upcomingSessions(all, new Date('2027-02-18T17:00:00Z')))).not.toContain('2027-02-es');
    expect(ids(upcomingSessions(all, new Date('2027-03-20T00:00:00Z')))).toEqual(['2027-04-es']);
    expect(upcomingSessions(all, new Date('2028-01-01T00:00:00Z'))).toEqual([]);
  });

  it('puts the sessions in the visitor’s language first, and still lists the others after them', () => {
    const now = new Date('2026-11-26T09:00:00Z');
    expect(ids(upcomingSessions(all, now, 'es'))).toEqual(['2027-02-es', '2027-04-es', '2027-02-pt', '2027-03-en']);
    expect(ids(upcomingSessions(all, now, 'en'))).toEqual(['2027-03-en', '2027-02-es', '2027-02-pt', '2027-04-es']);
  });

  it('leaves the list it is given as it was', () => {
    const list = [...all];
    upcomingSessions(list, new Date('2026-11-26T09:00:00Z'), 'pt');
    expect(list).toEqual(all);
  });
});

describe('sessionEnd', () => {
  it('is the start plus the duration in minutes', () => {
    expect(sessionEnd({ start: '2027-02-18T11:00:00-06:00', durationMinutes: 90 }).toISOString()).toBe('2027-02-18T18:30:00.000Z');
  });
});

describe('sessionTimes', () => {
  it('words the time as announced, in the visitor’s language', () => {
    const spanish = sessionTimes(es, 'es');
    expect(spanish.session.date).toBe('jueves, 18 de febrero de 2027');
    expect(plain(spanish.session.time)).toMatch(/^11:00 ?– ?12:00$/);
    expect(spanish.session.zone).toContain('GMT-6');
    expect(spanish.visitor).toBeNull();
    expect(spanish.datetime).toBe('2027-02-18T17:00:00.000Z');

    const portuguese = sessionTimes(pt, 'pt');
    expect(portuguese.session.date).toBe('quinta-feira, 25 de fevereiro de 2027');
    expect(plain(portuguese.session.time)).toMatch(/^19:00 ?– ?20:00$/);
    expect(portuguese.session.zone).toMatch(/Brasília, GMT-3$/);

    const english = sessionTimes(en, 'en');
    expect(english.session.date).toBe('Thursday, March 18, 2027');
    expect(plain(english.session.time)).toMatch(/^12:00 ?– ?1:00 PM$/);
    // Daylight saving in New York from 14 March 2027.
    expect(english.session.zone).toBe('Eastern Time, GMT-4');
    expect(plain(english.session.text)).toMatch(/^Thursday, March 18, 2027, 12:00 ?– ?1:00 PM \(Eastern Time, GMT-4\)$/);
  });

  it('adds the visitor’s own time when their clock reads differently', () => {
    const times = sessionTimes(es, 'es', 'Europe/Madrid');
    expect(plain(times.session.time)).toMatch(/^11:00 ?– ?12:00$/);
    expect(times.visitor?.timeZone).toBe('Europe/Madrid');
    expect(plain(times.visitor!.time)).toMatch(/^18:00 ?– ?19:00$/);
    expect(times.visitor!.zone).toContain('GMT+1');
  });

  it('moves the visitor’s date when the session falls on another day for them', () => {
    const times = sessionTimes(pt, 'en', 'Asia/Tokyo');
    expect(times.session.date).toBe('Thursday, February 25, 2027');
    expect(times.visitor!.date).toBe('Friday, February 26, 2027');
    expect(plain(times.visitor!.time)).toMatch(/^7:00 ?– ?8:00 AM$/);
  });

  it('adds nothing when the visitor’s zone reads the same clock, or is unknown', () => {
    const bogota = session('bogota', '2027-02-18T12:00:00-05:00', 'es', 'America/Bogota');
    expect(sessionTimes(bogota, 'es', 'America/Lima').visitor).toBeNull();
    expect(sessionTimes(bogota, 'es', 'America/Bogota').visitor).toBeNull();
    expect(sessionTimes(bogota, 'es', 'Mars/Olympus').visitor).toBeNull();
    expect(sessionTimes(bogota, 'es', null).visitor).toBeNull();
  });
});

describe('calendarLinks', () => {
  const event = { title: 'Del caos al crecimiento', description: 'Métricas, datos & equipos' };

  it('gives Google Calendar the UTC start and end, the title and the description', () => {
    const google = new URL(calendarLinks(es, event).google);
    expect(`${google.origin}${google.pathname}`).toBe('https://calendar.google.com/calendar/render');
    expect(google.searchParams.get('action')).toBe('TEMPLATE');
    expect(google.searchParams.get('dates')).toBe('20270218T170000Z/20270218T180000Z');
    expect(google.searchParams.get('text')).toBe(event.title);
    expect(google.searchParams.get('details')).toBe(event.description);
  });

  it('gives Outlook.com and Microsoft 365 the UTC start and end, the title and the description', () => {
    const links = calendarLinks(en, event);
    for (const [link, host] of [[links.outlook, 'outlook.live.com'], [links.office, 'outlook.office.com']] as const) {
      const url = new URL(link);
      expect(url.host).toBe(host);
      expect(url.pathname).toBe('/calendar/0/deeplink/compose');
      expect(url.searchParams.get('rru')).toBe('addevent');
      expect(url.searchParams.get('startdt')).toBe('2027-03-18T16:00:00Z');
      expect(url.searchParams.get('enddt')).toBe('2027-03-18T17:00:00Z');
      expect(url.searchParams.get('subject')).toBe(event.title);
      expect(url.searchParams.get('body')).toBe(event.description);
      // Spaces as %20: Outlook shows a "+" literally.
      expect(link).not.toContain('+');
    }
  });

  it('leaves the meeting link out unless it is given', () => {
    const links = calendarLinks(es, event);
    for (const link of Object.values(links)) {
      expect(new URL(link).searchParams.has('location')).toBe(false);
      expect(link).not.toContain('meet.example.com');
    }
    const forRegistrant = calendarLinks(es, { ...event, location: es.joinUrl });
    expect(new URL(forRegistrant.google).searchParams.get('location')).toBe(es.joinUrl);
    expect(new URL(forRegistrant.outlook).searchParams.get('location')).toBe(es.joinUrl);
  });
});

describe('seats', () => {
  it('counts the seats left, never below zero', () => {
    expect(seatsLeft(100, 0)).toBe(100);
    expect(seatsLeft(100, 97)).toBe(3);
    expect(seatsLeft(100, 100)).toBe(0);
    expect(seatsLeft(100, 130)).toBe(0);
  });

  it('is full, sending sign-ups to the waiting list, from the last seat taken', () => {
    expect(isFull(100, 99)).toBe(false);
    expect(isFull(100, 100)).toBe(true);
    expect(isFull(100, 101)).toBe(true);
  });
});

describe('publicSession', () => {
  it('strips the meeting link and keeps everything a page shows', () => {
    const shown = publicSession(es);
    expect(shown).not.toHaveProperty('joinUrl');
    expect(JSON.stringify(shown)).not.toContain('meet.example.com');
    expect(shown).toEqual({ id: es.id, start: es.start, timeZone: es.timeZone, language: es.language, durationMinutes: 60, capacity: 100 });
  });
});

describe('the sessions in content/offer.yaml', () => {
  const sessions = realQuestionnaire().offer.sessions;

  it('are each worded in every language, in their own zone and a visitor’s', () => {
    expect(sessions.length).toBeGreaterThan(0);
    for (const s of sessions) {
      for (const locale of ['es', 'pt', 'en'] as const) {
        const times = sessionTimes(s, locale, 'Pacific/Auckland');
        expect(times.session.timeZone).toBe(s.timeZone);
        expect(times.visitor?.timeZone).toBe('Pacific/Auckland');
        expect(times.datetime).toBe(new Date(s.start).toISOString());
      }
    }
  });
});
