import { useTandem } from '../store/tandem-store.ts';

/** Translations waiting behind the running one, and a way to drop them. */
export function QueueStatus() {
  const queue = useTandem((state) => state.queue);
  const clearQueue = useTandem((state) => state.clearQueue);
  if (queue.length === 0) return null;
  return (
    <div className="queue-status" data-testid="queue" data-waiting={queue.length}>
      <span>
        {queue.length === 1 ? '1 translation' : `${queue.length} translations`} waiting: each starts when the one before
        it ends.
      </span>
      <button type="button" onClick={clearQueue}>
        Clear queue
      </button>
    </div>
  );
}
