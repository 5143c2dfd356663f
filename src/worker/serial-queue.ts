/**
 * Runs tasks one at a time in the order they were added. The worker's engines hold one KV cache
 * each, so two translations must never interleave; a caller that arrives while one runs waits its
 * turn instead of being refused. A task that fails does not stop the ones behind it.
 */
export class SerialQueue {
  #tail: Promise<unknown> = Promise.resolve();
  #waiting = 0;

  /** Tasks added but not yet started. */
  get waiting(): number {
    return this.#waiting;
  }

  run<T>(task: () => Promise<T>): Promise<T> {
    this.#waiting += 1;
    const started = this.#tail.then(() => {
      this.#waiting -= 1;
      return task();
    });
    this.#tail = started.catch(() => {});
    return started;
  }
}
