import { InvalidArgumentError } from '../errors.ts';
import type { OptimizerSettings } from '../training/types.ts';

/**
 * Fine-tuning settings: the paper's as the starting point (Multilingual-SpecBench's
 * train/scripts/train_vicuna_68m.sh), and what the forge changes for the small data sets a tab
 * holds, each change with its reason, shown to the user and editable.
 */
export interface FineTuneSettings {
  learningRate: number;
  epochs: number;
  /** Sequences per optimizer step. */
  batchSize: number;
  warmupRatio: number;
  schedule: 'cosine' | 'linear' | 'constant';
  weightDecay: number;
  clipNorm: number;
  /** Prompt + response tokens per sequence; longer ones keep their start. */
  maxSequenceLength: number;
  /** Fixes the data order of every epoch (with the job, a resumed run trains the same batches). */
  seed: number;
  /** Held-out loss every this many steps (and at the end). */
  heldOutEvery: number;
  /** Checkpoint to IndexedDB every this many steps (and on pause). */
  checkpointEvery: number;
}

/**
 * The paper's run: lr 2e-5, 3 epochs, cosine with 3 % warm-up, no weight decay, 2 sequences × 16
 * accumulation steps × 4 GPUs = 128 per step, Hugging Face's default clip of 1.0, 2 048 tokens.
 */
export const PAPER_SETTINGS: FineTuneSettings = {
  learningRate: 2e-5,
  epochs: 3,
  batchSize: 128,
  warmupRatio: 0.03,
  schedule: 'cosine',
  weightDecay: 0,
  clipNorm: 1,
  maxSequenceLength: 2048,
  seed: 42,
  heldOutEvery: 25,
  checkpointEvery: 25,
};

export interface SettingChange {
  key: keyof FineTuneSettings;
  from: number | string;
  to: number | string;
  why: string;
}

/** Optimizer steps below which a data set counts as small (the paper's runs took ~23 000). */
const SMALL_RUN_STEPS = 2000;
/** In-tab batch: enough sequences for a steady gradient, few enough for many steps and a small GPU. */
const IN_TAB_BATCH = 8;
/**
 * The learning rate for short runs, from the learnable fixture pair (npm run bench:forge): at the
 * paper's 2e-5 a few hundred steps leave held-out α where it was.
 */
export const IN_TAB_LEARNING_RATE = 1e-4;

/** The settings the forge proposes for `trainCount` sentences, and what it changed from the paper's. */
export function proposeSettings(trainCount: number): { settings: FineTuneSettings; changes: SettingChange[] } {
  const settings = { ...PAPER_SETTINGS };
  const changes: SettingChange[] = [];
  const change = <K extends keyof FineTuneSettings>(key: K, to: FineTuneSettings[K], why: string) => {
    changes.push({ key, from: settings[key], to, why });
    settings[key] = to;
  };
  const paperSteps = PAPER_SETTINGS.epochs * Math.ceil(trainCount / PAPER_SETTINGS.batchSize);
  if (paperSteps < SMALL_RUN_STEPS) {
    change(
      'batchSize',
      Math.min(IN_TAB_BATCH, Math.max(1, trainCount)),
      `${trainCount} sentences in batches of 128 give only ${paperSteps} steps; batches of ${IN_TAB_BATCH} give 16× more, and 8 sequences fit a small GPU without accumulation`,
    );
    change(
      'learningRate',
      IN_TAB_LEARNING_RATE,
      'the paper moves the weights over ~23 000 steps; a run of a few hundred steps needs a larger step to move them as far (measured on the learnable fixture pair)',
    );
  }
  change(
    'maxSequenceLength',
    512,
    'one sentence and its translation under the Vicuna prompt stay far below 512 tokens; 2 048 would only pad, and activations grow with it',
  );
  return { settings, changes };
}

export function checkSettings(s: FineTuneSettings): void {
  const bad = (what: string) => {
    throw new InvalidArgumentError(`fine-tuning settings: ${what}`);
  };
  if (!(s.learningRate > 0 && s.learningRate < 1)) bad(`learning rate must be in (0, 1), got ${s.learningRate}`);
  if (!(Number.isInteger(s.epochs) && s.epochs >= 1 && s.epochs <= 100)) bad('epochs must be an integer in 1…100');
  if (!(Number.isInteger(s.batchSize) && s.batchSize >= 1 && s.batchSize <= 256)) bad('batch size must be in 1…256');
  if (!(s.warmupRatio >= 0 && s.warmupRatio < 1)) bad('warm-up ratio must be in [0, 1)');
  if (!(s.weightDecay >= 0 && s.weightDecay < 1)) bad('weight decay must be in [0, 1)');
  if (!(s.clipNorm > 0)) bad('clip norm must be positive');
  if (!(Number.isInteger(s.maxSequenceLength) && s.maxSequenceLength >= 16)) bad('max sequence length must be ≥ 16');
  if (!(Number.isInteger(s.heldOutEvery) && s.heldOutEvery >= 1)) bad('held-out interval must be ≥ 1 step');
  if (!(Number.isInteger(s.checkpointEvery) && s.checkpointEvery >= 1)) bad('checkpoint interval must be ≥ 1 step');
}

/** Optimizer steps of a whole run. */
export function totalSteps(trainCount: number, s: Pick<FineTuneSettings, 'epochs' | 'batchSize'>): number {
  return s.epochs * Math.ceil(trainCount / s.batchSize);
}

/** The training engine's optimizer settings for a run. */
export function optimizerSettings(s: FineTuneSettings, steps: number): OptimizerSettings {
  return {
    learningRate: s.learningRate,
    beta1: 0.9,
    beta2: 0.999,
    epsilon: 1e-8,
    weightDecay: s.weightDecay,
    clipNorm: s.clipNorm,
    warmupSteps: Math.ceil(s.warmupRatio * steps),
    totalSteps: steps,
    schedule: s.schedule,
    minLearningRateRatio: 0,
  };
}
