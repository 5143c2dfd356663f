import type { TrainerFactory } from '../forge/fine-tune.ts';
import type { GpuReport } from '../protocol/protocol.ts';

/**
 * Which engine fine-tunes a drafter here, and why (the Forge panel shows it): Tandem's WebGPU
 * trainer on a real GPU; the plain-TypeScript reference trainer on a software adapter (SwiftShader,
 * where emulated WebGPU is slower than the CPU) or without an adapter. Both load only when used.
 */
export async function chooseTrainer(gpu: GpuReport): Promise<TrainerFactory> {
  const { cpuTrainerFactory, named } = await import('../forge/trainers.ts');
  if (!gpu.available) return cpuTrainerFactory(`CPU reference trainer (no WebGPU adapter: ${gpu.code})`);
  if (gpu.isFallbackAdapter) {
    return cpuTrainerFactory(`CPU reference trainer (${gpu.adapterName} is a software adapter, slower than the CPU)`);
  }
  const engine = `WebGPU trainer on ${gpu.adapterName}`;
  // Imported now, not at the first step: no code is fetched once a job runs.
  const { createWebGpuTrainer, restoreWebGpuTrainer } = await import('../training/webgpu/index.ts');
  return async (start, shape) => {
    const sizes = { maxBatchSize: shape.batchSize, maxSeqLen: shape.maxSequenceLength };
    const trainer =
      start.kind === 'base'
        ? await createWebGpuTrainer(start.config, start.weights, { settings: start.settings, ...sizes })
        : await restoreWebGpuTrainer(start.checkpoint, sizes);
    return named(trainer, engine);
  };
}
