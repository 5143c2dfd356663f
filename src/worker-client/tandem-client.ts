import { proxy, releaseProxy, wrap, type Remote } from 'comlink';
import { installErrorTransfer } from '../../workers/error-transfer.ts';
import type {
  DemoInfo,
  GpuReport,
  TandemWorkerApi,
  TranslateDone,
  TranslateListener,
  TranslateRequest,
  WorkerStatus,
} from '../../workers/protocol.ts';
import { WorkerCrashedError } from './worker-errors.ts';

/** The page's side of the RPC: the worker's API, plus a way to stop the worker. */
export interface TandemClient extends TandemWorkerApi {
  dispose(): void;
}

/** Starts the Tandem worker and returns a typed client for it. */
export function createTandemClient(): TandemClient {
  installErrorTransfer();
  const worker = new Worker(new URL('../../workers/tandem.worker.ts', import.meta.url), {
    type: 'module',
    name: 'tandem',
  });
  return new WorkerTandemClient(worker);
}

/**
 * Forwards each call through Comlink. Comlink never settles a call whose worker died, so every
 * call also races the worker's `error` event and rejects with WorkerCrashedError.
 */
class WorkerTandemClient implements TandemClient {
  readonly #worker: Worker;
  readonly #remote: Remote<TandemWorkerApi>;
  readonly #crashed: Promise<never>;

  constructor(worker: Worker) {
    this.#worker = worker;
    this.#remote = wrap<TandemWorkerApi>(worker);
    this.#crashed = new Promise<never>((_, reject) => {
      worker.addEventListener('error', (event) => {
        event.preventDefault();
        worker.terminate(); // Treated as dead from here on: say so rather than half-work.
        reject(new WorkerCrashedError(`the Tandem worker failed: ${event.message || 'it could not be loaded'}`));
      });
    });
    this.#crashed.catch(() => {}); // Rejections surface through the calls, not as unhandled.
  }

  probeGpu(): Promise<GpuReport> {
    // Remote<> distributes over the union (Promise<A> | Promise<B>); name the whole type.
    return this.#call<GpuReport>(this.#remote.probeGpu());
  }

  status(): Promise<WorkerStatus> {
    return this.#call(this.#remote.status());
  }

  loadDemo(): Promise<DemoInfo> {
    return this.#call(this.#remote.loadDemo());
  }

  /**
   * The listener stays on this side; the worker calls it through a MessageChannel of its own, so
   * its events and the call's answer travel separately. The answer is held back until the 'done'
   * event has arrived: when the promise settles, every event has been delivered.
   */
  async translate(request: TranslateRequest, onEvent: TranslateListener): Promise<TranslateDone> {
    let sawDone = (): void => {};
    const doneDelivered = new Promise<void>((resolve) => (sawDone = resolve));
    const listener: TranslateListener = (event) => {
      try {
        onEvent(event);
      } finally {
        if (event.type === 'done') sawDone();
      }
    };
    const done = await this.#call(this.#remote.translate(request, proxy(listener)));
    await this.#call(doneDelivered);
    return done;
  }

  stop(): Promise<void> {
    return this.#call(this.#remote.stop());
  }

  dispose(): void {
    this.#remote[releaseProxy]();
    this.#worker.terminate();
  }

  #call<T>(pending: Promise<T>): Promise<T> {
    return Promise.race([pending, this.#crashed]);
  }
}
