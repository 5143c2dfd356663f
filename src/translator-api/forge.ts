import type { CorpusFormat } from '../forge/corpus/formats.ts';
import type { DistillProgress } from '../forge/distill.ts';
import type { EvaluationProgress, EvaluationReport } from '../forge/evaluate.ts';
import type { TrainProgress } from '../forge/fine-tune.ts';
import type { FineTuneSettings } from '../forge/hyperparameters.ts';
import type { ForgeJob } from '../forge/job.ts';
import type { DetectableLanguage } from '../models/detect-language.ts';
import { registerForgedDrafter } from '../models/storage/forged-drafters.ts';
import type { ForgeCommand, ForgeEvent, ForgeReply } from '../protocol/forge.ts';
import type { TandemWorkerApi } from '../protocol/protocol.ts';
import { browserPrepareDeps } from '../store/forge/forge-deps.ts';
import { prepareForgeJob } from '../store/forge/prepare.ts';
import { defaultClient } from './tandem-backend.ts';

/**
 * The drafter forge as a library: the same steps as the app's Forge panel, on the same worker as
 * the Translator (so the pair loads once). A job lives in this origin's IndexedDB; each long step
 * resolves 'done' or 'paused' (pass an AbortSignal to pause it) and can be called again to resume.
 *
 *   const forge = new Forge();
 *   const job = await forge.prepare({ file, language: 'de', target: 'user:my-target', baseDrafter: 'user:vicuna-68m' });
 *   await forge.distill(job.id); await forge.train(job.id); await forge.evaluate(job.id);
 *   const { modelId } = await forge.install(job.id); // then Translator pairs with drafter `user:${modelId}`
 */
export interface ForgePrepareOptions {
  /** A file's bytes (and name), or a URL downloaded before anything runs. */
  file?: { name: string; bytes: Uint8Array };
  url?: string;
  /** Default: plain text, a sentence per line. */
  format?: CorpusFormat;
  language: DetectableLanguage;
  target: string;
  baseDrafter: string;
  /** Default: the paper's 1 024. */
  maxNewTokens?: number;
}

export interface ForgeStepOptions<P> {
  signal?: AbortSignal;
  onProgress?: (progress: P) => void;
}

export class Forge {
  readonly #client: () => TandemWorkerApi;

  constructor(options: { client?: TandemWorkerApi } = {}) {
    this.#client = options.client ? () => options.client! : defaultClient;
  }

  /** Reads, splits and checks the corpus, then stores the job; nothing runs yet. */
  async prepare(options: ForgePrepareOptions): Promise<ForgeJob> {
    const { file, url } = options;
    if (!file === !url) throw new TypeError('give either a file or a url');
    return prepareForgeJob(
      {
        source: file ? { kind: 'file', name: file.name, read: async () => file.bytes } : { kind: 'url', url: url! },
        format: options.format ?? { kind: 'text' },
        language: options.language,
        target: options.target,
        baseDrafter: options.baseDrafter,
        maxNewTokens: options.maxNewTokens ?? 1024,
      },
      browserPrepareDeps(),
    );
  }

  jobs(): Promise<ForgeJob[]> {
    return browserPrepareDeps().repo.listJobs();
  }

  /** Changes a job's fine-tuning settings (before training starts). */
  async setSettings(jobId: string, settings: FineTuneSettings): Promise<ForgeJob> {
    const repo = browserPrepareDeps().repo;
    const job = await repo.loadJob(jobId);
    if (!job) throw new TypeError(`no forge job ${jobId}`);
    const updated = { ...job, settings };
    await repo.saveJob(updated);
    return updated;
  }

  distill(jobId: string, options: ForgeStepOptions<DistillProgress> = {}) {
    return this.#long({ kind: 'distill', jobId }, 'distill', options);
  }

  train(jobId: string, options: ForgeStepOptions<TrainProgress> = {}) {
    return this.#long({ kind: 'train', jobId }, 'train', options);
  }

  async evaluate(jobId: string, options: ForgeStepOptions<EvaluationProgress> = {}): Promise<EvaluationReport> {
    const reply = await this.#long({ kind: 'evaluate', jobId }, 'evaluate', options);
    if (reply.kind !== 'evaluate') throw new Error('unexpected reply');
    return reply.report;
  }

  /** Installs the new drafter (only if it beat the base on held-out α) and registers it for its language. */
  async install(jobId: string): Promise<{ modelId: string }> {
    const reply = await this.#client().forge({ kind: 'install', jobId });
    if (reply.kind !== 'install') throw new Error('unexpected reply');
    const { job } = reply;
    registerForgedDrafter(
      {
        modelId: reply.modelId,
        language: job.language,
        target: job.target,
        baseDrafter: job.baseDrafter,
        alphaBefore: job.evaluation?.base.alpha ?? null,
        alphaAfter: job.evaluation?.forged.alpha ?? null,
        createdAt: Date.now(),
      },
      {
        id: reply.modelId,
        folder: `Forged ${job.language}→en drafter (${reply.modelId})`,
        format: 'safetensors',
        bytes: reply.bytes,
      },
    );
    return { modelId: reply.modelId };
  }

  /** The data set as FastChat JSONL (the paper's training scripts read it). */
  async exportDataset(jobId: string): Promise<string> {
    const reply = await this.#client().forge({ kind: 'export-dataset', jobId });
    return reply.kind === 'export-dataset' ? reply.jsonl : '';
  }

  /** The new drafter as a zipped Hugging Face folder. */
  async exportModel(jobId: string): Promise<{ fileName: string; zip: Uint8Array }> {
    const reply = await this.#client().forge({ kind: 'export-model', jobId });
    if (reply.kind !== 'export-model') throw new Error('unexpected reply');
    return { fileName: reply.fileName, zip: reply.zip };
  }

  async #long<P>(
    command: ForgeCommand,
    type: ForgeEvent['type'],
    { signal, onProgress }: ForgeStepOptions<P>,
  ): Promise<ForgeReply> {
    const client = this.#client();
    const jobId = 'jobId' in command ? command.jobId : '';
    const pause = () => void client.forge({ kind: 'pause', jobId });
    signal?.addEventListener('abort', pause, { once: true });
    try {
      return await client.forge(command, (event) => {
        if (event.type === type && 'progress' in event) onProgress?.(event.progress as P);
      });
    } finally {
      signal?.removeEventListener('abort', pause);
    }
  }
}

export type { DistillProgress, EvaluationProgress, EvaluationReport, FineTuneSettings, ForgeJob, TrainProgress };
