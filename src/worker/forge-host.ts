import { readCheckpoint } from '../llama/checkpoint.ts';
import { readLlamaConfig } from '../llama/config.ts';
import { loadLlamaWeights } from '../llama/weights.ts';
import { importTurns } from '../forge/import-dataset.ts';
import type { JobRepository } from '../forge/job-store.ts';
import type { ForgeJob } from '../forge/job.ts';
import { memoryFolderSource, zipFolder, type FolderFiles } from '../forge/model-folder.ts';
import { ForgeRunner, installedModelId, type ForgeDeps } from '../forge/runner.ts';
import type { TrainerFactory } from '../forge/fine-tune.ts';
import type { ForgeCommand, ForgeListener, ForgeReply } from '../protocol/forge.ts';
import type { GpuReport, PairSelection, TranslateRequest } from '../protocol/protocol.ts';
import { adaptRound, recordUse } from './forge-learn.ts';
import type { LoadedPair } from './loaded-pair.ts';
import type { CausalLM } from '../speculative/causal-lm.ts';
import { MAX_DRAFT_LENGTH } from '../speculative/draft-policy.ts';
import { chooseSafetensorsEngine } from './engine-choice.ts';
import {
  loadPair,
  PAIR_MAX_SEQUENCE,
  pairKey,
  resolveModelId,
  type PairLoaderDeps,
  type RealPair,
} from './pair-loader.ts';

/**
 * The worker's training host: runs forge commands on the worker's own engines. Distillation and
 * measurement take the translation queue one sentence at a time (a translation asked for meanwhile
 * runs between two sentences), with the warm pair the job names; training runs beside the queue
 * (it needs no pair). One run per job; `pause` stops it at the next sentence or batch.
 */

export interface ForgeHostDeps {
  repo: JobRepository;
  gpu(): Promise<GpuReport>;
  pairDeps(gpu: GpuReport): PairLoaderDeps;
  /** The warm pair for a selection (loading it, and freeing another, when needed). */
  pair(selection: PairSelection): Promise<RealPair>;
  exclusive<T>(work: () => Promise<T>): Promise<T>;
  /** Picks the training engine for this GPU. */
  trainers(gpu: GpuReport): Promise<TrainerFactory>;
  /** Writes a model folder into the model store (all of it, or nothing). */
  writeModel(modelId: string, files: FolderFiles): Promise<void>;
}

interface ForgeEngines {
  pairDeps: PairLoaderDeps;
  pairOf(selection: PairSelection): Promise<RealPair>;
  createTrainer: TrainerFactory;
  loadDrafter(files: FolderFiles, selection: PairSelection): Promise<CausalLM>;
}

export class ForgeHost {
  readonly #deps: ForgeHostDeps;
  readonly #running = new Map<string, AbortController>();
  /** On a software adapter: the forge's own pair on the CPU engines (see #pair). */
  #cpuPair: { key: string; loaded: Promise<RealPair> } | null = null;

  constructor(deps: ForgeHostDeps) {
    this.#deps = deps;
  }

  /** Set while learning from use is on: the service calls it after each finished translation. */
  recordUse: ((request: TranslateRequest, pair: LoadedPair, outputs: ReadonlyMap<number, number[]>) => void) | null =
    null;

  async run(command: ForgeCommand, onEvent: ForgeListener): Promise<ForgeReply> {
    if (command.kind === 'learn-from-use') {
      const kv = this.#deps.repo.kv;
      this.recordUse = command.enabled
        ? (request, pair, outputs) => void recordUse(kv, request, pair, outputs).catch(() => {})
        : null;
      return { kind: 'learn-from-use', enabled: command.enabled };
    }
    if (command.kind === 'adapt') return this.#adapt(command);
    if (command.kind === 'ready') {
      await this.#engines();
      return { kind: 'ready' };
    }
    const jobId = command.jobId;
    if (command.kind === 'pause') {
      const running = this.#running.get(jobId);
      running?.abort();
      return { kind: 'pause', paused: running !== undefined };
    }
    const runner = await this.#runner();
    switch (command.kind) {
      case 'distill':
        return this.#exclusiveRun(jobId, async (signal) => ({
          kind: 'distill',
          ...(await runner.distill(jobId, signal, (progress) => onEvent({ type: 'distill', jobId, progress }))),
        }));
      case 'train':
        return this.#exclusiveRun(jobId, async (signal) => ({
          kind: 'train',
          ...(await runner.train(jobId, signal, (progress) => onEvent({ type: 'train', jobId, progress }))),
        }));
      case 'evaluate':
        return this.#exclusiveRun(jobId, async (signal) => {
          const report = await runner.evaluate(jobId, signal, (progress) =>
            onEvent({ type: 'evaluate', jobId, progress }),
          );
          return { kind: 'evaluate', report, job: await runner.job(jobId) };
        });
      case 'install':
        return { kind: 'install', ...(await runner.install(jobId)) };
      case 'import-dataset':
        return { kind: 'import-dataset', job: await this.#importDataset(runner, command) };
      case 'export-dataset': {
        const job = await runner.job(jobId);
        return { kind: 'export-dataset', jsonl: await runner.datasetJsonl(job, ['train', 'heldOut']) };
      }
      case 'export-model': {
        const job = await runner.job(jobId);
        const folder = installedModelId(job);
        return { kind: 'export-model', fileName: `${folder}.zip`, zip: zipFolder(folder, await runner.folder(job)) };
      }
    }
  }

  async #adapt(command: Extract<ForgeCommand, { kind: 'adapt' }>): Promise<ForgeReply> {
    const engines = await this.#engines();
    return adaptRound(
      {
        kv: this.#deps.repo.kv,
        pair: engines.pairOf,
        pairDeps: engines.pairDeps,
        createTrainer: engines.createTrainer,
        loadDrafter: engines.loadDrafter,
        writeModel: (id, files) => this.#deps.writeModel(id, files),
        exclusive: (work) => this.#deps.exclusive(work),
      },
      command,
    );
  }

  async #exclusiveRun<T>(jobId: string, work: (signal: AbortSignal) => Promise<T>): Promise<T> {
    if (this.#running.has(jobId)) throw new Error(`forge job ${jobId} is already running`);
    const controller = new AbortController();
    this.#running.set(jobId, controller);
    try {
      return await work(controller.signal);
    } finally {
      this.#running.delete(jobId);
    }
  }

  async #importDataset(
    runner: ForgeRunner,
    command: Extract<ForgeCommand, { kind: 'import-dataset' }>,
  ): Promise<ForgeJob> {
    let job = await runner.job(command.jobId);
    const pair = await this.#deps.exclusive(() => runner.deps.pair(job));
    const train = importTurns(command.train, pair);
    const heldOut = importTurns(command.heldOut, pair);
    await this.#deps.repo.saveOutputs(job.id, 'train', train);
    await this.#deps.repo.saveOutputs(job.id, 'heldOut', heldOut);
    job = { ...job, stage: 'distilled', distilled: { train: train.length, heldOut: heldOut.length } };
    await this.#deps.repo.saveJob(job);
    return job;
  }

  /** The engines the forge uses on this GPU: which pair, which drafter engine, which trainer. */
  async #engines(): Promise<ForgeEngines> {
    const gpu = await this.#deps.gpu();
    const pairDeps = this.#deps.pairDeps(gpu);
    const cpu = gpu.available && gpu.isFallbackAdapter;
    const pairOf = (s: PairSelection) => (cpu ? this.#ownCpuPair(s, pairDeps) : this.#deps.pair(s));
    return {
      pairDeps,
      pairOf,
      createTrainer: await this.#deps.trainers(gpu),
      loadDrafter: async (files: FolderFiles, s: PairSelection): Promise<CausalLM> => {
        const { tokenizer } = await pairOf(s);
        const { engine } = cpu ? { engine: 'llama-cpu' } : chooseSafetensorsEngine(gpu);
        const source = memoryFolderSource('the new drafter (not installed)', files);
        const options = { vocabId: tokenizer.vocabId, maxSequenceLength: PAIR_MAX_SEQUENCE };
        return engine === 'llama-webgpu'
          ? pairDeps.engines.llamaWebGpu(source, { ...options, maxDraft: MAX_DRAFT_LENGTH })
          : pairDeps.engines.llamaCpu(source, options);
      },
    };
  }

  async #runner(): Promise<ForgeRunner> {
    const engines = await this.#engines();
    const selection = (job: ForgeJob): PairSelection => ({ target: job.target, drafter: job.baseDrafter });
    const deps: ForgeDeps = {
      repo: this.#deps.repo,
      exclusive: (work) => this.#deps.exclusive(work),
      pair: (job) => engines.pairOf(selection(job)),
      createTrainer: engines.createTrainer,
      writeModel: (id, files) => this.#deps.writeModel(id, files),
      baseDrafter: async (job) => {
        const ref = resolveModelId(job.baseDrafter);
        if (ref.kind !== 'folder') throw new Error(`${ref.name} cannot be a drafter`);
        const source = engines.pairDeps.source(ref.modelId);
        const config = await readLlamaConfig(source);
        return { config, weights: loadLlamaWeights(await readCheckpoint(source), config), source };
      },
      loadDrafter: (files, job) => engines.loadDrafter(files, selection(job)),
    };
    return new ForgeRunner(deps);
  }

  /**
   * On a software adapter (SwiftShader) the forge distils and measures on the CPU reference engine,
   * which is faster there than emulated WebGPU (as the demo does); a real GPU uses the app's warm
   * pair. Only a model small enough for a software adapter is ever run there, so the second copy is small.
   */
  #ownCpuPair(selection: PairSelection, pairDeps: PairLoaderDeps): Promise<RealPair> {
    const key = pairKey(selection);
    const current = this.#cpuPair;
    if (current?.key === key) return current.loaded;
    const old = this.#cpuPair;
    void old?.loaded.then((p) => p.dispose()).catch(() => {});
    const cpuDeps: PairLoaderDeps = {
      ...pairDeps,
      gpu: { available: false, code: 'no-adapter', reason: 'the forge runs on the CPU on a software adapter' },
    };
    const entry = { key, loaded: loadPair(selection, cpuDeps) };
    entry.loaded.catch(() => {
      if (this.#cpuPair === entry) this.#cpuPair = null;
    });
    this.#cpuPair = entry;
    return entry.loaded;
  }
}
