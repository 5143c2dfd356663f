import { proxy, releaseProxy, wrap, type Remote } from 'comlink';
import { installErrorTransfer } from '../protocol/error-transfer.ts';
import { WORKER_NAME_PREFIX } from '../protocol/protocol.ts';
import type {
  DemoInfo,
  GpuReport,
  PairInfo,
  PairProgressListener,
  PairSelection,
  TandemWorkerApi,
  TranslateDone,
  TranslateListener,
  TranslateRequest,
  WorkerStatus,
} from '../protocol/protocol.ts';
import type { TandemClient, WorkerConnection, WorkerLike } from './client-types.ts';
import type { ForgeCommand, ForgeListener, ForgeReply } from '../protocol/forge.ts';
import { RecoveringTandemClient, type RecoveryListener } from './recovering-client.ts';
import { startHeartbeat, type HeartbeatOptions } from './heartbeat.ts';
import { browserLocks, watchWorkerLife } from './life-lock.ts';
import { WorkerCrashedError, WorkerUnresponsiveError } from './worker-errors.ts';

export type { TandemClient, WorkerConnection, WorkerLike } from './client-types.ts';

export interface TandemClientOptions {
  /** Starts a worker named `name`; the default is the app's tandem.worker.ts. */
  createWorker?: (name: string) => WorkerLike;
  /** Told when a dead worker is replaced (see RecoveringTandemClient). */
  onRecovery?: RecoveryListener;
  /** How the page notices a worker that went silent; tests shorten it. */
  heartbeat?: HeartbeatOptions;
}

/**
 * Starts the Tandem worker and returns a typed client for it that replaces the worker, without a
 * page reload, when it crashes or loses its GPU device.
 */
export function createTandemClient(options: TandemClientOptions = {}): TandemClient {
  installErrorTransfer();
  const createWorker = options.createWorker ?? startTandemWorker;
  return new RecoveringTandemClient(() => {
    const name = `${WORKER_NAME_PREFIX}${crypto.randomUUID()}`;
    return connectToWorker(createWorker(name), options.heartbeat, name);
  }, options.onRecovery);
}

function startTandemWorker(name: string): Worker {
  return new Worker(new URL('../worker/tandem.worker.ts', import.meta.url), { type: 'module', name });
}

/** `name`: the worker's name, whose Web Lock it holds for life (none: only the heartbeat watches). */
export function connectToWorker(worker: WorkerLike, heartbeat?: HeartbeatOptions, name?: string): WorkerConnection {
  return new WorkerTandemClient(worker, heartbeat, name);
}

/**
 * Forwards each call through Comlink. Comlink never settles a call whose worker died, so every
 * call also races the worker's death, known from its `error` event, its life lock being released
 * (terminated or killed: at once) or its heartbeat going silent, and rejects with
 * WorkerCrashedError (WorkerUnresponsiveError for silence).
 */
class WorkerTandemClient implements WorkerConnection {
  readonly #worker: WorkerLike;
  readonly #remote: Remote<TandemWorkerApi>;
  readonly crashed: Promise<never>;
  #disposed = false;
  readonly #stopHeartbeat: () => void;
  /** Aborted on dispose: the life-lock watch then stays quiet. */
  readonly #released = new AbortController();

  constructor(worker: WorkerLike, heartbeat?: HeartbeatOptions, name?: string) {
    this.#worker = worker;
    this.#remote = wrap<TandemWorkerApi>(worker);
    let die!: (error: Error) => void;
    this.crashed = new Promise<never>((_, reject) => {
      die = (error) => {
        this.#stopHeartbeat();
        this.#released.abort();
        worker.terminate(); // Treated as dead from here on: say so rather than half-work.
        reject(error);
      };
    });
    this.crashed.catch(() => {}); // Rejections surface through the calls, not as unhandled.
    worker.addEventListener('error', (event) => {
      event.preventDefault();
      const message = (event as Partial<ErrorEvent>).message;
      die(new WorkerCrashedError(`the Tandem worker failed: ${message || 'it could not be loaded'}`));
    });
    this.#stopHeartbeat = startHeartbeat(
      () => this.#remote.ping(),
      (silentMs) =>
        die(
          new WorkerUnresponsiveError(
            `the Tandem worker stopped answering (no reply for ${Math.round(silentMs / 1000)} s)`,
          ),
        ),
      heartbeat,
    );
    if (name) {
      const ended = () =>
        die(new WorkerCrashedError('the Tandem worker was ended from outside (by the browser or the system)'));
      void watchWorkerLife(name, ended, { locks: browserLocks(), signal: this.#released.signal });
    }
  }

  ping(): Promise<'pong'> {
    return this.#call(this.#remote.ping());
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

  /** The progress listener stays on this side, like translate's (the worker calls it through Comlink). */
  loadPair(selection: PairSelection, onProgress?: PairProgressListener): Promise<PairInfo> {
    return this.#call(this.#remote.loadPair(selection, onProgress ? proxy(onProgress) : undefined));
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

  stop(runId?: string): Promise<void> {
    return this.#call(this.#remote.stop(runId));
  }

  /** Events come through a listener proxy, as translate's; a model zip comes back transferred. */
  forge(command: ForgeCommand, onEvent?: ForgeListener): Promise<ForgeReply> {
    return this.#call<ForgeReply>(this.#remote.forge(command, onEvent ? proxy(onEvent) : undefined));
  }

  dispose(): void {
    if (this.#disposed) return; // a released Comlink proxy throws on any use, release included
    this.#disposed = true;
    this.#released.abort();
    this.#stopHeartbeat();
    this.#remote[releaseProxy]();
    this.#worker.terminate();
  }

  #call<T>(pending: Promise<T>): Promise<T> {
    return Promise.race([pending, this.crashed]);
  }
}
