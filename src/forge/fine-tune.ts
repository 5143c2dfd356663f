import type { LlamaConfig } from '../llama/config.ts';
import type { LlamaWeights } from '../llama/weights.ts';
import { makeBatch, trimBatch } from '../training/batch.ts';
import { TrainingRng } from '../training/rng.ts';
import type { DrafterTrainer, OptimizerSettings, TrainingCheckpoint, TrainingExample } from '../training/types.ts';
import { ForgeStateError } from './errors.ts';
import { optimizerSettings, totalSteps } from './hyperparameters.ts';
import type { JobRepository } from './job-store.ts';
import type { DistilledItem, ForgeJob, LossPoint, TrainingState } from './job.ts';

/**
 * Fine-tuning the base drafter on the job's distilled train split. Each epoch's batch order is a
 * function of the job's seed and the epoch alone, and a checkpoint records the epoch and the batch
 * reached, so a resumed run trains exactly the batches an uninterrupted one would: none skipped,
 * none twice. Held-out loss is measured on the held-out split, which is never trained on.
 */

/** A trainer for the forge: the engine's contract plus which engine it is and why. */
export interface ForgeTrainer extends DrafterTrainer {
  readonly engine: string;
}

/** The largest batch a trainer will be given: engines that allocate up front size their buffers by it. */
export interface BatchShape {
  batchSize: number;
  maxSequenceLength: number;
}

export type TrainerFactory = (
  start:
    | { kind: 'base'; config: LlamaConfig; weights: LlamaWeights; settings: OptimizerSettings }
    | { kind: 'checkpoint'; checkpoint: TrainingCheckpoint },
  shape: BatchShape,
) => Promise<ForgeTrainer>;

export interface TrainProgress {
  training: TrainingState;
  /** Training tokens per second in this session. */
  tokensPerSecond: number;
  secondsLeft: number | null;
}

export interface FineTuneOptions {
  repo: JobRepository;
  job: ForgeJob;
  /** The base drafter's weights; read only when there is no checkpoint to resume from. */
  base: () => Promise<{ config: LlamaConfig; weights: LlamaWeights }>;
  createTrainer: TrainerFactory;
  signal: AbortSignal;
  onProgress?: (progress: TrainProgress) => void;
  now?: () => number;
}

export function toExample(item: DistilledItem): TrainingExample {
  return { prompt: item.promptTokens, response: item.responseTokens };
}

export async function fineTuneJob(options: FineTuneOptions): Promise<{ status: 'done' | 'paused'; job: ForgeJob }> {
  const { repo, signal, now = () => performance.now() } = options;
  let job = options.job;
  if (job.stage === 'prepared') throw new ForgeStateError('distil the sentences before fine-tuning');
  const train = (await repo.loadOutputs(job.id, 'train')).map(toExample);
  const heldOut = (await repo.loadOutputs(job.id, 'heldOut')).map(toExample);
  if (train.length === 0) throw new ForgeStateError('there are no distilled train sentences to fine-tune on');
  const { settings } = job;
  const steps = totalSteps(train.length, settings);
  const saved = await repo.loadCheckpoint(job.id);
  if (saved?.training.done) return { status: 'done', job };
  const shape = { batchSize: settings.batchSize, maxSequenceLength: settings.maxSequenceLength };
  const trainer = saved
    ? await options.createTrainer({ kind: 'checkpoint', checkpoint: saved.checkpoint }, shape)
    : await options.createTrainer(
        { kind: 'base', ...(await options.base()), settings: optimizerSettings(settings, steps) },
        shape,
      );
  let state: TrainingState = saved?.training ?? {
    step: 0,
    totalSteps: steps,
    epoch: 0,
    batchInEpoch: 0,
    losses: [],
    engine: trainer.engine,
    done: false,
    elapsedMs: 0,
    trainedTokens: 0,
  };
  const vocab = trainer.config.vocabSize;
  const batchOf = (examples: readonly TrainingExample[]) =>
    trimBatch(makeBatch(examples, settings.maxSequenceLength, vocab));
  const save = async (training: TrainingState) => {
    await repo.saveCheckpoint(job.id, { checkpoint: await trainer.checkpoint(), training });
    job = { ...job, training };
    await repo.saveJob(job);
  };
  const sessionStart = now();
  const elapsedBefore = state.elapsedMs;
  let sessionTokens = 0;
  try {
    for (; state.epoch < settings.epochs; state = { ...state, epoch: state.epoch + 1, batchInEpoch: 0 }) {
      const batches = epochBatches(train, settings.batchSize, epochSeed(settings.seed, state.epoch));
      for (; state.batchInEpoch < batches.length; ) {
        if (signal.aborted) {
          await save(state);
          return { status: 'paused', job };
        }
        // A training step is long synchronous work on the CPU trainer: let the worker answer its
        // heartbeat and pause commands between steps.
        await yieldToEventLoop();
        const result = await trainer.step(batchOf(batches[state.batchInEpoch]!));
        sessionTokens += result.tokenCount;
        const point: LossPoint = { step: result.step, train: result.loss };
        const last = result.step >= steps;
        if (heldOut.length > 0 && (result.step % settings.heldOutEvery === 0 || last)) {
          point.heldOut = await heldOutLoss(trainer, heldOut, settings.batchSize, batchOf);
        }
        const elapsedMs = elapsedBefore + (now() - sessionStart);
        state = {
          ...state,
          step: result.step,
          batchInEpoch: state.batchInEpoch + 1,
          losses: [...state.losses, point],
          elapsedMs,
          trainedTokens: state.trainedTokens + result.tokenCount,
        };
        if (result.step % settings.checkpointEvery === 0) await save(state);
        const seconds = (now() - sessionStart) / 1000;
        options.onProgress?.({
          training: state,
          tokensPerSecond: seconds > 0 ? sessionTokens / seconds : 0,
          secondsLeft: state.step > 0 ? (elapsedMs / 1000 / state.step) * (steps - state.step) : null,
        });
      }
    }
    state = { ...state, done: true };
    await save(state);
    job = { ...job, stage: 'trained', training: state };
    await repo.saveJob(job);
    return { status: 'done', job };
  } finally {
    trainer.dispose();
  }
}

/** Mean held-out loss over every held-out example, weighted by target tokens. */
async function heldOutLoss(
  trainer: DrafterTrainer,
  examples: readonly TrainingExample[],
  batchSize: number,
  batchOf: (examples: readonly TrainingExample[]) => ReturnType<typeof makeBatch>,
): Promise<number> {
  let sum = 0;
  let tokens = 0;
  for (let i = 0; i < examples.length; i += batchSize) {
    const { loss, tokenCount } = await trainer.evaluate(batchOf(examples.slice(i, i + batchSize)));
    sum += loss * tokenCount;
    tokens += tokenCount;
  }
  return tokens > 0 ? sum / tokens : Number.NaN;
}

function yieldToEventLoop(): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, 0));
}

/** One epoch's batches: every example once, in an order fixed by the seed. */
export function epochBatches<T>(items: readonly T[], batchSize: number, seed: number): T[][] {
  const order = new TrainingRng(seed).permutation(items.length);
  const batches: T[][] = [];
  for (let i = 0; i < order.length; i += batchSize) batches.push(order.slice(i, i + batchSize).map((k) => items[k]!));
  return batches;
}

/** A distinct, reproducible stream per epoch (golden-ratio stride keeps nearby seeds apart). */
function epochSeed(seed: number, epoch: number): number {
  return (seed + Math.imul(epoch + 1, 0x9e3779b9)) >>> 0;
}
