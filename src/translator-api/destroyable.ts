import { domString } from './language-tags.ts';

/**
 * The spec's DestroyableModel plumbing (writing-assistance-apis "Common APIs" and "Obtaining results
 * and usage"): every call runs under a signal that combines the call's own `signal` with the
 * object's destruction controller, so destroy() — or the create() signal, later — ends every call
 * in flight and fails every later one with the abort reason (an "AbortError" DOMException for
 * destroy(), which is what the spec and the WPT tests, ai/resources/util.js testDestroy, require).
 */
export class Destruction {
  readonly #controller = new AbortController();

  get signal(): AbortSignal {
    return this.#controller.signal;
  }

  destroy(reason: unknown): void {
    this.#controller.abort(reason); // a second destroy() keeps the first reason
  }

  /** The composite signal of one call; TypeError for a `signal` option that is not an AbortSignal. */
  callSignal(options: { signal?: unknown } | undefined): AbortSignal {
    const own = options?.signal;
    if (own === undefined) return this.#controller.signal;
    if (!(own instanceof AbortSignal)) throw new TypeError("The 'signal' option is not an AbortSignal.");
    return AbortSignal.any([this.#controller.signal, own]);
  }

  /**
   * A promise-returning call: rejected at once with the reason when already aborted, and the moment
   * the composite signal aborts (the work is told through the same signal and its late result dropped).
   */
  run<T>(options: { signal?: unknown } | undefined, work: (signal: AbortSignal) => Promise<T>): Promise<T> {
    let signal: AbortSignal;
    try {
      signal = this.callSignal(options);
    } catch (error) {
      return Promise.reject(error);
    }
    if (signal.aborted) return Promise.reject(signal.reason);
    return new Promise<T>((resolve, reject) => {
      const onAbort = (): void => reject(signal.reason);
      signal.addEventListener('abort', onAbort, { once: true });
      work(signal)
        .then(resolve, reject)
        .finally(() => signal.removeEventListener('abort', onAbort));
    });
  }
}

export const destroyedReason = (what: string): DOMException =>
  new DOMException(`The ${what} has been destroyed.`, 'AbortError');

/** WebIDL's DOMString conversion of a required argument (TypeError when it is missing). */
export function requiredString(args: number, value: unknown, method: string): string {
  if (args < 1) throw new TypeError(`${method}: 1 argument required, but only 0 present.`);
  return domString(value);
}

/** WebIDL's check of a callback member (TypeError when it is not callable). */
export function optionalCallback<F>(value: unknown, name: string): F | undefined {
  if (value === undefined) return undefined;
  if (typeof value !== 'function') throw new TypeError(`The '${name}' option is not a function.`);
  return value as F;
}
