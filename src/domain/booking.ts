import type { CallRequest } from './schemas/call-request.ts';

/**
 * When a call suits the prospect, in words: the days, then the time windows, e.g.
 * "Martes, Jueves · Mañana (9 a 12 h)". `texts` are `call` of content/ui.yaml in one language.
 */
export function callTimes(request: Pick<CallRequest, 'days' | 'windows'>, texts: Record<`day-${CallRequest['days'][number]}` | `window-${CallRequest['windows'][number]}`, string>): string {
  return `${request.days.map((day) => texts[`day-${day}`]).join(', ')} · ${request.windows.map((window) => texts[`window-${window}`]).join(', ')}`;
}

/** Which query parameters a booking page reads to prefill its form (`content/offer.yaml`); a tool that reads none leaves them out. */
export interface BookingPrefill {
  name?: string | undefined;
  email?: string | undefined;
  notes?: string | undefined;
}

/**
 * The booking page's address, prefilled with what the tool reads (Cal.com: `name`, `email`,
 * `notes`; Calendly: `name`, `email`, `a1`; HubSpot Meetings: `firstname`, `email`): the visitor's
 * name and email, and the permalink of their report as the note. Parameters already in the
 * address are kept.
 */
export function bookingLink(url: string, prefill: BookingPrefill, visitor: { name?: string | undefined; email?: string | undefined; permalink?: string | undefined }): string {
  const link = new URL(url);
  const values: [string | undefined, string | undefined][] = [
    [prefill.name, visitor.name],
    [prefill.email, visitor.email],
    [prefill.notes, visitor.permalink],
  ];
  for (const [parameter, value] of values) if (parameter && value) link.searchParams.set(parameter, value);
  return link.href;
}
