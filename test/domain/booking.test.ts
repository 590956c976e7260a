import { describe, expect, it } from 'vitest';
import { bookingLink } from '../../src/domain/booking.ts';
import { CallRequestSchema, isTimeZone } from '../../src/domain/schemas/call-request.ts';
import { OfferSchema } from '../../src/domain/schemas/offer.ts';
import { realQuestionnaire } from '../helpers/content.ts';

describe('bookingLink', () => {
  const visitor = { name: 'Ana María', email: 'ana@example.com', permalink: 'https://diagnostico.example/es/r/abc' };

  it('prefills the parameters the booking tool reads, and only those', () => {
    const cal = new URL(bookingLink('https://cal.com/acme/30min', { name: 'name', email: 'email', notes: 'notes' }, visitor));
    expect(Object.fromEntries(cal.searchParams)).toEqual({ name: 'Ana María', email: 'ana@example.com', notes: visitor.permalink });
    const hubspot = new URL(bookingLink('https://meetings.hubspot.com/acme', { name: 'firstname', email: 'email' }, visitor));
    expect(Object.fromEntries(hubspot.searchParams)).toEqual({ firstname: 'Ana María', email: 'ana@example.com' });
  });

  it('keeps the parameters already in the address and leaves out what is unknown', () => {
    const link = new URL(bookingLink('https://calendly.com/acme/30min?month=2026-12', { name: 'name', email: 'email', notes: 'a1' }, { permalink: visitor.permalink }));
    expect(Object.fromEntries(link.searchParams)).toEqual({ month: '2026-12', a1: visitor.permalink });
    expect(bookingLink('https://cal.com/acme', {}, visitor)).toBe('https://cal.com/acme');
  });
});

describe('the booking page in content/offer.yaml', () => {
  const offer = realQuestionnaire().offer;

  it('is optional, and must be an https address when given', () => {
    expect(OfferSchema.safeParse({ ...offer, booking: undefined }).success).toBe(true);
    expect(OfferSchema.safeParse({ ...offer, booking: { url: 'https://cal.com/acme' } }).data?.booking).toEqual({ url: 'https://cal.com/acme', prefill: {} });
    const plain = OfferSchema.safeParse({ ...offer, booking: { url: 'http://cal.com/acme' } });
    expect(plain.error?.issues.map((i) => [i.path.join('.'), i.message])).toEqual([['booking.url', 'must be an https:// address']]);
    expect(OfferSchema.safeParse({ ...offer, booking: { url: 'https://cal.com/acme', prefill: { phone: 'tel' } } }).success).toBe(false);
  });
});

describe('CallRequestSchema', () => {
  it('reads ticked boxes sent once or several times, and empty optional fields as absent', () => {
    expect(CallRequestSchema.parse({ days: 'mon', windows: ['morning', 'afternoon'], timeZone: '', phone: ' ' })).toEqual({ days: ['mon'], windows: ['morning', 'afternoon'], timeZone: null, phone: null });
  });

  it('knows IANA time zones and refuses anything else', () => {
    for (const zone of ['Europe/Madrid', 'America/Sao_Paulo', 'America/Argentina/Buenos_Aires', 'UTC']) expect(isTimeZone(zone), zone).toBe(true);
    for (const zone of ['Mars/Olympus', '', '<script>', 'Europe/Madrid; DROP']) expect(isTimeZone(zone), zone).toBe(false);
  });
});
