import { createEvent, type EventAttributes } from 'ics';
import type { MasterclassSession } from '../../domain/schemas/offer.ts';

/** A person in an invitation: the consultancy as organizer, or the registrant as attendee. */
export interface InvitationPerson {
  name: string;
  email: string;
}

/** What an invitation to one masterclass session is made of. */
export interface MasterclassInvitationInput {
  /** The session (`sessions` of content/offer.yaml): its start and duration. */
  session: Pick<MasterclassSession, 'start' | 'durationMinutes'>;
  /** The event's title in the registrant's language (`title` of content/offer.yaml). */
  title: string;
  /** The event's notes in the registrant's language; the meeting link is added after it. */
  description: string;
  /** The meeting link: the event's location and URL, and repeated in its notes (Google Calendar ignores URL). */
  joinUrl: string;
  /**
   * Who sends the invitation, e.g. `{ name: 'Acme RevOps', email: 'masterclass@acme.example' }`.
   * Given with `attendee`, the file is a meeting request (see `masterclassInvitation`).
   */
  organizer?: InvitationPerson | undefined;
  /** The registrant it is sent to. */
  attendee?: InvitationPerson | undefined;
  /**
   * The event's identity, the same every time this registrant's invitation is sent, e.g.
   * `masterclass-<sign-up id>@<site host>`: a calendar that already holds the event updates it
   * instead of adding a second one. Keyed by sign-up rather than by session, so a registrant who
   * moves to another session has the same event moved.
   */
  uid: string;
  /**
   * The revision, 0 for the first invitation: add one each time the event changes (another session,
   * a new start), so calendars take the update over the copy they hold.
   */
  sequence?: number | undefined;
}

/** An `.ics` attachment, ready for the mailer. */
export interface CalendarAttachment {
  filename: 'masterclass.ics';
  /** Its `method` matches the file's METHOD, as RFC 6047 requires. */
  contentType: 'text/calendar; charset=utf-8; method=REQUEST' | 'text/calendar; charset=utf-8; method=PUBLISH';
  content: string;
}

/**
 * The invitation to a masterclass session as an iCalendar file (built with the `ics` package),
 * with the start in UTC and the duration, so every calendar shows it in its owner's time zone.
 *
 * With both `organizer` and `attendee` it is a meeting request (METHOD:REQUEST): Gmail and Outlook
 * then show it as an invitation in the message itself and put it in the calendar. RFC 5546 requires
 * an ORGANIZER and an ATTENDEE in a request, so without them it is a published event
 * (METHOD:PUBLISH), which mail clients offer to add to the calendar rather than showing a
 * half-valid request that some of them reject. The attendee is asked for no reply (RSVP=FALSE): a
 * masterclass's organizer address should not fill up with acceptances.
 *
 * @throws when `ics` rejects the event (e.g. a meeting link it cannot read as a URL).
 */
export function masterclassInvitation(input: MasterclassInvitationInput): CalendarAttachment {
  const { session, title, description, joinUrl, organizer, attendee, uid, sequence = 0 } = input;
  const method = organizer && attendee ? 'REQUEST' : 'PUBLISH';
  const event: EventAttributes = {
    productId: '-//Diagnostico RevOps//Masterclass//EN',
    method,
    uid,
    sequence,
    // A number is an instant (ms): no local-time reading by the server's own zone.
    start: Date.parse(session.start),
    startInputType: 'utc',
    startOutputType: 'utc',
    duration: { minutes: session.durationMinutes },
    title,
    description: `${description}\n\n${joinUrl}`,
    location: joinUrl,
    url: joinUrl,
    status: 'CONFIRMED',
    busyStatus: 'BUSY',
    ...(method === 'REQUEST' && organizer && attendee
      ? { organizer: { name: organizer.name, email: organizer.email }, attendees: [{ name: attendee.name, email: attendee.email, rsvp: false, partstat: 'NEEDS-ACTION', role: 'REQ-PARTICIPANT' }] }
      : {}),
  };
  const { error, value } = createEvent(event);
  if (error || !value) throw new Error(`masterclass invitation not created: ${error?.message ?? 'no output'}`);
  return { filename: 'masterclass.ics', contentType: `text/calendar; charset=utf-8; method=${method}`, content: value };
}
