// The "email me the report" form's errors, the same in the island and on the page the server draws without JavaScript.

export type LeadField = 'name' | 'email' | 'company' | 'role' | 'companySize' | 'businessModel' | 'consent' | 'form';
/** Ids of texts in the `lead` group of `content/ui.yaml`. */
export type LeadMessage = 'required' | 'invalid' | 'invalid-email' | 'must-consent' | 'error-invalid' | 'error-network' | 'error-rate';

/** What is wrong, by field; `form` for the submission as a whole. */
export type LeadErrors = Partial<Record<LeadField, LeadMessage>>;

/** The contact the form asks for, in its order: the fields of `ContactSchema`. */
export const LEAD_CONTACT_FIELDS = ['name', 'email', 'company', 'role', 'companySize'] as const satisfies readonly LeadField[];

/** Puts the API's 400 issues next to the fields they concern; anything else is a problem with the answers. */
export function leadFormErrors(issues: unknown): LeadErrors {
  const errors: LeadErrors = {};
  for (const issue of Array.isArray(issues) ? (issues as { path?: unknown[]; message?: string }[]) : []) {
    const [head, field] = issue.path ?? [];
    if (head === 'consent') errors.consent = 'must-consent';
    else if (head === 'segment' && field === 'businessModel') errors.businessModel ??= 'invalid';
    else if (head === 'contact' && (LEAD_CONTACT_FIELDS as readonly unknown[]).includes(field)) {
      errors[field as LeadField] ??= issue.message === 'required' ? 'required' : field === 'email' ? 'invalid-email' : 'invalid';
    } else errors.form = 'error-invalid';
  }
  if (Object.keys(errors).length === 0) errors.form = 'error-invalid';
  return errors;
}

