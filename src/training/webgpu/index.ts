export { createWebGpuTrainer, restoreWebGpuTrainer } from './open-trainer.ts';
export { WebGpuTrainer, type WebGpuTrainerOptions } from './webgpu-trainer.ts';
export {
  DEFAULT_MEMORY_BUDGET,
  planBuffers,
  planTrainer,
  type PlannedBuffer,
  type TrainerPlan,
  type TrainingLimits,
} from './plan.ts';
export { defaultTuning, type TrainingTuning } from './tuning.ts';
