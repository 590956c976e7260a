import type { ClientDirective } from 'astro';

/**
 * Runs `then` once the browser has painted the page (its first `paint` timing entry): the island's
 * scripts are fetched only after the server's HTML is on screen, never competing with it.
 */
const afterPaint = (then: () => void) =>
  new PerformanceObserver((_, observer) => {
    observer.disconnect();
    then();
  }).observe({ type: 'paint', buffered: true });

/**
 * `client:painted`: hydrates an island once the browser has painted the page. The server's HTML (the
 * diagnostic's step, the results) shows first; a visitor who answers before then posts the plain form,
 * which works, or ticks answers the island takes when it is ready.
 */
const painted: ClientDirective = (load) => {
  afterPaint(async () => (await load())());
};

export default painted;
export { afterPaint };
