import { defaultDemoSources, loadDemoPair, type DemoPair, type DemoSources } from './demo-models.ts';
import { currentGpu, probeGpu, type ProbeGpu } from './gpu-probe.ts';
import { browserPairDeps } from './browser-models.ts';
import { loadPair, pairKey, type PairLoaderDeps, type RealPair } from './pair-loader.ts';
import type {
  DemoInfo,
  GpuReport,
  PairInfo,
  PairProgressListener,
  PairSelection,
  TandemWorkerApi,
  TranslateDone,
  TranslateEvent,
  TranslateListener,
  TranslateRequest,
  WorkerStatus,
} from '../protocol/protocol.ts';
import type { LoadedPair } from './loaded-pair.ts';
import type { ForgeCommand, ForgeListener, ForgeReply } from '../protocol/forge.ts';
import type { ForgeHost, ForgeHostDeps } from './forge-host.ts';
import { SerialQueue } from './serial-queue.ts';
import { runTranslation } from './translation-run.ts';

export interface TandemServiceOptions {
  /** Supplies `navigator.gpu`; tests pass a fake. */
  gpu?: () => ProbeGpu | undefined;
  /** Where the demo models are read from; tests pass the fixture folders on disk. */
  demoSources?: () => DemoSources;
  /** How real pairs are loaded for this GPU (cache-first model files); tests read fixtures from disk. */
  pairDeps?: (gpu: GpuReport) => PairLoaderDeps;
  /** The forge's storage and training engines; defaults: IndexedDB, Cache Storage, chooseTrainer. */
  forge?: Partial<Pick<ForgeHostDeps, 'repo' | 'trainers' | 'writeModel'>>;
}

/** Enough for every run a page could have queued; older ids belong to runs long finished. */
const MAX_REMEMBERED_STOPS = 64;

/**
 * The worker's implementation of the RPC. It runs in the worker (tandem.worker.ts exposes it) and
 * in-thread in tests, so it must not touch the DOM or `self.postMessage` itself.
 */
export class TandemService implements TandemWorkerApi {
  readonly #gpu: () => ProbeGpu | undefined;
  readonly #demoSources: () => DemoSources;
  /** Loaded once and kept warm; cleared on failure so that a later call can retry. */
  #demo: Promise<DemoPair> | null = null;
  #demoLoaded = false;
  /** The warm pair's selection once its engines are up (null while loading or after a failure). */
  #pairLoaded: PairSelection | null = null;
  readonly #pairDeps: (gpu: GpuReport) => PairLoaderDeps;
  /** The warm real pair, by selection; replaced (old engines disposed first) when another is chosen. */
  #pair: { key: string; loaded: Promise<RealPair> } | null = null;
  /** The worker's own GPU probe, once: it decides the engines. */
  #gpuReport: Promise<GpuReport> | null = null;
  /** The running translation's abort switch; null when idle. */
  #running: { controller: AbortController; runId: string | undefined } | null = null;
  /** Run ids stopped before their turn came (stop(runId) for a queued request). */
  readonly #stoppedWhileQueued = new Set<string>();
  /** One translation at a time; later calls wait their turn (the engines have one KV cache each). */
  readonly #queue = new SerialQueue();
  readonly #forgeOptions: TandemServiceOptions['forge'];
  /** The training host, made on the first forge command (its code is loaded only then). */
  #forge: Promise<ForgeHost> | null = null;
  #forgeHost: ForgeHost | null = null;

  constructor(options: TandemServiceOptions | (() => ProbeGpu | undefined) = {}) {
    // A bare function is the GPU supplier (the original signature, kept for callers of it).
    const resolved = typeof options === 'function' ? { gpu: options } : options;
    this.#gpu = resolved.gpu ?? currentGpu;
    this.#demoSources = resolved.demoSources ?? defaultDemoSources;
    this.#pairDeps = resolved.pairDeps ?? browserPairDeps;
    this.#forgeOptions = resolved.forge;
  }

  probeGpu(): Promise<GpuReport> {
    return probeGpu(this.#gpu());
  }

  async status(): Promise<WorkerStatus> {
    // What is installed is the page's to know (imported models live in its storage); the worker says what is warm.
    return {
      crossOriginIsolated: Boolean((globalThis as { crossOriginIsolated?: boolean }).crossOriginIsolated),
      loaded: { demo: this.#demoLoaded, pair: this.#pairLoaded },
    };
  }

  async loadDemo(): Promise<DemoInfo> {
    return (await this.#demoPair()).info;
  }

  /** Runs in the translation queue: a pair is never swapped under a running translation. */
  loadPair(selection: PairSelection, onProgress?: PairProgressListener): Promise<PairInfo> {
    const progress = onProgress ? safeCallback(onProgress) : undefined;
    return this.#queue.run(async () => (await this.#ensurePair(selection, progress)).info);
  }

  translate(request: TranslateRequest, onEvent: TranslateListener): Promise<TranslateDone> {
    return this.#queue.run(async () => {
      // Made when the run starts: a stop() sent while this call waited ended an earlier run.
      const controller = new AbortController();
      this.#running = { controller, runId: request.runId };
      // Stopped by id while it waited: it starts already aborted and ends at once, as 'aborted'.
      if (request.runId !== undefined && this.#stoppedWhileQueued.delete(request.runId)) controller.abort();
      try {
        const pair = request.pair ? await this.#ensurePair(request.pair) : await this.#demoPair();
        const learning = this.#learningFromUse(request);
        const listener = safeListener(onEvent);
        const done = await runTranslation(
          pair,
          request,
          learning ? (event) => (learning.watch(event), listener(event)) : listener,
          controller.signal,
        );
        if (learning && done.finishReason !== 'aborted') learning.record(pair);
        return done;
      } finally {
        this.#running = null;
      }
    });
  }

  /** Stops the running translation (or the one named, wherever it is); the others then go on in order. */
  async stop(runId?: string): Promise<void> {
    const running = this.#running;
    if (runId === undefined || running?.runId === runId) {
      running?.controller.abort();
      return;
    }
    this.#stoppedWhileQueued.add(runId);
    // An id that never comes (a run that already ended) must not pile up.
    if (this.#stoppedWhileQueued.size > MAX_REMEMBERED_STOPS)
      this.#stoppedWhileQueued.delete(this.#stoppedWhileQueued.values().next().value!);
  }

  async ping(): Promise<'pong'> {
    return 'pong';
  }

  /** Forge commands (src/protocol/forge.ts): distillation and measurement take turns in the translation queue. */
  async forge(command: ForgeCommand, onEvent?: ForgeListener): Promise<ForgeReply> {
    this.#forge ??= this.#createForgeHost();
    return (await this.#forge).run(command, onEvent ? safeCallback(onEvent) : () => {});
  }

  /**
   * With learning from use on (a forge command turns it on), a greedy translation of a real pair
   * hands each segment's output ids to the forge's replay buffer once it has finished.
   */
  #learningFromUse(request: TranslateRequest) {
    const host = this.#forgeHost;
    const greedy = (request.sampling?.temperature ?? 0) === 0;
    if (!host?.recordUse || !request.pair || !greedy) return null;
    const record = host.recordUse;
    const lane = request.mode === 'race' ? 'speculative' : request.mode;
    const outputs = new Map<number, number[]>();
    return {
      watch(event: TranslateEvent) {
        if (event.type !== 'step' || event.lane !== lane) return;
        const ids = outputs.get(event.segment) ?? [];
        ids.push(...event.emitted.map((token) => token.id));
        outputs.set(event.segment, ids);
      },
      record: (pair: LoadedPair) => record(request, pair, outputs),
    };
  }

  async #createForgeHost(): Promise<ForgeHost> {
    const [{ ForgeHost }, { chooseTrainer }, browser] = await Promise.all([
      import('./forge-host.ts'),
      import('./forge-trainers.ts'),
      import('./forge-browser.ts'),
    ]);
    const options = this.#forgeOptions ?? {};
    this.#forgeHost = new ForgeHost({
      repo: options.repo ?? browser.browserForgeRepo(),
      trainers: options.trainers ?? chooseTrainer,
      writeModel: options.writeModel ?? browser.writeModelToCache,
      gpu: () => this.#gpuProbe(),
      pairDeps: (gpu) => this.#pairDeps(gpu),
      pair: (selection) => this.#ensurePair(selection),
      exclusive: (work) => this.#queue.run(work),
    });
    return this.#forgeHost;
  }

  #gpuProbe(): Promise<GpuReport> {
    this.#gpuReport ??= probeGpu(this.#gpu());
    return this.#gpuReport;
  }

  /** The warm pair if it is this selection; else the old one disposed, then this one loaded. */
  async #ensurePair(selection: PairSelection, onProgress?: PairProgressListener): Promise<RealPair> {
    const key = pairKey(selection);
    if (this.#pair?.key === key) return this.#pair.loaded;
    const old = this.#pair;
    this.#pair = null;
    this.#pairLoaded = null;
    // Free the old engines' GPU buffers before the new ones allocate theirs.
    if (old)
      await old.loaded
        .then(
          (pair) => pair.dispose(),
          () => {},
        )
        .catch(() => {});
    const entry = { key, loaded: this.#gpuProbe().then((gpu) => loadPair(selection, this.#pairDeps(gpu), onProgress)) };
    this.#pair = entry;
    entry.loaded.then(
      () => {
        if (this.#pair === entry) this.#pairLoaded = { ...selection };
      },
      () => {
        if (this.#pair === entry) this.#pair = null; // a later call retries
      },
    );
    return entry.loaded;
  }

  #demoPair(): Promise<DemoPair> {
    this.#demo ??= this.#gpuProbe()
      .then((gpu) => loadDemoPair(this.#demoSources(), { gpu }))
      .then(
        (pair) => {
          this.#demoLoaded = true;
          return pair;
        },
        (error: unknown) => {
          this.#demo = null;
          throw error;
        },
      );
    return this.#demo;
  }
}

/**
 * Across the worker boundary the listener is a Comlink proxy whose calls return promises; a page
 * that went away must not turn into an unhandled rejection or stop the run half-way.
 */
function safeListener(onEvent: TranslateListener): TranslateListener {
  return safeCallback(onEvent);
}

function safeCallback<T>(onEvent: (value: T) => void): (value: T) => void {
  return (event: T) => {
    try {
      void Promise.resolve(onEvent(event) as unknown).catch(() => {});
    } catch {
      // A listener that throws is the listener's problem; the translation goes on.
    }
  };
}
