import type { Locale } from './locale.ts';
import type { MasterclassSession } from './schemas/offer.ts';
import { LOCALE_TAGS } from './format.ts';

/** What the timing functions read of a session (`sessions` of content/offer.yaml). */
export type SessionTiming = Pick<MasterclassSession, 'start' | 'durationMinutes'>;

/** A session as the site's pages may show it: everything but the meeting link, which only registrants get. */
export type PublicSession = Omit<MasterclassSession, 'joinUrl'>;

/**
 * The session without its meeting link, for anything sent to the browser (island props, JSON data
 * blocks): `joinUrl` is for registrants' emails only.
 */
export function publicSession({ joinUrl: _joinUrl, ...session }: MasterclassSession): PublicSession {
  return session;
}

/** When the session starts, as an instant. */
export function sessionStart(session: Pick<MasterclassSession, 'start'>): Date {
  return new Date(session.start);
}

/**
 * When the session ends: its start plus `durationMinutes`.
 * @example sessionEnd({ start: '2027-02-18T11:00:00-06:00', durationMinutes: 90 }) // 2027-02-18T18:30:00.000Z
 */
export function sessionEnd(session: SessionTiming): Date {
  return new Date(sessionStart(session).getTime() + session.durationMinutes * 60_000);
}

/**
 * The sessions still to come at `now`, soonest first: a session is no longer offered from the
 * minute it starts (joining late is for registrants, through their link). With the visitor's
 * `locale`, the sessions given in that language come first, each group soonest first; the others
 * are still listed after them, because an empty list would turn away a visitor who would gladly
 * follow a session in another language (the picker names each session's language).
 * @example upcomingSessions(offer.sessions, new Date(), 'pt') // [the Portuguese ones…, then the others…]
 */
export function upcomingSessions<S extends Pick<MasterclassSession, 'start' | 'language'>>(sessions: readonly S[], now: Date, locale?: Locale): S[] {
  const byStart = sessions.filter((session) => sessionStart(session).getTime() > now.getTime()).sort((a, b) => sessionStart(a).getTime() - sessionStart(b).getTime());
  if (!locale) return byStart;
  return [...byStart.filter((session) => session.language === locale), ...byStart.filter((session) => session.language !== locale)];
}

/** A session's date and time worded in one time zone. */
export interface SessionTimeWording {
  /** The day, e.g. "jueves, 18 de febrero de 2027" (es), "Thursday, February 18, 2027" (en). */
  date: string;
  /** Start to end, e.g. "11:00–12:00" (es), "11:00 AM – 12:00 PM" (en). */
  time: string;
  /** The zone by name and offset from UTC, e.g. "hora estándar central, GMT-6". */
  zone: string;
  /** All three as one line: "jueves, 18 de febrero de 2027, 11:00–12:00 (hora estándar central, GMT-6)". */
  text: string;
  /** The time zone these words are in (IANA name). */
  timeZone: string;
}

/** A session's time for a page or an email: as announced, and in the visitor's own time zone. */
export interface SessionTimes {
  /** In the session's time zone, as the session is announced. */
  session: SessionTimeWording;
  /**
   * In the visitor's time zone, when it is given, known to the runtime, and its clock differs from
   * the session's at that moment; else null (Lima and Bogotá, for instance, read the same time).
   */
  visitor: SessionTimeWording | null;
  /** The start as an ISO instant in UTC, for `<time datetime>`. */
  datetime: string;
}

// Building an Intl.DateTimeFormat is costly and a picker words every session twice.
const formats = new Map<string, Intl.DateTimeFormat>();
function dateFormat(locale: Locale, timeZone: string, options: Intl.DateTimeFormatOptions): Intl.DateTimeFormat {
  const key = `${locale}|${timeZone}|${JSON.stringify(options)}`;
  const found = formats.get(key) ?? new Intl.DateTimeFormat(LOCALE_TAGS[locale], { ...options, timeZone });
  formats.set(key, found);
  return found;
}

function zoneName(locale: Locale, timeZone: string, instant: Date, style: 'longGeneric' | 'shortOffset'): string {
  return dateFormat(locale, timeZone, { timeZoneName: style }).formatToParts(instant).find((part) => part.type === 'timeZoneName')?.value ?? timeZone;
}

function wording(session: SessionTiming, locale: Locale, timeZone: string): SessionTimeWording {
  const start = sessionStart(session);
  const date = dateFormat(locale, timeZone, { weekday: 'long', day: 'numeric', month: 'long', year: 'numeric' }).format(start);
  const time = dateFormat(locale, timeZone, { hour: 'numeric', minute: '2-digit' }).formatRange(start, sessionEnd(session));
  // The generic name alone can be ambiguous ("hora estándar central" is Mexico's and Chicago's): the offset settles it.
  const zone = `${zoneName(locale, timeZone, start, 'longGeneric')}, ${zoneName(locale, timeZone, start, 'shortOffset')}`;
  return { date, time, zone, text: `${date}, ${time} (${zone})`, timeZone };
}

function isKnownTimeZone(timeZone: string): boolean {
  try {
    new Intl.DateTimeFormat('en', { timeZone });
    return true;
  } catch {
    return false;
  }
}

/**
 * The session's date and time worded in the visitor's `locale`: in the session's own time zone, and
 * also in `visitorTimeZone` (the browser's, `Intl.DateTimeFormat().resolvedOptions().timeZone`) when
 * that zone's clock reads differently then. An unknown visitor zone is ignored rather than thrown on:
 * it comes from the browser.
 * @example
 * sessionTimes({ start: '2027-02-18T11:00:00-06:00', durationMinutes: 60, timeZone: 'America/Mexico_City' }, 'es', 'Europe/Madrid')
 * // session.text: "jueves, 18 de febrero de 2027, 11:00–12:00 (hora estándar central, GMT-6)"
 * // visitor.text: "jueves, 18 de febrero de 2027, 18:00–19:00 (hora de Europa central, GMT+1)"
 */
export function sessionTimes(session: SessionTiming & Pick<MasterclassSession, 'timeZone'>, locale: Locale, visitorTimeZone?: string | null): SessionTimes {
  const own = wording(session, locale, session.timeZone);
  let visitor: SessionTimeWording | null = null;
  if (visitorTimeZone && visitorTimeZone !== session.timeZone && isKnownTimeZone(visitorTimeZone)) {
    const theirs = wording(session, locale, visitorTimeZone);
    if (theirs.date !== own.date || theirs.time !== own.time) visitor = theirs;
  }
  return { session: own, visitor, datetime: sessionStart(session).toISOString() };
}

/** "Add to calendar" addresses for one session. */
export interface CalendarLinks {
  /** Google Calendar's event form, prefilled. */
  google: string;
  /** Outlook.com (personal Microsoft accounts). */
  outlook: string;
  /** Outlook on the web for work and school accounts (Microsoft 365). */
  office: string;
}

/** An instant as Google Calendar reads it: `20270218T170000Z`. */
function googleInstant(instant: Date): string {
  return instant.toISOString().replace(/\.\d{3}Z$/, 'Z').replace(/[-:]/g, '');
}

/** An instant as Outlook's compose link reads it: `2027-02-18T17:00:00Z` (no milliseconds). */
function outlookInstant(instant: Date): string {
  return instant.toISOString().replace(/\.\d{3}Z$/, 'Z');
}

/** Encodes each value with %20 for spaces: Outlook shows a `+` from URLSearchParams as a plus sign. */
function query(parameters: Record<string, string | undefined>): string {
  return Object.entries(parameters)
    .filter((entry): entry is [string, string] => entry[1] !== undefined && entry[1] !== '')
    .map(([key, value]) => `${key}=${encodeURIComponent(value)}`)
    .join('&');
}

/**
 * "Add to calendar" links for Google Calendar and Outlook, with the start and end as UTC instants so
 * each calendar shows them in its owner's own time zone. `location` is left out unless given: pass
 * the meeting link only in what registrants receive (their emails), never on a page.
 * @example calendarLinks(session, { title: 'Del caos al crecimiento', description: '…' }).google
 * // "https://calendar.google.com/calendar/render?action=TEMPLATE&text=Del%20caos…&dates=20270218T170000Z%2F20270218T180000Z&details=…"
 */
export function calendarLinks(session: SessionTiming, event: { title: string; description: string; location?: string | undefined }): CalendarLinks {
  const start = sessionStart(session);
  const end = sessionEnd(session);
  const google = query({ action: 'TEMPLATE', text: event.title, dates: `${googleInstant(start)}/${googleInstant(end)}`, details: event.description, location: event.location });
  const outlook = query({
    path: '/calendar/action/compose',
    rru: 'addevent',
    startdt: outlookInstant(start),
    enddt: outlookInstant(end),
    subject: event.title,
    body: event.description,
    location: event.location,
  });
  return {
    google: `https://calendar.google.com/calendar/render?${google}`,
    outlook: `https://outlook.live.com/calendar/0/deeplink/compose?${outlook}`,
    office: `https://outlook.office.com/calendar/0/deeplink/compose?${outlook}`,
  };
}

/**
 * Seats still free in a session of `capacity` seats when `taken` people have signed up (never below 0).
 * @example seatsLeft(100, 97) // 3
 */
export function seatsLeft(capacity: number, taken: number): number {
  return Math.max(0, capacity - Math.max(0, taken));
}

/**
 * True when no seat is left: a new sign-up then goes on the waiting list.
 * @example isFull(100, 100) // true
 */
export function isFull(capacity: number, taken: number): boolean {
  return seatsLeft(capacity, taken) === 0;
}
