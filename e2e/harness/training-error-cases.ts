import { DeviceLimitError } from '../../src/engines/llama-webgpu/errors.ts';
import { requestGpu } from '../../src/engines/llama-webgpu/gpu.ts';
import { defaultSettings } from '../../src/training/optimizer/settings.ts';
import { createWebGpuTrainer } from '../../src/training/webgpu/webgpu-trainer.ts';
import { stepConfig, stepWeights } from './training-models.ts';

/** Page-side failure cases of the WebGPU trainer; each returns the error as plain data. */

export interface CaughtTrainingError {
  name: string;
  message: string;
  limit?: string;
}

async function caught(run: () => Promise<unknown>): Promise<CaughtTrainingError | null> {
  try {
    await run();
    return null;
  } catch (error) {
    const e = error as Error;
    return { name: e.name, message: e.message, ...(error instanceof DeviceLimitError ? { limit: error.limit } : {}) };
  }
}

/** The trainer planned against lowered copies of the real device's limits, and a small budget. */
export async function trainerLimitErrors(): Promise<Record<string, CaughtTrainingError | null>> {
  const config = stepConfig(false);
  const weights = stepWeights(config);
  const gpu = await requestGpu({ precision: 'f32' });
  const real = gpu.device.limits;
  const limits = (overrides: Partial<GPUSupportedLimits>) => ({
    maxStorageBufferBindingSize: real.maxStorageBufferBindingSize,
    maxBufferSize: real.maxBufferSize,
    maxComputeWorkgroupsPerDimension: real.maxComputeWorkgroupsPerDimension,
    maxComputeInvocationsPerWorkgroup: real.maxComputeInvocationsPerWorkgroup,
    maxComputeWorkgroupSizeX: real.maxComputeWorkgroupSizeX,
    maxComputeWorkgroupSizeY: real.maxComputeWorkgroupSizeY,
    maxComputeWorkgroupStorageSize: real.maxComputeWorkgroupStorageSize,
    maxStorageBuffersPerShaderStage: real.maxStorageBuffersPerShaderStage,
    minStorageBufferOffsetAlignment: real.minStorageBufferOffsetAlignment,
    ...overrides,
  });
  const build = (overrides: Partial<GPUSupportedLimits>, budget?: number) => async () =>
    (
      await createWebGpuTrainer(config, weights, {
        settings: defaultSettings(10),
        maxBatchSize: 4,
        maxSeqLen: 64,
        gpu,
        limits: limits(overrides),
        memoryBudgetBytes: budget,
      })
    ).dispose();
  const out = {
    // (4 × 64 rows, vocab 96) f32 logits are 98 kB; every weight is under 20 kB: only micro-batches of 1 fit.
    fitsBySplitting: await caught(build({ maxStorageBufferBindingSize: 40_000 })),
    // The embedding (96 × 48 f32 = 18 kB) is over 16 kB whatever the micro-batch.
    bindingSize: await caught(build({ maxStorageBufferBindingSize: 16_000 })),
    bufferSize: await caught(build({ maxBufferSize: 16_000 })),
    workgroupStorage: await caught(build({ maxComputeWorkgroupStorageSize: 512 })),
    storageBuffers: await caught(build({ maxStorageBuffersPerShaderStage: 5 })),
    budget: await caught(build({}, 500_000)),
    fits: await caught(build({})),
  };
  gpu.device.destroy();
  return out;
}
