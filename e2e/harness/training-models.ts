import { microConfig, randomWeights } from '../../src/engines/llama-cpu/testing.ts';
import type { LlamaConfig } from '../../src/llama/config.ts';
import type { LlamaWeights } from '../../src/llama/weights.ts';
import { makeBatch } from '../../src/training/batch.ts';
import { defaultSettings } from '../../src/training/optimizer/settings.ts';
import { TrainingRng } from '../../src/training/rng.ts';
import type { TrainingBatch, TrainingExample } from '../../src/training/types.ts';
import { createWebGpuTrainer, type WebGpuTrainer } from '../../src/training/webgpu/webgpu-trainer.ts';
import type { OptimizerSettings } from '../../src/training/types.ts';
import { TUNINGS } from './training-gpu.ts';

/**
 * The small models and batches of the whole-step checks. The model is the smallest that still
 * crosses the kernels' tiles: 2 layers, hidden 48 (> the 32-wide direct matmul block), 4 query
 * heads on 2 kv heads (GQA) of 12, FFN 72, vocab 96 (> the 64-wide tiled block); a batch of 3
 * sequences × 23 positions is 69 rows (> 64).
 */
export function stepConfig(tied: boolean): LlamaConfig {
  return microConfig({
    hiddenSize: 48,
    numHeads: 4,
    numKvHeads: 2,
    headDim: 12,
    intermediateSize: 72,
    vocabSize: 96,
    numLayers: 2,
    tieWordEmbeddings: tied,
  });
}

export function stepWeights(config: LlamaConfig, seed = 7): LlamaWeights {
  return randomWeights(config, seed);
}

/** Right-padded examples of different lengths: prompts masked, one row mostly padding. */
export function stepExamples(count: number, vocab: number, seed: number): TrainingExample[] {
  const rng = new TrainingRng(seed);
  const ids = (n: number): number[] => Array.from({ length: n }, () => 3 + Math.floor(rng.next() * (vocab - 3)));
  return Array.from({ length: count }, (_, i) => ({
    prompt: [1, ...ids(2 + ((i * 3) % 6))],
    response: [...ids(4 + ((i * 5) % 11)), 2],
  }));
}

export function stepBatch(config: LlamaConfig, count = 3, seed = 11): TrainingBatch {
  return makeBatch(stepExamples(count, config.vocabSize, seed), 23, config.vocabSize);
}

export function gpuTrainer(
  config: LlamaConfig,
  weights: LlamaWeights,
  settings: OptimizerSettings,
  tuningName = 'direct, 1 lane',
  extra: { microBatch?: number; maxBatchSize?: number; seed?: number } = {},
): Promise<WebGpuTrainer> {
  return createWebGpuTrainer(config, weights, {
    settings,
    maxBatchSize: extra.maxBatchSize ?? 3,
    maxSeqLen: 23,
    microBatch: extra.microBatch,
    seed: extra.seed,
    tuning: TUNINGS[tuningName],
  });
}

/** The overfitting runs' settings: lr 1e-2 (warm-up 5 %, cosine to 10 %), clip 1, decay 0.01. */
export function overfitSettings(steps: number): OptimizerSettings {
  return defaultSettings(steps, { learningRate: 1e-2 });
}
