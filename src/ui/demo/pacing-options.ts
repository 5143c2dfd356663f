/** Replay speeds offered, fastest first (1 = as recorded). */
export const REPLAY_SPEEDS = [1, 0.5, 0.25, 0.1] as const;
/** Slow motion: time per target pass offered, ms, shortest first. */
export const PASS_TIMES = [800, 1600, 3000, 5000] as const;
