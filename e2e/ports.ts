import { createHash } from 'node:crypto';
import { fileURLToPath } from 'node:url';

/**
 * Ports of this checkout's test servers, derived from the checkout's path: two checkouts on one
 * machine (git worktrees, parallel CI jobs) never share a server, and `reuseExistingServer` can
 * never reuse another checkout's build. TANDEM_PORT_BASE sets the base by hand.
 */
const checkout = fileURLToPath(new URL('..', import.meta.url));
const hashed =
  20_000 + (Number.parseInt(createHash('sha1').update(checkout).digest('hex').slice(0, 6), 16) % 2000) * 10;
const base = Number(process.env.TANDEM_PORT_BASE) || hashed;

/** `vite preview` of the built app. */
export const PREVIEW_PORT = base;
/** The engine harness's Vite dev server (e2e/harness/). */
export const HARNESS_PORT = base + 1;
/** The transformers.js harness page's own server. */
export const TRANSFORMERS_PORT = base + 2;
/** The Translator API example's static server. */
export const EXAMPLE_PORT = base + 3;
