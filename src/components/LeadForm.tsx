import { useEffect, useRef } from 'preact/hooks';
import type { LeadErrors } from '../domain/lead-form.ts';
import { useStore } from '@nanostores/preact';
import type { LocalQuestionnaire } from '../domain/report.ts';
import { fill } from '../domain/format.ts';
import { bookingLink } from '../domain/booking.ts';
import { $lead, needsBusinessModel, submitLead, type LeadForm as LeadFormValues, type LeadState } from '../stores/lead.ts';

interface Props {
  t: LocalQuestionnaire['ui']['lead'];
  /** The company sizes and business models to choose from (content/segments.yaml). */
  segments: Pick<LocalQuestionnaire['segments'], 'companySizes' | 'businessModels'>;
  /** The privacy policy page, linked beside the choices. */
  privacyHref: string;
  /** The masterclass title, named in the opt-in. */
  masterclassTitle: string;
  /** The call offered once the report is on its way: the texts. */
  call: LocalQuestionnaire['ui']['call'];
  /** The consultancy's booking page (content/offer.yaml), opened prefilled; without one, the permalink's own form. */
  booking?: LocalQuestionnaire['offer']['booking'];
  /** Whether the island has taken over: until then (and without JavaScript) the form is the server's `drawn` one. */
  live: boolean;
  /** Where the form posts without JavaScript: the results page. */
  action: string;
  /** The form as the server drew it: its idempotency key, what was typed and its errors after a post. */
  drawn: { idempotencyKey: string; values: Record<string, string | boolean>; errors: LeadErrors };
  /** Whether the server's form asks the business model (the numbers step, which asks it, was skipped). */
  askModel: boolean;
}

// maxLength mirrors ContactSchema's limits so the browser stops typing where the server would refuse.
const FIELDS = [
  { name: 'name', type: 'text', autoComplete: 'name', maxLength: 120, required: true },
  { name: 'email', type: 'email', autoComplete: 'email', maxLength: 254, required: true },
  { name: 'company', type: 'text', autoComplete: 'organization', maxLength: 160, required: true },
  { name: 'role', type: 'text', autoComplete: 'organization-title', maxLength: 120, required: true },
] as const;

/**
 * "Email me the full report": the visitor's contact and company (to qualify the lead), then three
 * separate, unticked choices (the report, being contacted, the masterclass); then a link to the permalink.
 */
export function LeadForm({ t, segments, privacyHref, masterclassTitle, call, booking, live, action, drawn, askModel: drawnAsk }: Props) {
  const stored = useStore($lead);
  const lead: LeadState = live ? stored : { status: 'idle', errors: drawn.errors };
  // Read once the stores are loaded from storage: the numbers step may have set it.
  const askModel = live ? needsBusinessModel() : drawnAsk;
  const value = (name: string) => (live ? undefined : drawn.values[name]);
  // The first field the server refused is focused when its page loads: without JavaScript, nothing else moves the focus to it.
  const firstError = live ? undefined : (['name', 'email', 'company', 'role', 'companySize', 'businessModel', 'consent'] as const).find((field) => drawn.errors[field]);
  const section = useRef<HTMLElement>(null);
  const busy = lead.status === 'sending' || lead.status === 'retrying';

  useEffect(() => {
    if (lead.status === 'sent') section.current?.querySelector<HTMLElement>('#lead-title')?.focus();
    else if (lead.status === 'error') section.current?.querySelector<HTMLElement>('[aria-invalid="true"]')?.focus();
  }, [lead]);

  function onSubmit(event: SubmitEvent) {
    event.preventDefault();
    const data = new FormData(event.currentTarget as HTMLFormElement);
    const text = (key: string) => String(data.get(key) ?? '');
    const values: LeadFormValues = {
      name: text('name'),
      email: text('email'),
      company: text('company'),
      role: text('role'),
      companySize: text('companySize'),
      businessModel: text('businessModel'),
      consent: data.has('consent'),
      contactConsent: data.has('contactConsent'),
      masterclass: data.has('masterclass'),
      website: text('website'),
    };
    void submitLead(values);
  }

  const error = (field: keyof typeof lead.errors) => {
    const message = lead.errors[field];
    return message ? { id: `lead-${field}-error`, text: t[message] } : undefined;
  };
  const status = lead.status === 'sending' ? t.sending : lead.status === 'retrying' ? t.retrying : lead.errors.form ? t[lead.errors.form] : '';
  const consentError = error('consent');

  return (
    <section class="card no-print" id="email-report" aria-labelledby="lead-title" ref={section}>
      {lead.status === 'sent' ? (
        <>
          <h2 id="lead-title" tabIndex={-1}>{t['sent-title']}</h2>
          <p>{t['sent-body']}</p>
          {lead.resultUrl && <p><a href={lead.resultUrl}>{t['open-permalink']}</a></p>}
          {lead.resultUrl && (
            <div class="stack" data-testid="call-offer">
              <h3>{call.title}</h3>
              <p>{call.intro}</p>
              {booking ? (
                <p>
                  <a
                    class="button"
                    data-testid="book-call"
                    href={bookingLink(booking.url, booking.prefill, { ...lead.contact, permalink: new URL(lead.resultUrl, location.href).href })}
                    rel="noopener"
                    target="_blank"
                  >
                    {call.book}
                  </a>
                </p>
              ) : (
                // The site's own form needs the stored submission: it is on the permalink.
                <p><a class="button" href={`${lead.resultUrl}#call`}>{call.request}</a></p>
              )}
            </div>
          )}
        </>
      ) : (
        <>
          <h2 id="lead-title">{t.title}</h2>
          <p>{t.intro}</p>
          <form class="lead-form" method="post" action={action} noValidate onSubmit={onSubmit}>
            <input type="hidden" name="idempotencyKey" value={drawn.idempotencyKey} />
            <div class="field-grid">
              {FIELDS.map((field) => {
                const fieldError = error(field.name);
                const id = `lead-${field.name}`;
                return (
                  <div class="field" key={field.name}>
                    <label for={id}>
                      {t[field.name]}
                      {!field.required && <span class="optional"> ({t.optional})</span>}
                    </label>
                    <input
                      id={id}
                      name={field.name}
                      type={field.type}
                      autoComplete={field.autoComplete}
                      maxLength={field.maxLength}
                      required={field.required}
                      defaultValue={value(field.name) as string | undefined}
                      autoFocus={firstError === field.name}
                      aria-invalid={fieldError ? 'true' : undefined}
                      aria-describedby={fieldError?.id}
                    />
                    {fieldError && <p class="error" id={fieldError.id}>{fieldError.text}</p>}
                  </div>
                );
              })}
              {[
                { name: 'companySize' as const, label: t['company-size'], options: segments.companySizes, shown: true },
                { name: 'businessModel' as const, label: t['business-model'], options: segments.businessModels, shown: askModel },
              ].filter((select) => select.shown).map((select) => {
                const fieldError = error(select.name);
                const id = `lead-${select.name}`;
                return (
                  <div class="field" key={select.name}>
                    <label for={id}>{select.label}</label>
                    <select id={id} name={select.name} required autoFocus={firstError === select.name} defaultValue={value(select.name) as string | undefined} aria-invalid={fieldError ? 'true' : undefined} aria-describedby={fieldError?.id}>
                      <option value="">{t.choose}</option>
                      {select.options.map((option) => <option value={option.id} key={option.id}>{option.label}</option>)}
                    </select>
                    {fieldError && <p class="error" id={fieldError.id}>{fieldError.text}</p>}
                  </div>
                );
              })}
            </div>
            <fieldset class="choices">
              <legend>{t.choices}</legend>
              <div class="check">
                <input
                  id="lead-consent"
                  name="consent"
                  type="checkbox"
                  required
                  defaultChecked={value('consent') === true}
                  autoFocus={firstError === 'consent'}
                  aria-invalid={consentError ? 'true' : undefined}
                  aria-describedby={consentError?.id}
                />
                <label for="lead-consent">{t.consent}</label>
              </div>
              {consentError && <p class="error" id={consentError.id}>{consentError.text}</p>}
              <div class="check">
                <input id="lead-contact-consent" name="contactConsent" type="checkbox" defaultChecked={value('contactConsent') === true} />
                <label for="lead-contact-consent">{t['consent-contact']}</label>
              </div>
              <div class="check">
                <input id="lead-masterclass" name="masterclass" type="checkbox" defaultChecked={value('masterclass') === true} />
                <label for="lead-masterclass">{fill(t['masterclass-opt-in'], { title: masterclassTitle })}</label>
              </div>
              <p class="small">{t['privacy-note']} <a href={privacyHref}>{t['privacy-link']}</a>.</p>
            </fieldset>
            {/* A trap for bots: hidden from people and assistive technology alike. */}
            <div class="visually-hidden" aria-hidden="true">
              <label for="lead-website">{t.website}</label>
              <input id="lead-website" name="website" type="text" tabIndex={-1} autoComplete="off" />
            </div>
            {/* aria-disabled rather than disabled, so the button keeps focus while sending. */}
            <button type="submit" class="button" aria-disabled={busy ? 'true' : undefined}>
              {busy ? t.sending : t.submit}
            </button>
          </form>
        </>
      )}
      <p class={lead.errors.form ? 'lead-status error' : 'lead-status'} role="status">{status}</p>
    </section>
  );
}
