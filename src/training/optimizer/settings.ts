import { InvalidArgumentError } from '../../errors.ts';
import type { OptimizerSettings } from '../types.ts';

/**
 * The paper's fine-tuning recipe (Kthyeon/Multilingual-SpecBench, train/scripts/train_vicuna_68m.sh,
 * run through the Hugging Face Trainer): lr 2e-5, weight decay 0, warm-up 3 % of the steps, cosine
 * decay to 0, 3 epochs, an effective batch of 128 sequences (2 per device × 4 GPUs × 16 accumulation
 * steps). The Trainer's AdamW defaults fill in the rest: β = (0.9, 0.999), ε = 1e-8, clip at 1.0.
 */
export const PAPER_EPOCHS = 3;
export const PAPER_BATCH_SEQUENCES = 128;
export const PAPER_WARMUP_RATIO = 0.03;

/** The paper's settings for a run of `totalSteps` optimizer steps. */
export function paperSettings(totalSteps: number): OptimizerSettings {
  return validateSettings({
    learningRate: 2e-5,
    beta1: 0.9,
    beta2: 0.999,
    epsilon: 1e-8,
    weightDecay: 0,
    clipNorm: 1,
    warmupSteps: Math.ceil(PAPER_WARMUP_RATIO * totalSteps), // the Trainer rounds warm-up up too
    totalSteps,
    schedule: 'cosine',
    minLearningRateRatio: 0,
  });
}

/** Settings for short runs on tiny models (tests, fixtures): a rate a few-hundred-step run can use. */
export function defaultSettings(totalSteps: number, overrides: Partial<OptimizerSettings> = {}): OptimizerSettings {
  return validateSettings({
    learningRate: 1e-3,
    beta1: 0.9,
    beta2: 0.999,
    epsilon: 1e-8,
    weightDecay: 0.01,
    clipNorm: 1,
    warmupSteps: Math.ceil(0.05 * totalSteps),
    totalSteps,
    schedule: 'cosine',
    minLearningRateRatio: 0.1,
    ...overrides,
  });
}

/** Throws InvalidArgumentError naming the first setting out of range; returns the settings. */
export function validateSettings(s: OptimizerSettings): OptimizerSettings {
  const fail = (reason: string): never => {
    throw new InvalidArgumentError(`optimizer settings: ${reason}`);
  };
  const finiteAtLeast = (key: keyof OptimizerSettings, value: number, min: number): void => {
    if (!Number.isFinite(value) || value < min) fail(`${key} must be a finite number ≥ ${min}, got ${value}`);
  };
  finiteAtLeast('learningRate', s.learningRate, 0);
  finiteAtLeast('weightDecay', s.weightDecay, 0);
  if (!(s.epsilon > 0) || !Number.isFinite(s.epsilon)) fail(`epsilon must be positive, got ${s.epsilon}`);
  for (const key of ['beta1', 'beta2'] as const) {
    if (!(s[key] >= 0 && s[key] < 1)) fail(`${key} must lie in [0, 1), got ${s[key]}`);
  }
  if (!(s.clipNorm > 0)) fail(`clipNorm must be positive (Infinity turns clipping off), got ${s.clipNorm}`);
  if (!Number.isSafeInteger(s.totalSteps) || s.totalSteps < 1)
    fail(`totalSteps must be a positive integer, got ${s.totalSteps}`);
  if (!Number.isSafeInteger(s.warmupSteps) || s.warmupSteps < 0 || s.warmupSteps > s.totalSteps) {
    fail(`warmupSteps must be an integer in [0, totalSteps = ${s.totalSteps}], got ${s.warmupSteps}`);
  }
  if (!(s.minLearningRateRatio >= 0 && s.minLearningRateRatio <= 1)) {
    fail(`minLearningRateRatio must lie in [0, 1], got ${s.minLearningRateRatio}`);
  }
  if (!['cosine', 'linear', 'constant'].includes(s.schedule)) fail(`unknown schedule ${JSON.stringify(s.schedule)}`);
  return s;
}
