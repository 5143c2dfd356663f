/** A source of uniforms in [0, 1). Seeded so that sampled runs are reproducible. */
export type Rng = () => number;

/**
 * mulberry32: tiny, fast, and good enough for sampling tokens (not for cryptography). Same seed,
 * same stream, in Node and in the browser.
 */
export function seededRng(seed: number): Rng {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
