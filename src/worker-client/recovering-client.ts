import type {
  DemoInfo,
  GpuReport,
  PairInfo,
  PairProgressListener,
  PairSelection,
  TranslateDone,
  TranslateListener,
  TranslateRequest,
  WorkerStatus,
} from '../protocol/protocol.ts';
import type { ForgeCommand, ForgeListener, ForgeReply } from '../protocol/forge.ts';
import type { TandemClient, WorkerConnection } from './client-types.ts';
import { needsNewWorker, WorkerCrashedError } from './worker-errors.ts';

/** A call's outcome, kept rather than thrown: a restart reports what worked and what did not. */
export type Outcome<T> = { ok: true; value: T } | { ok: false; error: Error };

export type RecoveryEvent =
  /** The worker died (or lost its GPU device); a new one is starting. */
  | { type: 'restarting'; cause: Error }
  /** The new worker answered: its GPU probe, its status and, if the demo was in use, the reload. */
  | {
      type: 'restarted';
      cause: Error;
      gpu: Outcome<GpuReport>;
      status: Outcome<WorkerStatus>;
      demo: Outcome<DemoInfo> | null;
      /** The last selected real pair, loaded again in the new worker; absent when none was selected. */
      pair?: Outcome<PairInfo> | null;
    }
  /** Too many crashes in a short time: restarting again would only loop. */
  | { type: 'gave-up'; cause: Error; restarts: number };

export type RecoveryListener = (event: RecoveryEvent) => void;

/** More than this many restarts within RESTART_WINDOW_MS means the crash is not a one-off. */
export const MAX_RESTARTS = 3;
export const RESTART_WINDOW_MS = 60_000;

/**
 * A TandemClient that outlives its worker. When the worker's `error` event fires, or a call fails
 * with an error after which the engines cannot be trusted (needsNewWorker), the worker is
 * terminated and a new one started; it is probed and, if the demo had been asked for, the demo is
 * loaded again, and the listener is told. The call that saw the crash still fails (its work is
 * lost, and the user should know); calls made during the restart wait for it and then go to the
 * new worker.
 */
export class RecoveringTandemClient implements TandemClient {
  readonly #start: () => WorkerConnection;
  readonly #onRecovery: RecoveryListener;
  readonly #now: () => number;
  #connection: WorkerConnection;
  /** Settles when the current connection is warmed up (immediately for the first one). */
  #ready: Promise<void> = Promise.resolve();
  #demoWanted = false;
  /** The last pair asked for: a new worker loads it again. */
  #pairWanted: PairSelection | null = null;
  #restartTimes: number[] = [];
  #gaveUp: Error | null = null;
  #disposed = false;

  constructor(start: () => WorkerConnection, onRecovery: RecoveryListener = () => {}, now: () => number = Date.now) {
    this.#start = start;
    this.#onRecovery = onRecovery;
    this.#now = now;
    this.#connection = this.#watch(start());
  }

  probeGpu(): Promise<GpuReport> {
    return this.#use((c) => c.probeGpu());
  }

  status(): Promise<WorkerStatus> {
    return this.#use((c) => c.status());
  }

  loadDemo(): Promise<DemoInfo> {
    this.#demoWanted = true; // even if this load dies with the worker, the next worker loads it
    return this.#use((c) => c.loadDemo());
  }

  loadPair(selection: PairSelection, onProgress?: PairProgressListener): Promise<PairInfo> {
    this.#pairWanted = { ...selection }; // as for the demo: the next worker loads it even if this one dies
    return this.#use((c) => c.loadPair(selection, onProgress));
  }

  translate(request: TranslateRequest, onEvent: TranslateListener): Promise<TranslateDone> {
    if (request.pair) this.#pairWanted = { ...request.pair };
    return this.#use((c) => c.translate(request, onEvent));
  }

  stop(runId?: string): Promise<void> {
    return this.#use((c) => c.stop(runId));
  }

  ping(): Promise<'pong'> {
    return this.#use((c) => c.ping());
  }

  /** A forge run dies with its worker; its job is in IndexedDB, so the page resumes it on the new one. */
  forge(command: ForgeCommand, onEvent?: ForgeListener): Promise<ForgeReply> {
    return this.#use((c) => c.forge(command, onEvent));
  }

  dispose(): void {
    this.#disposed = true;
    this.#connection.dispose();
  }

  async #use<T>(call: (connection: WorkerConnection) => Promise<T>): Promise<T> {
    // A restart may begin while we wait for another one: wait until the newest is warm.
    let ready: Promise<void>;
    do {
      ready = this.#ready;
      await ready;
    } while (ready !== this.#ready);
    if (this.#gaveUp)
      throw new WorkerCrashedError('the translation worker keeps failing; reload the page', { cause: this.#gaveUp });
    const connection = this.#connection;
    try {
      return await call(connection);
    } catch (error) {
      if (needsNewWorker(error)) this.#replace(connection, error);
      throw error;
    }
  }

  #watch(connection: WorkerConnection): WorkerConnection {
    connection.crashed.catch((error: unknown) => this.#replace(connection, asError(error)));
    return connection;
  }

  /** Replaces `dead` unless it was already replaced (a crash is seen by its event and its calls). */
  #replace(dead: WorkerConnection, cause: Error): void {
    if (dead !== this.#connection || this.#disposed || this.#gaveUp) return;
    dead.dispose();
    const now = this.#now();
    this.#restartTimes = [...this.#restartTimes.filter((t) => now - t < RESTART_WINDOW_MS), now];
    if (this.#restartTimes.length > MAX_RESTARTS) {
      this.#gaveUp = cause;
      this.#onRecovery({ type: 'gave-up', cause, restarts: this.#restartTimes.length - 1 });
      return;
    }
    this.#onRecovery({ type: 'restarting', cause });
    const next = this.#watch(this.#start());
    this.#connection = next;
    this.#ready = this.#warmUp(next, cause);
  }

  async #warmUp(connection: WorkerConnection, cause: Error): Promise<void> {
    const [gpu, status] = await Promise.all([settle(connection.probeGpu()), settle(connection.status())]);
    const demo = this.#demoWanted ? await settle(connection.loadDemo()) : null;
    const pair = this.#pairWanted ? await settle(connection.loadPair(this.#pairWanted)) : null;
    // If this worker died too, its own replacement reports; this one's results are stale.
    if (connection !== this.#connection) return;
    this.#onRecovery({ type: 'restarted', cause, gpu, status, demo, pair });
  }
}

async function settle<T>(pending: Promise<T>): Promise<Outcome<T>> {
  try {
    return { ok: true, value: await pending };
  } catch (error) {
    return { ok: false, error: asError(error) };
  }
}

function asError(error: unknown): Error {
  return error instanceof Error ? error : new Error(String(error));
}
