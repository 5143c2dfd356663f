/**
 * Notices a worker that stopped answering without an `error` event: stuck in a loop, or killed by
 * the browser where its life lock cannot tell (life-lock.ts). Comlink never settles calls to such a worker, so
 * without this the page would wait forever. The worker answers `ping` between decoding steps (the
 * loop yields once a step), so only a worker that is truly stuck stays silent for long.
 */

/** How often to ask; one ping is in flight at a time. */
export const HEARTBEAT_INTERVAL_MS = 1_000;
/**
 * Silence this long means stuck. A worker that was killed is known at once from its life lock
 * (life-lock.ts); silence is left for one stuck in a loop. Not shorter: a software GPU compiling
 * shaders or a CPU engine loading weights can hold the worker's thread for seconds, and a false
 * alarm would throw away a good run.
 */
export const HEARTBEAT_TIMEOUT_MS = 15_000;

export interface HeartbeatOptions {
  intervalMs?: number;
  timeoutMs?: number;
  now?: () => number;
}

/**
 * Pings every `intervalMs`; calls `onSilent` once, with how long it waited, when a ping has gone
 * unanswered for `timeoutMs`. A ping that fails (the worker's own error) is not silence: the
 * crash path reports it. Returns a function that stops the heartbeat.
 */
export function startHeartbeat(
  ping: () => Promise<unknown>,
  onSilent: (silentMs: number) => void,
  options: HeartbeatOptions = {},
): () => void {
  const intervalMs = options.intervalMs ?? HEARTBEAT_INTERVAL_MS;
  const timeoutMs = options.timeoutMs ?? HEARTBEAT_TIMEOUT_MS;
  const now = options.now ?? Date.now;
  let stopped = false;
  let sentAt: number | null = null; // the unanswered ping's send time
  let timer: ReturnType<typeof setTimeout> | undefined;

  const tick = (): void => {
    if (stopped) return;
    if (sentAt === null) {
      const mine = now();
      sentAt = mine;
      const answered = (): void => {
        if (sentAt === mine) sentAt = null;
      };
      // A rejection is an answer too, if an unhappy one: the worker is alive enough to reply.
      ping().then(answered, answered);
    } else if (now() - sentAt >= timeoutMs) {
      stopped = true;
      onSilent(now() - sentAt);
      return;
    }
    timer = setTimeout(tick, intervalMs);
  };
  timer = setTimeout(tick, intervalMs);
  return () => {
    stopped = true;
    clearTimeout(timer);
  };
}
