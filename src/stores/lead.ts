import { atom } from 'nanostores';
import { persistentAtom } from '@nanostores/persistent';
import type { SubmissionPayload } from '../domain/schemas/submission.ts';
import { $answers, $locale, $segment } from './diagnostic.ts';
import { $metricInputs } from './results.ts';
import { $startedAt, $startToken } from './started.ts';
import { $baseline } from './baseline.ts';
import { track } from './funnel.ts';
import { isEmailAddress } from '../domain/email.ts';
import { leadFormErrors as issuesToErrors, type LeadField, type LeadMessage } from '../domain/lead-form.ts';

export type { LeadField, LeadMessage };
import { readFirstTouch } from './first-touch.ts';

export { $startedAt, $startToken, markStarted } from './started.ts';

/** What the visitor typed in the "email me the report" form, as typed. */
export interface LeadForm {
  name: string;
  email: string;
  company: string;
  role: string;
  /** An id of `companySizes` (content/segments.yaml); empty until chosen. */
  companySize: string;
  /** The business model, asked only when the numbers step was skipped; empty otherwise. */
  businessModel: string;
  /** Email me the report (required). */
  consent: boolean;
  /** A consultant may contact me (optional). */
  contactConsent: boolean;
  masterclass: boolean;
  /** The honeypot: people leave it empty. */
  website: string;
}

export interface LeadState {
  status: 'idle' | 'sending' | 'sent' | 'retrying' | 'error';
  /** What is wrong, by field; `form` for the submission as a whole. */
  errors: Partial<Record<LeadField, LeadMessage>>;
  /** The permalink of the stored results, once sent. */
  resultUrl?: string;
  /** Who it was sent to, once sent: the booking page is opened with them prefilled. */
  contact?: { name: string; email: string };
}

/** Attempts per submission, the first one included, before asking the visitor to try again. */
export const MAX_ATTEMPTS = 3;
/** Waits before the 2nd and 3rd attempts when the server gives no `Retry-After`, in ms. */
export const BACKOFF_MS = [2_000, 5_000];
/** The longest `Retry-After` worth waiting for with the visitor watching, in seconds. */
const MAX_WAIT_SECONDS = 30;

export const $lead = atom<LeadState>({ status: 'idle', errors: {} });

interface PendingSubmission {
  idempotencyKey: string;
  /** A hash of what is sent, so the key is kept only while the submission stays the same. */
  fingerprint: string;
}

// Kept across reloads: retrying the same submission later reuses its key, so the server never stores it twice.
export const $pendingSubmission = persistentAtom<PendingSubmission | undefined>('revops:pending-submission', undefined, {
  encode: (value) => (value ? JSON.stringify(value) : undefined) as string,
  decode(raw) {
    try {
      return JSON.parse(raw) as PendingSubmission;
    } catch {
      return undefined;
    }
  },
});

/** Whether the form must ask for the business model: the numbers step, which asks it, was skipped. */
export function needsBusinessModel(): boolean {
  return !$segment.get().businessModel;
}

/** The required fields' problems, checked in the browser for instant feedback. */
export function checkLeadForm(form: LeadForm): LeadState['errors'] {
  const errors: LeadState['errors'] = {};
  for (const field of ['name', 'company', 'role', 'companySize'] as const) if (!form[field].trim()) errors[field] = 'required';
  if (needsBusinessModel() && !form.businessModel) errors.businessModel = 'required';
  const email = form.email.trim();
  if (!email) errors.email = 'required';
  else if (!isEmailAddress(email)) errors.email = 'invalid-email';
  if (!form.consent) errors.consent = 'must-consent';
  return errors;
}

/** 32-bit FNV-1a: enough to tell two submissions apart without keeping the contact in localStorage. */
function hash(text: string): string {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 0x01000193);
  return (h >>> 0).toString(36);
}

function buildPayload(form: LeadForm): SubmissionPayload {
  const content = {
    answers: $answers.get(),
    metricInputs: $metricInputs.get(),
    segment: needsBusinessModel() && form.businessModel ? { ...$segment.get(), businessModel: form.businessModel } : $segment.get(),
    contact: { name: form.name.trim(), email: form.email.trim(), company: form.company.trim(), role: form.role.trim(), companySize: form.companySize },
    consent: true as const,
    contactConsent: form.contactConsent,
    masterclass: form.masterclass,
    firstTouch: readFirstTouch(),
    website: form.website,
  };
  // The language is left out: reading the results in another language is still the same submission.
  const fingerprint = hash(JSON.stringify(content));
  let pending = $pendingSubmission.get();
  if (pending?.fingerprint !== fingerprint) {
    pending = { idempotencyKey: crypto.randomUUID(), fingerprint };
    $pendingSubmission.set(pending);
  }
  const retakeOf = $baseline.get()?.token;
  return {
    locale: $locale.get(),
    ...content,
    startedAt: $startedAt.get() ?? new Date().toISOString(),
    startToken: $startToken.get(),
    ...(retakeOf ? { retakeOf } : {}),
    idempotencyKey: pending.idempotencyKey,
  };
}

/** `Retry-After` in seconds (it may also be an HTTP date), or `undefined`. */
function retryAfterSeconds(response: Response): number | undefined {
  const header = response.headers.get('retry-after');
  if (!header) return undefined;
  const seconds = Number(header);
  if (Number.isFinite(seconds)) return Math.max(0, seconds);
  const date = Date.parse(header);
  return Number.isNaN(date) ? undefined : Math.max(0, (date - Date.now()) / 1000);
}

async function post(payload: SubmissionPayload): Promise<Response | null> {
  try {
    return await fetch('/api/submissions', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(payload),
    });
  } catch {
    return null;
  }
}

async function body(response: Response): Promise<Record<string, unknown>> {
  try {
    return (await response.json()) as Record<string, unknown>;
  } catch {
    return {};
  }
}

/**
 * Sends the diagnostic with the visitor's contact to `POST /api/submissions`.
 * A network failure, a 503 or another 5xx is retried (honouring `Retry-After`)
 * up to {@link MAX_ATTEMPTS} times with the same idempotency key; the answers
 * stay in the browser whatever happens.
 */
export async function submitLead(form: LeadForm): Promise<void> {
  const { status } = $lead.get();
  if (status === 'sending' || status === 'retrying') return;
  const errors = checkLeadForm(form);
  if (Object.keys(errors).length > 0) {
    $lead.set({ status: 'error', errors });
    return;
  }
  const payload = buildPayload(form);
  $lead.set({ status: 'sending', errors: {} });
  for (let attempt = 1; ; attempt++) {
    const response = await post(payload);
    if (response && response.status < 500) {
      const data = await body(response);
      if (response.ok) {
        $pendingSubmission.set(undefined);
        $lead.set({
          status: 'sent',
          errors: {},
          resultUrl: typeof data.resultUrl === 'string' ? data.resultUrl : undefined,
          contact: { name: payload.contact.name, email: payload.contact.email },
        });
        track('report_requested');
        if (form.masterclass) track('masterclass');
      } else if (response.status === 400) {
        $lead.set({ status: 'error', errors: issuesToErrors(data.issues) });
      } else {
        $lead.set({ status: 'error', errors: { form: response.status === 429 ? 'error-rate' : 'error-invalid' } });
      }
      return;
    }
    const wait = response ? retryAfterSeconds(response) : undefined;
    if (attempt >= MAX_ATTEMPTS || (wait ?? 0) > MAX_WAIT_SECONDS) {
      $lead.set({ status: 'error', errors: { form: 'error-network' } });
      return;
    }
    $lead.set({ status: 'retrying', errors: {} });
    await new Promise((resolve) => setTimeout(resolve, wait !== undefined ? wait * 1000 : BACKOFF_MS[attempt - 1]));
  }
}
