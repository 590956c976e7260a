import { VISIT_KEY, type FunnelEventName } from '../domain/funnel.ts';
import type { FunnelEvent } from '../domain/schemas/funnel-event.ts';
import { $locale } from './locale.ts';
import { $startedAt, $startToken } from './started.ts';

// sessionStorage, not localStorage: a visit ends with the tab, and nothing links two visits.
let memoryVisitId: string | undefined;
let asking = false;

/** A random id for this tab's visit, kept in sessionStorage (in memory when storage is blocked). */
export function visitId(): string {
  try {
    let id = sessionStorage.getItem(VISIT_KEY);
    if (!id) sessionStorage.setItem(VISIT_KEY, (id = crypto.randomUUID()));
    return id;
  } catch {
    return (memoryVisitId ??= crypto.randomUUID());
  }
}

/**
 * Reports an anonymous funnel event to `POST /api/events` with the page's
 * language and the visit id: only call it from a user action, never at load.
 * `started` goes by fetch, to read the start token the server answers; while
 * there is a start but no token, each later event asks again (the funnel counts
 * a visit's `started` once). Failures are ignored: the funnel must never get in
 * the visitor's way.
 * @example track('step', { step: 2 })
 */
export function track(name: FunnelEventName, extra?: { step?: number }): void {
  try {
    const event = (name: FunnelEventName, extra?: { step?: number }) => JSON.stringify({ name, locale: $locale.get(), visitId: visitId(), ...extra } satisfies FunnelEvent);
    if (name === 'started' || (!asking && $startedAt.get() && !$startToken.get())) {
      asking = true;
      // A string body goes out as text/plain, which the endpoint accepts.
      fetch('/api/events', { method: 'POST', body: event('started'), keepalive: true })
        .then((response) => response.json())
        .then(({ startToken }: { startToken?: unknown }) => {
          // Not after "start over", and never a later token over an earlier one.
          if (typeof startToken === 'string' && $startedAt.get() && !$startToken.get()) $startToken.set(startToken);
        })
        .catch(() => {})
        .finally(() => (asking = false));
    }
    if (name === 'started') return;
    const body = event(name, extra);
    // fetch is for browsers that refuse the beacon.
    if (!navigator.sendBeacon?.('/api/events', body)) void fetch('/api/events', { method: 'POST', body, keepalive: true }).catch(() => {});
  } catch {
    // No storage, no crypto or no network API: skip the event.
  }
}
