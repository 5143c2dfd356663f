/**
 * Tells the page the moment its worker is gone. The worker holds a Web Lock of its own name for
 * its whole life (src/worker/life-lock.ts); the page asks for the same lock and is granted it only
 * when the browser releases the worker's: terminated, killed for memory, or crashed without an
 * `error` event. Unlike the heartbeat, a busy worker never looks dead this way.
 */

/** How long to wait for the worker to take its lock before giving up on this (the heartbeat remains). */
const HELD_WITHIN_MS = 10_000;
const POLL_MS = 50;

export interface LifeLockOptions {
  locks?: Pick<LockManager, 'query' | 'request'>;
  /** Aborted when the page lets the worker go itself (dispose): no death is reported then. */
  signal: AbortSignal;
}

/** Calls `onDeath` once the worker that holds lock `name` has ended. Never rejects. */
export async function watchWorkerLife(name: string, onDeath: () => void, options: LifeLockOptions): Promise<void> {
  const { locks, signal } = options;
  if (!locks) return;
  try {
    // The page's request must queue behind the worker's: wait until the worker holds its lock.
    if (!(await heldWithin(locks, name, signal))) return;
    await locks.request(name, { signal }, () => {
      if (!signal.aborted) onDeath();
    });
  } catch {
    // Aborted by dispose(), or no lock manager to speak of: the heartbeat still watches.
  }
}

async function heldWithin(locks: Pick<LockManager, 'query'>, name: string, signal: AbortSignal): Promise<boolean> {
  for (let waited = 0; waited <= HELD_WITHIN_MS && !signal.aborted; waited += POLL_MS) {
    const { held = [] } = await locks.query();
    if (held.some((lock) => lock.name === name)) return true;
    await new Promise((resolve) => setTimeout(resolve, POLL_MS));
  }
  return false;
}

/** The page's Web Locks, where it has them (a secure context; not Node tests). */
export function browserLocks(): LockManager | undefined {
  return (globalThis as { navigator?: { locks?: LockManager } }).navigator?.locks;
}
