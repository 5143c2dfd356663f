import { InvalidArgumentError } from '../../errors.ts';
import type { LlamaConfig } from '../../llama/config.ts';
import { checkLlamaWeights, type LlamaWeights } from '../../llama/weights.ts';
import { requestGpu } from '../../engines/llama-webgpu/gpu.ts';
import { validateSettings } from '../optimizer/settings.ts';
import { TrainingRng } from '../rng.ts';
import type { TrainingCheckpoint } from '../types.ts';
import { TrainingGraph } from './graph.ts';
import { buildTrainingKernels } from './kernels/index.ts';
import { DEFAULT_MEMORY_BUDGET, planTrainer } from './plan.ts';
import { allocateTrainerBuffers, destroyTrainerBuffers, uploadRopeTables, uploadState } from './resources.ts';
import { checkTuning, defaultTuning } from './tuning.ts';
import { WebGpuTrainer, type WebGpuTrainerOptions } from './webgpu-trainer.ts';

/**
 * Building a WebGPU trainer: the settings and weights checked, a device (its own unless given),
 * the memory plan against the budget and the device's limits (DeviceLimitError naming what does
 * not fit), every buffer allocated (GpuOutOfMemoryError naming the buffer), weights (and, when
 * resuming, moments) uploaded, pipelines compiled. On failure nothing stays allocated.
 */

/** Builds a trainer from weights in memory: plans, checks the limits, allocates and uploads. */
export async function createWebGpuTrainer(
  config: LlamaConfig,
  weights: LlamaWeights,
  options: WebGpuTrainerOptions,
): Promise<WebGpuTrainer> {
  return openTrainer(config, weights, options, undefined);
}

/** A trainer that continues a checkpoint exactly: its weights, moments, step, settings and RNG state. */
export async function restoreWebGpuTrainer(
  checkpoint: TrainingCheckpoint,
  options: Omit<WebGpuTrainerOptions, 'settings' | 'seed'> = {},
): Promise<WebGpuTrainer> {
  const { config } = checkpoint;
  if (!(Number.isSafeInteger(checkpoint.step) && checkpoint.step >= 0))
    throw new InvalidArgumentError(`checkpoint step must be an integer ≥ 0, got ${checkpoint.step}`);
  // A checkpoint that went through JSON or files has a tied LM head as a separate copy: tie it back.
  const retied = (set: LlamaWeights): LlamaWeights =>
    config.tieWordEmbeddings ? { ...set, lmHead: set.tokenEmbedding } : set;
  const resume = {
    ...checkpoint,
    firstMoment: retied(checkpoint.firstMoment),
    secondMoment: retied(checkpoint.secondMoment),
  };
  checkLlamaWeights(config, resume.firstMoment);
  checkLlamaWeights(config, resume.secondMoment);
  return openTrainer(config, retied(checkpoint.weights), { ...options, settings: checkpoint.settings }, resume);
}

async function openTrainer(
  config: LlamaConfig,
  weights: LlamaWeights,
  options: WebGpuTrainerOptions,
  resume: TrainingCheckpoint | undefined,
): Promise<WebGpuTrainer> {
  checkLlamaWeights(config, weights);
  const settings = validateSettings({ ...options.settings });
  if (options.tuning) checkTuning(options.tuning);
  const gpu = options.gpu ?? (await requestGpu({ precision: 'f32' }));
  const ownsDevice = options.gpu === undefined;
  try {
    const tuning = options.tuning ?? defaultTuning(gpu.emulated);
    const plan = planTrainer({
      config,
      maxBatchSize: options.maxBatchSize ?? 8,
      maxSeqLen: options.maxSeqLen ?? 256,
      microBatch: options.microBatch,
      budgetBytes: options.memoryBudgetBytes ?? DEFAULT_MEMORY_BUDGET,
      tuning,
      limits: options.limits ?? gpu.device.limits,
    });
    const { device } = gpu;
    // A GPU out of memory: GpuOutOfMemoryError naming the buffer and its size (nothing left allocated).
    const buffers = await allocateTrainerBuffers(device, plan.shape);
    try {
      uploadState(device, config, buffers, weights, 'param');
      if (resume) {
        uploadState(device, config, buffers, resume.firstMoment, 'm');
        uploadState(device, config, buffers, resume.secondMoment, 'v');
      }
      uploadRopeTables(device, config, buffers, plan.shape.maxSeqLen);
      const graph = TrainingGraph.build(device, await buildTrainingKernels(device, config, tuning), buffers);
      return new WebGpuTrainer({
        config,
        settings,
        gpu,
        plan,
        tuning,
        buffers,
        graph,
        ownsDevice,
        step: resume?.step ?? 0,
        rngState: resume?.rngState ?? new TrainingRng(options.seed ?? 1).state,
        submissions: options.submissions ?? 'micro-batch',
      });
    } catch (error) {
      destroyTrainerBuffers(buffers);
      throw error;
    }
  } catch (error) {
    if (ownsDevice) gpu.device.destroy();
    throw error;
  }
}
