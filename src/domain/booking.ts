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
