import { describe, expect, it } from 'vitest';
import { isEmailAddress, MAX_EMAIL_LENGTH, normalizeEmail } from '../../src/domain/email.ts';
import { EmailSchema } from '../../src/domain/schemas/submission.ts';
import { checkLeadForm } from '../../src/stores/lead.ts';

const ACCEPTED = ['ana@example.com', ' Ana.Lopez+revops@Sub.Example.co ', "o'neil@example.org", 'x@a-b.example'];
const REFUSED = ['', 'ana', 'ana@example', 'ana@@example.com', 'ana @example.com', '<ana@example.com>', 'ana..lopez@example.com', 'ana@-example.com', 'ana@example..com', 'ana@exa_mple.com'];

describe('the one email rule', () => {
  it.each(ACCEPTED)('accepts %j', (email) => expect(isEmailAddress(email)).toBe(true));
  it.each(REFUSED)('refuses %j', (email) => expect(isEmailAddress(email)).toBe(false));

  it(`allows ${MAX_EMAIL_LENGTH} characters and refuses one more`, () => {
    const domain = '@example.com';
    const longest = `${'a'.repeat(64)}.${'b'.repeat(MAX_EMAIL_LENGTH - 65 - domain.length)}${domain}`;
    expect(longest).toHaveLength(MAX_EMAIL_LENGTH);
    expect(isEmailAddress(longest)).toBe(true);
    expect(isEmailAddress(`a${longest}`)).toBe(false);
  });

  it('is the rule of the lead form in the browser and of the submission schema alike', () => {
    for (const email of [...ACCEPTED, ...REFUSED]) {
      const browser = checkLeadForm({ name: 'Ana', email, company: 'Acme', role: 'CEO', companySize: 'size-1-10', businessModel: 'saas', consent: true, contactConsent: false, masterclass: false, website: '' }).email;
      const server = EmailSchema.safeParse(email).success;
      expect({ email, browser: browser === undefined, server }).toEqual({ email, browser: isEmailAddress(email), server: isEmailAddress(email) });
    }
  });

  it('stores an address trimmed and lowercase', () => {
    expect(normalizeEmail('  Ana@Example.COM ')).toBe('ana@example.com');
    expect(EmailSchema.parse('  Ana@Example.COM ')).toBe('ana@example.com');
  });
});
