import type { TrainerFactory } from '../forge/fine-tune.ts';
import type { GpuReport } from '../protocol/protocol.ts';

/**
 * Which engine fine-tunes a drafter here, and why (the Forge panel shows the reason). The CPU
 * reference trainer runs everywhere; it is the one used on a software adapter (SwiftShader), where
 * emulated WebGPU is slower than plain TypeScript, and where there is no adapter at all.
 */
export async function chooseTrainer(gpu: GpuReport): Promise<TrainerFactory> {
  const { cpuTrainerFactory } = await import('../forge/trainers.ts');
  const why = !gpu.available
    ? `no WebGPU adapter (${gpu.code})`
    : gpu.isFallbackAdapter
      ? `${gpu.adapterName} is a software adapter, slower than the CPU`
      : 'the WebGPU trainer is not part of this build yet';
  return cpuTrainerFactory(`CPU reference trainer (${why})`);
}
