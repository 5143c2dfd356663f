import { CpuDrafterTrainer } from '../training/reference/cpu-trainer.ts';
import type { DrafterTrainer } from '../training/types.ts';
import type { ForgeTrainer, TrainerFactory } from './fine-tune.ts';

/** The plain-TypeScript reference trainer: exact and slow; the forge's trainer where WebGPU is not. */
export function cpuTrainerFactory(reason = 'the CPU reference trainer'): TrainerFactory {
  return async (start, _shape) =>
    named(
      start.kind === 'base'
        ? CpuDrafterTrainer.create(start.config, start.weights, { settings: start.settings })
        : CpuDrafterTrainer.restore(start.checkpoint),
      reason,
    );
}

/** A trainer that says which engine it is (the UI shows it). */
export function named(trainer: DrafterTrainer, engine: string): ForgeTrainer {
  return {
    engine,
    config: trainer.config,
    step: (batch) => trainer.step(batch),
    evaluate: (batch) => trainer.evaluate(batch),
    weights: () => trainer.weights(),
    checkpoint: () => trainer.checkpoint(),
    dispose: () => trainer.dispose(),
  };
}
