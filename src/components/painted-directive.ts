import type { ClientDirective } from 'astro';

/** Runs `then` once the browser has painted the page: the second frame's callback comes after the first frame. */
const afterPaint = (then: () => void) => requestAnimationFrame(() => requestAnimationFrame(then));

/**
 * `client:painted`: hydrates an island once the browser has painted the page. The server's HTML (the
 * diagnostic's step, the results) shows first, and the island's scripts are fetched after it, never
 * competing with the first paint; a visitor who answers before then posts the plain form, which works.
 */
const painted: ClientDirective = (load) => {
  afterPaint(async () => (await load())());
};

export default painted;
export { afterPaint };
