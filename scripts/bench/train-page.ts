import { readCheckpoint } from '../../src/llama/checkpoint.ts';
import { type LlamaConfig, readLlamaConfig } from '../../src/llama/config.ts';
import { randomWeights } from '../../src/engines/llama-cpu/testing.ts';
import { loadLlamaWeights, type LlamaWeights } from '../../src/llama/weights.ts';
import { urlFolderSource } from '../../src/models/model-source.ts';
import { makeBatch } from '../../src/training/batch.ts';
import { parameterCount } from '../../src/training/optimizer/parameters.ts';
import { defaultSettings } from '../../src/training/optimizer/settings.ts';
import { CpuDrafterTrainer } from '../../src/training/reference/cpu-trainer.ts';
import { TrainingRng } from '../../src/training/rng.ts';
import type { DrafterTrainer, TrainingBatch } from '../../src/training/types.ts';
import { planTrainer } from '../../src/training/webgpu/plan.ts';
import { defaultTuning } from '../../src/training/webgpu/tuning.ts';
import { createWebGpuTrainer } from '../../src/training/webgpu/webgpu-trainer.ts';
import { paperDrafterConfig } from './drafter-page.ts';

/**
 * The page side of `npm run bench:train` (the training harness exposes it as benchTrain): one
 * training step (forward, backward, clip, AdamW) on WebGPU and on the CPU reference, same model,
 * same batch, timed side by side, and the GPU buffer bytes the trainer holds.
 */

export type TrainBenchModel = 'tiny-drafter' | 'paper-68m';

export interface TrainBenchOptions {
  models?: TrainBenchModel[];
  /** Per model: sequences × positions per step, and timed steps (after one untimed warm-up step). */
  shapes?: Partial<Record<TrainBenchModel, { batch: number; seqLen: number; steps: number }>>;
}

export interface TrainBenchRow {
  engine: string;
  msPerStep: number;
  /** Positions (batch × seqLen) through forward and backward per second. */
  tokensPerSecond: number;
  losses: number[];
}

export interface TrainBenchModelResult {
  model: TrainBenchModel;
  description: string;
  parameters: number;
  batch: number;
  seqLen: number;
  steps: number;
  rows: TrainBenchRow[];
  /** Bytes of every GPU buffer the trainer held (weights, gradients, moments, activations, staging). */
  peakGpuBytes: number;
  microBatch: number;
}

export interface TrainBench {
  adapter: string;
  tuning: string;
  models: TrainBenchModelResult[];
  /** The memory plan (no allocation) of the targets: batch 8 × 256 on a 4 GiB budget. */
  plans: { model: string; microBatch: number; bytes: number }[];
}

const DEFAULT_SHAPES: Record<TrainBenchModel, { batch: number; seqLen: number; steps: number }> = {
  'tiny-drafter': { batch: 4, seqLen: 64, steps: 5 },
  'paper-68m': { batch: 1, seqLen: 64, steps: 1 },
};

async function loadModel(
  name: TrainBenchModel,
): Promise<{ config: LlamaConfig; weights: LlamaWeights; description: string }> {
  if (name === 'paper-68m') {
    const config = paperDrafterConfig();
    return { config, weights: randomWeights(config, 68), description: 'paper 68M shape, random weights' };
  }
  const source = urlFolderSource('/models/tiny-drafter/');
  const config = await readLlamaConfig(source);
  return {
    config,
    weights: loadLlamaWeights(await readCheckpoint(source), config),
    description: `tiny-drafter fixture (${config.numLayers} layer, hidden ${config.hiddenSize}, vocab ${config.vocabSize})`,
  };
}

/** Full-length sequences whose second half are response targets (a translation-like split). */
function benchBatch(config: LlamaConfig, batch: number, seqLen: number): TrainingBatch {
  const rng = new TrainingRng(3);
  const ids = (n: number) => Array.from({ length: n }, () => 3 + Math.floor(rng.next() * (config.vocabSize - 3)));
  const half = Math.floor(seqLen / 2);
  const examples = Array.from({ length: batch }, () => ({
    prompt: [1, ...ids(half - 1)],
    response: ids(seqLen - half + 1),
  }));
  return makeBatch(examples, seqLen, config.vocabSize);
}

async function time(engine: string, trainer: DrafterTrainer, batch: TrainingBatch, steps: number, warmUp: boolean) {
  if (warmUp) await trainer.step(batch); // pipelines compiled, buffers touched
  const losses: number[] = [];
  const start = performance.now();
  for (let i = 0; i < steps; i++) losses.push((await trainer.step(batch)).loss);
  const msPerStep = (performance.now() - start) / steps;
  return { engine, msPerStep, tokensPerSecond: (batch.batchSize * batch.seqLen * 1000) / msPerStep, losses };
}

export async function benchTrain(options: TrainBenchOptions = {}): Promise<TrainBench> {
  const adapter = await navigator.gpu.requestAdapter();
  const info = adapter?.info;
  const emulated = Boolean(info?.isFallbackAdapter) || info?.architecture === 'swiftshader';
  const tuning = defaultTuning(emulated);
  const result: TrainBench = {
    adapter: `${info?.vendor ?? '?'} ${info?.architecture ?? '?'}${info?.isFallbackAdapter ? ' (fallback adapter)' : ''}`,
    tuning: `${tuning.matmul} matmul, ${tuning.lanes} lane(s) per reduced row`,
    models: [],
    plans: [],
  };
  for (const name of options.models ?? (['tiny-drafter', 'paper-68m'] as const)) {
    const shape = { ...DEFAULT_SHAPES[name], ...options.shapes?.[name] };
    const { config, weights, description } = await loadModel(name);
    const batch = benchBatch(config, shape.batch, shape.seqLen);
    const settings = defaultSettings(1000);
    const gpu = await createWebGpuTrainer(config, weights, {
      settings,
      maxBatchSize: shape.batch,
      maxSeqLen: shape.seqLen,
    });
    const rows: TrainBenchRow[] = [];
    let peakGpuBytes: number;
    try {
      rows.push(await time('WebGPU trainer', gpu, batch, shape.steps, true));
      await gpu.weights(); // the readback staging counts too
      peakGpuBytes = gpu.gpuBufferBytes;
    } finally {
      gpu.dispose();
    }
    // The CPU reference needs no warm-up step beyond the first timed one on shapes this slow.
    const cpu = CpuDrafterTrainer.create(config, weights, { settings });
    rows.push(await time('CPU reference (float64)', cpu, batch, shape.steps, name === 'tiny-drafter'));
    result.models.push({
      model: name,
      description,
      parameters: parameterCount(config),
      ...shape,
      rows,
      peakGpuBytes,
      microBatch: gpu.plan.shape.microBatch,
    });
  }
  for (const [model, numLayers] of [
    ['68M (2 layers)', 2],
    ['160M (12 layers)', 12],
  ] as const) {
    // A desktop GPU as Chrome grants it when asked: this adapter's limits with 2 GiB buffers.
    const limits = { ...adapter!.limits, maxStorageBufferBindingSize: 2 ** 31, maxBufferSize: 2 ** 31 };
    const plan = planTrainer({
      config: { ...paperDrafterConfig(), numLayers },
      maxBatchSize: 8,
      maxSeqLen: 256,
      budgetBytes: 4 * 2 ** 30,
      tuning: { matmul: 'tiled', lanes: 16 },
      limits,
    });
    result.plans.push({ model, microBatch: plan.shape.microBatch, bytes: plan.totalBytes });
  }
  return result;
}
