/**
 * CreateMonitor and its downloadprogress events, as the spec fires them (writing-assistance-apis
 * "Common APIs" and "create an AI model object"): ProgressEvents with total 1, lengthComputable
 * true and `loaded` a fraction floored to 1/65 536; the download loop fires 0 first, a new value at
 * most every 50 ms, and 1 when done; an already-available model fires 0 then 1. Nothing is fired
 * after the create() signal aborted.
 */

/** The object a create() `monitor` callback receives (an EventTarget, like Chrome's). */
export class CreateMonitor extends EventTarget {
  #handler: ((event: ProgressEvent) => void) | null = null;

  get ondownloadprogress(): ((event: ProgressEvent) => void) | null {
    return this.#handler;
  }
  set ondownloadprogress(handler: ((event: ProgressEvent) => void) | null) {
    if (this.#handler) this.removeEventListener('downloadprogress', this.#handler as EventListener);
    this.#handler = typeof handler === 'function' ? handler : null;
    if (this.#handler) this.addEventListener('downloadprogress', this.#handler as EventListener);
  }
}

export type CreateMonitorCallback = (monitor: CreateMonitor) => void;

const PRECISION = 0x10000;
const MIN_INTERVAL_MS = 50;

function progressEvent(loaded: number): ProgressEvent {
  const init = { loaded, total: 1, lengthComputable: true };
  if (typeof ProgressEvent === 'function') return new ProgressEvent('downloadprogress', init);
  // Node (unit tests) has no ProgressEvent: an Event carrying the same three fields.
  return Object.assign(new Event('downloadprogress'), init) as unknown as ProgressEvent;
}

/** Turns raw download fractions into the spec's sequence of events for one create() call. */
export class ProgressReporter {
  readonly #monitor: CreateMonitor | null;
  readonly #signal: AbortSignal | undefined;
  readonly #now: () => number;
  #last = -1;
  #lastTime = -Infinity;

  constructor(
    monitor: CreateMonitor | null,
    signal: AbortSignal | undefined,
    now: () => number = () => performance.now(),
  ) {
    this.#monitor = monitor;
    this.#signal = signal;
    this.#now = now;
  }

  /** The first event of a download (or of an already-available model). */
  start(): void {
    this.#fire(0);
  }

  /** A raw fraction while downloading: quantized, throttled, never 1 before `finish()`. */
  progress(raw: number): void {
    if (this.#now() - this.#lastTime <= MIN_INTERVAL_MS) return;
    const clamped = Math.min(Math.max(raw, 0), (PRECISION - 1) / PRECISION);
    this.#fire(Math.floor(clamped * PRECISION) / PRECISION);
  }

  /** Exactly 1, last. */
  finish(): void {
    this.#fire(1);
  }

  #fire(loaded: number): void {
    // Monotonic and never repeated: the spec fires only on a changed fraction.
    if (this.#signal?.aborted || loaded <= this.#last) return;
    this.#last = loaded;
    this.#lastTime = this.#now();
    this.#monitor?.dispatchEvent(progressEvent(loaded));
  }
}
