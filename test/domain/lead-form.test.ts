import { describe, expect, it } from 'vitest';
import { leadFormErrors } from '../../src/domain/lead-form.ts';

const issue = (path: (string | number)[], message = 'must be something else') => ({ path, message });

describe('leadFormErrors', () => {
  it('marks an empty contact field "required", by the issue\'s message', () => {
    expect(leadFormErrors([issue(['contact', 'name'], 'required'), issue(['contact', 'email'], 'required')])).toEqual({ name: 'required', email: 'required' });
  });

  it('marks a bad email "invalid-email" and any other bad contact field "invalid"', () => {
    expect(leadFormErrors([issue(['contact', 'email']), issue(['contact', 'company']), issue(['contact', 'role']), issue(['contact', 'companySize'])])).toEqual({
      email: 'invalid-email', company: 'invalid', role: 'invalid', companySize: 'invalid',
    });
  });

  it('asks for consent whatever the consent issue says', () => {
    expect(leadFormErrors([issue(['consent'], 'must be true')])).toEqual({ consent: 'must-consent' });
  });

  it('marks a bad business model beside its picker', () => {
    expect(leadFormErrors([issue(['segment', 'businessModel'])])).toEqual({ businessModel: 'invalid' });
  });

  it('keeps the first issue of a field', () => {
    expect(leadFormErrors([issue(['contact', 'email'], 'required'), issue(['contact', 'email'], 'must be a valid email address')])).toEqual({ email: 'required' });
    expect(leadFormErrors([issue(['contact', 'email'], 'too long'), issue(['contact', 'email'], 'required')])).toEqual({ email: 'invalid-email' });
  });

  it('calls a problem with the answers, the deal size or an unknown contact field a problem with the form', () => {
    expect(leadFormErrors([issue(['answers', 'alignment-metric-owners'])])).toEqual({ form: 'error-invalid' });
    expect(leadFormErrors([issue(['segment', 'dealSize'])])).toEqual({ form: 'error-invalid' });
    expect(leadFormErrors([issue(['contact', 'phone'])])).toEqual({ form: 'error-invalid' });
    expect(leadFormErrors([issue(['startedAt'])])).toEqual({ form: 'error-invalid' });
  });

  it('puts field errors and a form error side by side', () => {
    expect(leadFormErrors([issue(['contact', 'name'], 'required'), issue(['answers', 'x']), issue(['consent'])])).toEqual({
      name: 'required', form: 'error-invalid', consent: 'must-consent',
    });
  });

  it('calls a 400 without readable issues a problem with the form', () => {
    expect(leadFormErrors([])).toEqual({ form: 'error-invalid' });
    expect(leadFormErrors(undefined)).toEqual({ form: 'error-invalid' });
    expect(leadFormErrors('Invalid submission')).toEqual({ form: 'error-invalid' });
    expect(leadFormErrors([{}])).toEqual({ form: 'error-invalid' });
  });
});
