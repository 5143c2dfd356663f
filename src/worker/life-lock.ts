import { WORKER_NAME_PREFIX } from '../protocol/protocol.ts';

/**
 * Holds a Web Lock named after this worker until the worker ends. The browser releases it when
 * the worker is terminated or killed, with no `error` event and no chance to say goodbye: the
 * page, queued for the same lock, is granted it at that moment (src/worker-client/life-lock.ts).
 * Called first thing, before the worker answers any message.
 */
export function holdLifeLock(scope: { name?: string; navigator?: { locks?: LockManager } }): void {
  const name = scope.name ?? '';
  const locks = scope.navigator?.locks;
  if (!name.startsWith(WORKER_NAME_PREFIX) || !locks) return;
  void locks.request(name, () => new Promise<never>(() => {})).catch(() => {});
}
