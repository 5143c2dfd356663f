import type { LlamaConfig } from '../llama/config.ts';
import type { LlamaWeights } from '../llama/weights.ts';
import type { CausalLM } from '../speculative/causal-lm.ts';
import { distillJob, distilSentence, type DistillPair, type DistillProgress } from './distill.ts';
import { exportJsonl, sha256Hex, toConversation } from './dataset.ts';
import { ForgeStateError, NotImprovedError } from './errors.ts';
import { evaluateDrafters, improved, type EvaluationProgress, type EvaluationReport } from './evaluate.ts';
import { fineTuneJob, type TrainerFactory, type TrainProgress } from './fine-tune.ts';
import type { JobRepository } from './job-store.ts';
import type { ForgeJob } from './job.ts';
import { buildModelFolder, type FolderFiles, memoryFolderSource, provenanceOf } from './model-folder.ts';
import type { ModelSource } from '../models/model-source.ts';

/**
 * The forge's steps over one job, wherever they run: in the worker (src/worker/forge-host.ts), in
 * Node (bench:forge, tests). What differs between those places comes in as ForgeDeps.
 */

export interface BaseDrafter {
  config: LlamaConfig;
  weights: LlamaWeights;
  /** The base drafter's folder: config.json and the tokenizer files are copied from it. */
  source: ModelSource & { has?(name: string): Promise<boolean> };
}

export interface ForgeDeps {
  repo: JobRepository;
  /** The job's pair, warm: target and base drafter. */
  pair(job: ForgeJob): Promise<DistillPair>;
  /** Runs `work` when the engines are free (the worker's translation queue; directly in Node). */
  exclusive<T>(work: () => Promise<T>): Promise<T>;
  baseDrafter(job: ForgeJob): Promise<BaseDrafter>;
  createTrainer: TrainerFactory;
  /** Loads a drafter folder (not installed yet) on the engine the pair's drafter uses. */
  loadDrafter(files: FolderFiles, job: ForgeJob): Promise<CausalLM>;
  /** Writes a model folder into the model store (Cache Storage), all of it or nothing. */
  writeModel(modelId: string, files: FolderFiles): Promise<void>;
  now?: () => number;
}

export class ForgeRunner {
  constructor(readonly deps: ForgeDeps) {}

  async job(id: string): Promise<ForgeJob> {
    const job = await this.deps.repo.loadJob(id);
    if (!job) throw new ForgeStateError(`there is no forge job "${id}" in this browser's storage`);
    return job;
  }

  /** Self-distils every sentence still without an output; each sentence takes the engines in turn. */
  async distill(id: string, signal: AbortSignal, onProgress?: (p: DistillProgress) => void) {
    const job = await this.job(id);
    return distillJob({
      repo: this.deps.repo,
      job,
      signal,
      ...(onProgress ? { onProgress } : {}),
      ...(this.deps.now ? { now: this.deps.now } : {}),
      translate: (source) =>
        this.deps.exclusive(async () =>
          distilSentence(await this.deps.pair(job), source, job.language, job.maxNewTokens, signal),
        ),
    });
  }

  async train(id: string, signal: AbortSignal, onProgress?: (p: TrainProgress) => void) {
    const job = await this.job(id);
    return fineTuneJob({
      repo: this.deps.repo,
      job,
      base: () => this.deps.baseDrafter(job),
      createTrainer: this.deps.createTrainer,
      signal,
      ...(onProgress ? { onProgress } : {}),
      ...(this.deps.now ? { now: this.deps.now } : {}),
    });
  }

  /** The trained weights, from the final checkpoint. */
  async trainedWeights(job: ForgeJob): Promise<LlamaWeights> {
    const saved = await this.deps.repo.loadCheckpoint(job.id);
    if (!saved?.training.done) throw new ForgeStateError('fine-tune the drafter before measuring or installing it');
    return saved.checkpoint.weights;
  }

  /** The new drafter's folder (provenance added once there is an evaluation). */
  async folder(job: ForgeJob): Promise<FolderFiles> {
    const base = await this.deps.baseDrafter(job);
    const weights = await this.trainedWeights(job);
    const provenance = job.evaluation
      ? provenanceOf(job, job.evaluation, await this.datasetSha256(job), new Date())
      : null;
    return buildModelFolder(base.source, base.config, weights, provenance);
  }

  async evaluate(
    id: string,
    signal: AbortSignal,
    onProgress?: (p: EvaluationProgress) => void,
  ): Promise<EvaluationReport> {
    let job = await this.job(id);
    const folder = await this.folder(job);
    const prompts = (await this.deps.repo.loadOutputs(job.id, 'heldOut')).map((item) => item.promptTokens);
    if (prompts.length === 0) throw new ForgeStateError('there are no held-out sentences to measure on');
    const report = await this.deps.exclusive(async () => {
      const pair = await this.deps.pair(job);
      if (!pair.drafter) throw new ForgeStateError('the pair has no base drafter to compare with');
      const forged = await this.deps.loadDrafter(folder, job);
      try {
        return await evaluateDrafters({
          target: pair.target,
          base: pair.drafter,
          forged,
          prompts,
          limits: { maxNewTokens: job.maxNewTokens, eosTokenIds: pair.eosTokenIds, signal },
          ...(onProgress ? { onProgress } : {}),
        });
      } finally {
        await forged.dispose?.();
      }
    });
    job = { ...job, evaluation: report, stage: job.stage === 'installed' ? job.stage : 'evaluated' };
    await this.deps.repo.saveJob(job);
    return report;
  }

  /** Installs the new drafter when it beat the base on held-out α; returns its model id. */
  async install(id: string): Promise<{ modelId: string; bytes: number; job: ForgeJob }> {
    let job = await this.job(id);
    if (!job.evaluation) throw new ForgeStateError('measure the new drafter on the held-out sentences first');
    if (!improved(job.evaluation)) throw new NotImprovedError(notImprovedMessage(job.evaluation));
    const files = await this.folder(job);
    const modelId = installedModelId(job);
    await this.deps.writeModel(modelId, files);
    job = { ...job, stage: 'installed', installedId: modelId };
    await this.deps.repo.saveJob(job);
    return { modelId, bytes: Object.values(files).reduce((sum, f) => sum + f.byteLength, 0), job };
  }

  /** The train split as FastChat JSONL (what provenance hashes) and both splits for export. */
  async datasetJsonl(job: ForgeJob, splits: readonly ('train' | 'heldOut')[] = ['train']): Promise<string> {
    const conversations = [];
    for (const split of splits) {
      const items = await this.deps.repo.loadOutputs(job.id, split);
      conversations.push(...items.map((item, i) => toConversation(`${job.id}_${split}_${i}`, item)));
    }
    return exportJsonl(conversations);
  }

  async datasetSha256(job: ForgeJob): Promise<string> {
    return sha256Hex(new TextEncoder().encode(await this.datasetJsonl(job)));
  }

  /** For a job made from an imported data set: the folder loads its pair's drafter through memory. */
  static memorySource = memoryFolderSource;
}

export function installedModelId(job: ForgeJob): string {
  return `forged-${job.language}-${job.id.replace(/^forge-/, '')}`.toLowerCase().replace(/[^a-z0-9._-]/g, '-');
}

function notImprovedMessage(report: EvaluationReport): string {
  const fmt = (a: number | null) => (a === null ? '—' : a.toFixed(2));
  if (report.mismatches.length > 0) {
    return `Not installed: ${report.mismatches.length} held-out outputs differed from autoregressive decoding.`;
  }
  return `Not installed: held-out α did not improve (${fmt(report.base.alpha)} with the base drafter, ${fmt(report.forged.alpha)} with the new one). Try more sentences, more epochs or a higher learning rate.`;
}
