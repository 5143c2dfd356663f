import {
  MAX_INPUT_CHARACTERS,
  type TranslateDone,
  type TranslateListener,
  type TranslateRequest,
  type WorkerStatus,
} from '../protocol/protocol.ts';
import { DEMO_ROW, type CatalogueFile } from '../models/storage/catalogue.ts';
import { browserEnvironment, type StorageEnvironment } from '../models/storage/environment.ts';
import { createModelStore } from '../models/storage/index.ts';
import { modelFileUrl, openModelCache } from '../models/storage/model-cache.ts';
import type { DownloadProgress } from '../models/storage/progress.ts';
import type { TandemWorkerApi } from '../protocol/protocol.ts';
import { createTandemClient } from '../worker-client/tandem-client.ts';
import type { Availability, TandemModelId, TranslatorBackend } from './backend.ts';
import { pairInstalled } from './pair-installed.ts';
import { domError } from './errors.ts';

export interface TandemBackendOptions {
  /** The worker to run on; the default is one worker shared by every translator on the page. */
  client?: TandemWorkerApi;
  /** Where model files are downloaded from (default: the page's own /models/). */
  modelsBaseUrl?: string;
  /** Cache Storage, fetch and origin; the browser's by default (tests pass fakes). */
  env?: StorageEnvironment;
  /** See DEFAULT_INPUT_QUOTA. */
  inputQuota?: number;
}

/** The API's input quota: the protocol's one input limit (see MAX_INPUT_CHARACTERS). */
export const DEFAULT_INPUT_QUOTA = MAX_INPUT_CHARACTERS;

let runCounter = 0;
/** Unique on this page, and unlike the app's own ids, so stops never cross. */
function nextRunId(): string {
  runCounter += 1;
  return `translator-api-${runCounter}-${Math.random().toString(36).slice(2, 8)}`;
}

let sharedClient: TandemWorkerApi | undefined;
/** One worker for all translators (and the forge) given no client: the engines load once per page. */
export function defaultClient(): TandemWorkerApi {
  sharedClient ??= createTandemClient();
  return sharedClient;
}

/** A download in progress, shared by every create() that waits for it. */
interface SharedDownload {
  done: Promise<void>;
  controller: AbortController;
  listeners: Set<(progress: DownloadProgress) => void>;
  waiting: number;
  latest: DownloadProgress | null;
}
/** Keyed by the Cache Storage they write to, so every backend on the page sees every download. */
const downloads = new WeakMap<object, Map<TandemModelId, SharedDownload>>();

/** Backends are shared per client: our runs on one worker go one after the other (see translate). */
const backends = new WeakMap<TandemWorkerApi, TandemBackend>();

let defaultBackend: TandemBackend | undefined;

export function tandemBackend(options: TandemBackendOptions = {}): TranslatorBackend {
  // The worker starts on first use, not for an availability() check, which reads Cache Storage only.
  const given = options.client;
  const client = given ? () => given : defaultClient;
  const custom = options.modelsBaseUrl !== undefined || options.env !== undefined || options.inputQuota !== undefined;
  if (custom) return new TandemBackend(client, options);
  if (!given) return (defaultBackend ??= new TandemBackend(client, options));
  let backend = backends.get(given);
  if (!backend) backends.set(given, (backend = new TandemBackend(client, options)));
  return backend;
}

/** The model's files, fetched from `modelsBaseUrl` when given (stored under /models/ either way). */
export function modelFiles(model: TandemModelId, modelsBaseUrl?: string): CatalogueFile[] {
  if (model !== 'demo' || !DEMO_ROW.download.available)
    throw domError(
      'NotSupportedError',
      'Only the demo pair can be downloaded here; install other models with the model manager.',
    );
  const base = modelsBaseUrl?.replace(/\/+$/, '');
  // The demo runs the safetensors weights; its ONNX export (for the model manager's ONNX path) is not needed.
  const needed = DEMO_ROW.download.files.filter((f) => !f.name.startsWith('onnx/'));
  return needed.map((f) => (base === undefined ? f : { ...f, url: `${base}/${f.modelId}/${f.name}` }));
}

/** Whether the worker already has this model warm (then nothing needs storing or loading). */
function isLoaded(loaded: WorkerStatus['loaded'] | undefined, model: TandemModelId): boolean {
  if (!loaded) return false;
  if (model === 'demo') return loaded.demo;
  return loaded.pair !== null && loaded.pair.target === model.target && loaded.pair.drafter === model.drafter;
}

class TandemBackend implements TranslatorBackend {
  readonly #client: () => TandemWorkerApi;
  /** The client the caller gave, if any (the default one starts only when a model is used). */
  readonly #givenClient: TandemWorkerApi | undefined;
  readonly #modelsBaseUrl: string | undefined;
  readonly #envOption: StorageEnvironment | undefined;
  #envValue: StorageEnvironment | undefined;
  readonly inputQuota: number;

  constructor(client: () => TandemWorkerApi, options: TandemBackendOptions) {
    this.#client = client;
    this.#givenClient = options.client;
    this.#modelsBaseUrl = options.modelsBaseUrl;
    this.#envOption = options.env;
    this.inputQuota = options.inputQuota ?? DEFAULT_INPUT_QUOTA;
  }

  // Made on first use: importing the library must not touch `caches` or `location`.
  get #env(): StorageEnvironment {
    this.#envValue ??= this.#envOption ?? browserEnvironment();
    return this.#envValue;
  }

  #downloads(): Map<TandemModelId, SharedDownload> {
    let map = downloads.get(this.#env.caches);
    if (!map) downloads.set(this.#env.caches, (map = new Map()));
    return map;
  }

  async availability(model: TandemModelId): Promise<Availability> {
    // Ask a worker that is already running (never start one just to look): the app's has its models warm.
    const running = this.#givenClient ?? sharedClient;
    if (running && isLoaded((await running.status()).loaded, model)) return 'available';
    if (model !== 'demo') return (await pairInstalled(this.#env, model)) ? 'available' : 'unavailable';
    if (this.#downloads().has(model)) return 'downloading';
    const cache = await openModelCache(this.#env);
    const stored = new Set((await cache.keys()).map((request) => request.url));
    const all = modelFiles(model).every((f) => stored.has(modelFileUrl(this.#env.origin, f.modelId, f.name)));
    return all ? 'available' : 'downloadable';
  }

  download(model: TandemModelId, onProgress: (fraction: number) => void, signal: AbortSignal): Promise<void> {
    signal.throwIfAborted();
    const map = this.#downloads();
    let job = map.get(model);
    if (!job) {
      const started: SharedDownload = {
        done: Promise.resolve(),
        controller: new AbortController(),
        listeners: new Set(),
        waiting: 0,
        latest: null,
      };
      const store = createModelStore(this.#env);
      started.done = store
        .download(
          DEMO_ROW.name,
          modelFiles(model, this.#modelsBaseUrl),
          (p) => {
            started.latest = p;
            for (const listener of started.listeners) listener(p);
          },
          started.controller.signal,
        )
        .then(() => undefined)
        .catch((error: unknown) => {
          // The spec's only download failure is NetworkError; the store's plain message says why.
          throw domError('NetworkError', error instanceof Error ? error.message : String(error), error);
        })
        .finally(() => map.delete(model));
      started.done.catch(() => {});
      map.set(model, (job = started));
    }
    const shared = job;
    // A caller joining late counts only the bytes still to come, so its progress starts at 0
    // (the spec's note on totalBytes: no jump from 0 to 90 %).
    const base = shared.latest?.bytes ?? 0;
    const listener = (p: DownloadProgress): void => {
      const total = p.totalBytes ?? DEMO_ROW.sizeBytes ?? 0;
      onProgress(total > base ? (p.bytes - base) / (total - base) : 0);
    };
    shared.listeners.add(listener);
    shared.waiting += 1;
    return new Promise<void>((resolve, reject) => {
      const leave = (): void => {
        shared.listeners.delete(listener);
        shared.waiting -= 1;
        signal.removeEventListener('abort', onAbort);
      };
      const onAbort = (): void => {
        leave();
        // The last caller to give up stops the download; the store removes its partial files.
        if (shared.waiting === 0) shared.controller.abort(signal.reason);
        reject(signal.reason);
      };
      signal.addEventListener('abort', onAbort, { once: true });
      shared.done.then(
        () => {
          if (signal.aborted) return;
          leave();
          resolve();
        },
        (error: unknown) => {
          if (signal.aborted) return;
          leave();
          reject(error);
        },
      );
    });
  }

  async initialize(model: TandemModelId): Promise<void> {
    if (model === 'demo') await this.#client().loadDemo();
    else await this.#client().loadPair({ target: model.target, drafter: model.drafter });
  }

  async measureInputUsage(input: string): Promise<number> {
    return this.inputQuota === Infinity ? 0 : input.length;
  }

  /**
   * The worker may be shared (the app shares its own), so a stop names this run: stop(runId)
   * ends it whether it runs or still waits its turn in the worker's queue, and never another's.
   */
  async translate(request: TranslateRequest, onEvent: TranslateListener, signal: AbortSignal): Promise<TranslateDone> {
    signal.throwIfAborted();
    const runId = nextRunId();
    const client = this.#client();
    const onAbort = (): void => void client.stop(runId).catch(() => {});
    signal.addEventListener('abort', onAbort, { once: true });
    try {
      const done = await client.translate({ ...request, runId }, (event) => {
        if (!signal.aborted) onEvent(event); // nothing reaches the caller after its abort
      });
      signal.throwIfAborted();
      return done;
    } finally {
      signal.removeEventListener('abort', onAbort);
    }
  }
}
