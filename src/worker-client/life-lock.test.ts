import { describe, expect, it } from 'vitest';
import { watchWorkerLife } from './life-lock.ts';

/** A lock manager with the Web Locks semantics the watcher relies on: exclusive, granted in order. */
class FakeLocks {
  readonly #held = new Map<string, Array<() => void>>();

  async query(): Promise<LockManagerSnapshot> {
    return { held: [...this.#held.keys()].map((name) => ({ name, mode: 'exclusive' as const })), pending: [] };
  }

  request(name: string, ...args: unknown[]): Promise<unknown> {
    const callback = args.at(-1) as () => unknown;
    const signal = (args.length > 1 ? (args[0] as { signal?: AbortSignal }).signal : undefined) ?? null;
    return new Promise((resolve, reject) => {
      const grant = async (): Promise<void> => {
        this.#held.set(name, this.#held.get(name) ?? []);
        resolve(await callback());
        this.release(name);
      };
      if (!this.#held.has(name)) void grant();
      else {
        this.#held.get(name)!.push(grant);
        signal?.addEventListener('abort', () => reject(new DOMException('aborted', 'AbortError')));
      }
    });
  }

  /** The holder went away (the worker died): the next in line gets the lock. */
  release(name: string): void {
    const waiting = this.#held.get(name) ?? [];
    this.#held.delete(name);
    const next = waiting.shift();
    if (next) {
      this.#held.set(name, waiting);
      void next();
    }
  }
}

const tick = () => new Promise((resolve) => setTimeout(resolve, 80));

describe('watchWorkerLife', () => {
  it('reports the worker’s death the moment its lock is released, not while it lives', async () => {
    const locks = new FakeLocks();
    void locks.request('tandem-worker-1', () => new Promise(() => {})); // the worker, for life
    const deaths: string[] = [];
    void watchWorkerLife('tandem-worker-1', () => deaths.push('dead'), {
      locks: locks as unknown as LockManager,
      signal: new AbortController().signal,
    });
    await tick();
    expect(deaths).toEqual([]);
    locks.release('tandem-worker-1'); // terminated
    await tick();
    expect(deaths).toEqual(['dead']);
  });

  it('says nothing when the page lets the worker go itself, or the worker never took its lock', async () => {
    const locks = new FakeLocks();
    void locks.request('tandem-worker-2', () => new Promise(() => {}));
    const deaths: string[] = [];
    const disposed = new AbortController();
    const watching = watchWorkerLife('tandem-worker-2', () => deaths.push('dead'), {
      locks: locks as unknown as LockManager,
      signal: disposed.signal,
    });
    await tick();
    disposed.abort();
    locks.release('tandem-worker-2');
    await watching;
    await tick();
    expect(deaths).toEqual([]);

    const never = new AbortController();
    const gaveUp = watchWorkerLife('tandem-worker-3', () => deaths.push('dead'), {
      locks: locks as unknown as LockManager,
      signal: never.signal,
    });
    await tick();
    never.abort(); // stops the wait for a lock nobody took
    await gaveUp;
    expect(deaths).toEqual([]);
  });
});
