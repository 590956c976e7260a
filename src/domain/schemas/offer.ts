import { z } from 'astro/zod';
import { LocalizedTextSchema, required } from './text.ts';
import { LOCALES } from '../locale.ts';
import { isTimeZone } from './call-request.ts';

/**
 * The UTC offset of `timeZone` at `instant`, in minutes east of UTC (Bogotá: -300, Madrid in
 * summer: 120). Daylight saving is why it takes an instant: New York is -300 in January, -240 in July.
 * @example utcOffsetMinutes('America/Sao_Paulo', new Date('2027-02-25T22:00:00Z')) // -180
 */
export function utcOffsetMinutes(timeZone: string, instant: Date): number {
  const name = new Intl.DateTimeFormat('en-US', { timeZone, timeZoneName: 'longOffset' }).formatToParts(instant).find((part) => part.type === 'timeZoneName')?.value ?? '';
  // "GMT-05:00", "GMT+05:30", or plain "GMT" at zero.
  const match = /^GMT([+-])(\d{2}):(\d{2})$/.exec(name);
  return match ? (match[1] === '-' ? -1 : 1) * (Number(match[2]) * 60 + Number(match[3])) : 0;
}

/** `-300` → `-05:00`, as written at the end of an ISO date-time. */
function offsetText(minutes: number): string {
  const sign = minutes < 0 ? '-' : '+';
  const abs = Math.abs(minutes);
  return `${sign}${String(Math.floor(abs / 60)).padStart(2, '0')}:${String(abs % 60).padStart(2, '0')}`;
}

/** The offset written at the end of an ISO date-time, in minutes: `-05:00` → -300, `Z` → 0. */
function writtenOffsetMinutes(start: string): number {
  const match = /([+-])(\d{2}):(\d{2})$/.exec(start);
  return match ? (match[1] === '-' ? -1 : 1) * (Number(match[2]) * 60 + Number(match[3])) : 0;
}

/**
 * The same wall-clock time with the offset `timeZone` really has then, for the error message:
 * the author most likely got the clock right and the offset wrong (a daylight-saving change).
 */
function correctedStart(start: string, timeZone: string): string {
  const wallClock = start.replace(/(Z|[+-]\d{2}:\d{2})$/, '');
  const asUtc = Date.parse(`${wallClock}Z`);
  // Twice: the offset at the guessed instant can differ from the one at the real instant near a change.
  let offset = utcOffsetMinutes(timeZone, new Date(asUtc));
  offset = utcOffsetMinutes(timeZone, new Date(asUtc - offset * 60_000));
  return `${wallClock}${offsetText(offset)}`;
}

const SESSION_ID = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;

const SessionStartSchema = z.iso.datetime({
  offset: true,
  error: (issue) => (issue.input === undefined ? 'required' : 'must be a date and time with its UTC offset, e.g. 2027-02-18T11:00:00-06:00'),
});

export const MasterclassSessionSchema = z
  .strictObject({
    id: z.string(required).regex(SESSION_ID, 'must be lowercase letters, digits and dashes, e.g. 2027-02-es').max(60, 'must be at most 60 characters').meta({
      description:
        'A short name for this session, e.g. `2027-02-es`: lowercase letters, digits and dashes. Sign-ups ' +
        'are stored under it, so never change it or reuse it once people have signed up. To move a session, ' +
        'change its `start` and keep its `id`.',
    }),
    start: SessionStartSchema.meta({
      description:
        "When it starts, as the clock reads in `timeZone`, followed by that zone's UTC offset on that " +
        'day: `2027-02-18T11:00:00-06:00` is 11:00 in Mexico City. Mind daylight saving: New York is ' +
        '`-05:00` in winter and `-04:00` from mid-March. A wrong offset is reported with the right one. ' +
        'Past sessions may stay in the file: the site stops offering a session once it has started.',
    }),
    timeZone: z.string(required).refine(isTimeZone, 'must be a time zone such as America/Bogota').meta({
      description:
        'The time zone the session is announced in, as an IANA name: `America/Mexico_City`, ' +
        '`America/Bogota`, `America/Sao_Paulo`, `America/New_York`, `Europe/Madrid`… Pages show the time ' +
        "in this zone, and also in the visitor's own when it differs.",
    }),
    durationMinutes: z
      .number({ error: (issue) => (issue.input === undefined ? 'required' : 'must be a number of minutes, e.g. 60') })
      .int('must be a whole number of minutes')
      .min(1, 'must be at least 1 minute')
      .max(600, 'must be at most 600 minutes')
      .meta({ description: 'How long it lasts, in minutes, e.g. `60`.' }),
    language: z.enum(LOCALES, { error: (issue) => (issue.input === undefined ? 'required' : 'must be es, pt or en') }).meta({
      description: 'The language it is given in: `es`, `pt` or `en`. Visitors see the sessions in their language first.',
    }),
    joinUrl: z.url({ protocol: /^https$/, error: (issue) => (issue.input === undefined ? 'required' : 'must be an https:// address') }).meta({
      description:
        'The meeting link (Zoom, Google Meet, Teams…), https. Only people who signed up get it, in their ' +
        'invitation and reminders; it is never shown on the site.',
    }),
    capacity: z
      .number({ error: (issue) => (issue.input === undefined ? 'required' : 'must be a number of seats, e.g. 100') })
      .int('must be a whole number of seats')
      .min(1, 'must be at least 1 seat')
      .meta({ description: 'How many people can sign up, e.g. `100`. Past that, sign-ups join the waiting list.' }),
  })
  .superRefine(
    (session, ctx) => {
      // Run even when another field is wrong (see `when`), but only on a start and time zone that passed their own checks.
      if (typeof session.start !== 'string' || typeof session.timeZone !== 'string' || !isTimeZone(session.timeZone)) return;
      if (!SessionStartSchema.safeParse(session.start).success) return;
      const instant = new Date(session.start);
      const written = writtenOffsetMinutes(session.start);
      const actual = utcOffsetMinutes(session.timeZone, instant);
      if (written === actual) return;
      ctx.addIssue({
        code: 'custom',
        path: ['start'],
        message: `the offset ${offsetText(written)} is not ${session.timeZone}'s at that time (it is ${offsetText(actual)}); for ${session.start.slice(11, 16)} there, write ${correctedStart(session.start, session.timeZone)}`,
      });
    },
    { when: (payload) => typeof payload.value === 'object' && payload.value !== null },
  )
  .meta({ description: 'One date of the masterclass, in `sessions` of `content/offer.yaml`.' });
export type MasterclassSession = z.infer<typeof MasterclassSessionSchema>;

export const OfferSchema = z.strictObject({
  title: LocalizedTextSchema.meta({ description: 'The masterclass title, e.g. "Del caos al crecimiento".' }),
  description: LocalizedTextSchema.meta({ description: 'Two or three sentences: what the visitor learns and why now.' }),
  cta: LocalizedTextSchema.meta({ description: "The sign-up button's text." }),
  format: LocalizedTextSchema.meta({ description: 'When and how it takes place, e.g. "Online, 60 minutes, free".' }),
  sessions: z
    .array(MasterclassSessionSchema)
    .default([])
    .superRefine(
      (sessions, ctx) => {
        const seen = new Set<string>();
        sessions.forEach((session, index) => {
          // Checked even when another field of a session is wrong, so every problem is listed at once.
          const id: unknown = (session as Partial<typeof session> | null)?.id;
          if (typeof id !== 'string') return;
          if (seen.has(id)) ctx.addIssue({ code: 'custom', path: [index, 'id'], message: `duplicate session id "${id}": each session needs its own` });
          seen.add(id);
        });
      },
      { when: (payload) => Array.isArray(payload.value) },
    )
    .meta({
      description:
        'The confirmed dates of the masterclass, one entry per session (one per language is usual). ' +
        'Visitors pick one when they sign up; once a session has started, it is no longer offered. ' +
        'Leave the list empty (`sessions: []`) when no date is confirmed: sign-ups are then kept and ' +
        'told when the next one is set.',
    }),
  booking: z
    .strictObject({
      url: z.url({ protocol: /^https$/, error: 'must be an https:// address' }).meta({ description: 'The scheduling link, https.' }),
      prefill: z.strictObject({ name: z.string().min(1).optional(), email: z.string().min(1).optional(), notes: z.string().min(1).optional() }).default({}).meta({
        description:
          "The query parameters the tool reads to prefill its form, for the visitor's name and email and " +
          'the permalink of their report (as a note); leave out those it does not read. Cal.com: `name`, ' +
          '`email`, `notes`; Calendly: `name`, `email`, `a1`; HubSpot Meetings: `firstname`, `email`.',
      }),
    })
    .optional()
    .meta({
      description:
        "The consultancy's booking page (Cal.com, HubSpot Meetings, Calendly…), offered on the results, " +
        'the permalink and the report email. Leave it out to use the site\'s own "request a call" form, ' +
        'which stores the request and tells the consultants.',
    }),
})
    .meta({ description: '`content/offer.yaml`: the masterclass offered on the results page and in the email.' });
export type Offer = z.infer<typeof OfferSchema>;
