import type { LlamaConfig } from '../llama/config.ts';
import type { LlamaWeights } from '../llama/weights.ts';

/**
 * The contract shared by the training engines (the plain-TypeScript reference and WebGPU) and
 * their users (the forge, the learning-from-use loop). Fixed first so both sides can be built
 * against it at once.
 */

/** Target id of a position that carries no loss: a prompt token or padding (PyTorch's -100 role). */
export const IGNORE_INDEX = -1;

/** One supervised example: the loss is taken on the response tokens only (FastChat-style). */
export interface TrainingExample {
  /** Prompt token ids (BOS included), never trained on. */
  prompt: number[];
  /** The target's own output for that prompt (EOS included when it ended there). */
  response: number[];
}

/** A padded batch, right-padded so causal attention never lets a real token see padding. */
export interface TrainingBatch {
  batchSize: number;
  seqLen: number;
  tokens: Int32Array; //  (batchSize, seqLen) input ids; padding positions hold any valid id
  targets: Int32Array; // (batchSize, seqLen) id to predict at each position, or IGNORE_INDEX
}

/** Gradients in the weights' own layout; when embeddings are tied, lmHead is tokenEmbedding. */
export type LlamaGradients = LlamaWeights;

export type LearningRateSchedule = 'cosine' | 'linear' | 'constant';

export interface OptimizerSettings {
  learningRate: number; //   peak, reached at the end of warm-up
  beta1: number;
  beta2: number;
  epsilon: number;
  weightDecay: number; //    decoupled (AdamW); not applied to norm weights
  clipNorm: number; //       global gradient-norm clip; Infinity turns it off
  warmupSteps: number;
  totalSteps: number;
  schedule: LearningRateSchedule;
  minLearningRateRatio: number; // the schedule's floor as a fraction of the peak
}

export interface TrainStepResult {
  step: number; //       optimizer steps taken so far, this one included
  loss: number; //       mean cross-entropy over the batch's non-ignored targets
  tokenCount: number; // non-ignored targets in the batch
  gradNorm: number; //   global norm before clipping
  learningRate: number; // the rate this step used
}

/** Everything needed to resume training exactly: weights, AdamW moments, step and RNG state. */
export interface TrainingCheckpoint {
  config: LlamaConfig;
  settings: OptimizerSettings;
  step: number;
  rngState: number;
  weights: LlamaWeights;
  firstMoment: LlamaWeights;
  secondMoment: LlamaWeights;
}

/** A drafter being fine-tuned, whatever runs it. */
export interface DrafterTrainer {
  readonly config: LlamaConfig;
  /** One optimizer step on `batch` (split into micro-batches internally where memory needs it). */
  step(batch: TrainingBatch): Promise<TrainStepResult>;
  /** Mean loss on `batch` without changing anything (held-out loss). */
  evaluate(batch: TrainingBatch): Promise<{ loss: number; tokenCount: number }>;
  /** The current weights, as plain arrays (read back from the GPU where they live there). */
  weights(): Promise<LlamaWeights>;
  checkpoint(): Promise<TrainingCheckpoint>;
  dispose(): void;
}
