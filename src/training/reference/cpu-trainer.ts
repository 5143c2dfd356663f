import { InvalidArgumentError } from '../../errors.ts';
import type { LlamaConfig } from '../../llama/config.ts';
import { checkLlamaWeights, type LlamaWeights } from '../../llama/weights.ts';
import { splitBatch, targetCount, trimBatch } from '../batch.ts';
import { adamwStep } from '../optimizer/adamw.ts';
import { cloneSet, fillZero, zerosLike } from '../optimizer/parameters.ts';
import { validateSettings } from '../optimizer/settings.ts';
import { TrainingRng } from '../rng.ts';
import type {
  DrafterTrainer,
  OptimizerSettings,
  TrainingBatch,
  TrainingCheckpoint,
  TrainStepResult,
} from '../types.ts';
import { lossAndGradients, referenceLoss } from './gradients.ts';

export interface CpuTrainerOptions {
  settings: OptimizerSettings;
  /** Seed of the data-order RNG (`trainer.rng`); default 1. */
  seed?: number;
  /** Sequences per forward/backward; the step accumulates gradients over them. Default: all. */
  microBatchRows?: number;
}

/**
 * The plain-TypeScript DrafterTrainer: the reference forward/backward and AdamW on the CPU. Slow
 * and exact; the WebGPU trainer's loss curve is checked against it. Owns copies of everything, so
 * the caller's weights are never changed.
 */
export class CpuDrafterTrainer implements DrafterTrainer {
  /** The data-order RNG whose state the checkpoint keeps (draw batches with sampleBatch). */
  readonly rng: TrainingRng;
  private readonly grads: LlamaWeights;
  private disposed = false;

  private constructor(
    readonly config: LlamaConfig,
    readonly settings: OptimizerSettings,
    private readonly current: LlamaWeights,
    private readonly firstMoment: LlamaWeights,
    private readonly secondMoment: LlamaWeights,
    private stepsTaken: number,
    rngState: number,
    private readonly microBatchRows: number,
  ) {
    this.rng = new TrainingRng(rngState);
    this.grads = zerosLike(config);
  }

  /** A fresh run from `weights` (copied): step 0, zero moments. */
  static create(config: LlamaConfig, weights: LlamaWeights, options: CpuTrainerOptions): CpuDrafterTrainer {
    checkLlamaWeights(config, weights);
    const settings = validateSettings({ ...options.settings });
    const rows = checkedRows(options.microBatchRows);
    const rngState = new TrainingRng(options.seed ?? 1).state;
    return new CpuDrafterTrainer(
      config,
      settings,
      cloneSet(config, weights),
      zerosLike(config),
      zerosLike(config),
      0,
      rngState,
      rows,
    );
  }

  /** Continues a run exactly where `checkpoint` was taken (copied; the checkpoint stays usable). */
  static restore(checkpoint: TrainingCheckpoint, options: { microBatchRows?: number } = {}): CpuDrafterTrainer {
    const { config } = checkpoint;
    if (!Number.isSafeInteger(checkpoint.step) || checkpoint.step < 0) {
      throw new InvalidArgumentError(`checkpoint: step must be an integer ≥ 0, got ${checkpoint.step}`);
    }
    const copy = (set: LlamaWeights): LlamaWeights => cloneSet(config, retied(config, set));
    return new CpuDrafterTrainer(
      config,
      validateSettings({ ...checkpoint.settings }),
      copy(checkpoint.weights),
      copy(checkpoint.firstMoment),
      copy(checkpoint.secondMoment),
      checkpoint.step,
      checkpoint.rngState,
      checkedRows(options.microBatchRows),
    );
  }

  /** Optimizer steps taken so far. */
  get stepCount(): number {
    return this.stepsTaken;
  }

  async step(batch: TrainingBatch): Promise<TrainStepResult> {
    this.assertLive();
    const tokenCount = targetCount(batch);
    const work = trimBatch(batch);
    fillZero(this.config, this.grads);
    let loss = 0;
    for (const part of splitBatch(work, this.microBatchRows)) {
      if (targetCount(part) === 0) continue; // contributes neither loss nor gradient
      loss += lossAndGradients(this.config, this.current, part, this.grads, tokenCount).loss;
    }
    const step = this.stepsTaken + 1;
    const moments = { firstMoment: this.firstMoment, secondMoment: this.secondMoment };
    const report = adamwStep(this.config, this.current, this.grads, moments, this.settings, step);
    this.stepsTaken = step;
    return { step, loss, tokenCount, gradNorm: report.gradNorm, learningRate: report.learningRate };
  }

  async evaluate(batch: TrainingBatch): Promise<{ loss: number; tokenCount: number }> {
    this.assertLive();
    return referenceLoss(this.config, this.current, trimBatch(batch));
  }

  async weights(): Promise<LlamaWeights> {
    this.assertLive();
    return cloneSet(this.config, this.current);
  }

  async checkpoint(): Promise<TrainingCheckpoint> {
    this.assertLive();
    return {
      config: { ...this.config, eosTokenIds: [...this.config.eosTokenIds] },
      settings: { ...this.settings },
      step: this.stepsTaken,
      rngState: this.rng.state,
      weights: cloneSet(this.config, this.current),
      firstMoment: cloneSet(this.config, this.firstMoment),
      secondMoment: cloneSet(this.config, this.secondMoment),
    };
  }

  dispose(): void {
    this.disposed = true;
  }

  private assertLive(): void {
    if (this.disposed) throw new InvalidArgumentError('this CPU trainer was disposed');
  }
}

function checkedRows(rows: number | undefined): number {
  if (rows === undefined) return Number.MAX_SAFE_INTEGER;
  if (!Number.isSafeInteger(rows) || rows < 1) {
    throw new InvalidArgumentError(`microBatchRows must be a positive integer, got ${rows}`);
  }
  return rows;
}

/**
 * A checkpoint that went through a format that loses object identity (JSON, files) has a tied LM
 * head as a separate copy: tie it back to the embedding, which is the one the optimizer updates.
 */
function retied(config: LlamaConfig, set: LlamaWeights): LlamaWeights {
  return config.tieWordEmbeddings ? { ...set, lmHead: set.tokenEmbedding } : set;
}
