import { describe, expect, it } from 'vitest';
import { fineTuneJob, type TrainerFactory } from './fine-tune.ts';
import { PAPER_SETTINGS } from './hyperparameters.ts';
import { JobRepository, memoryStore } from './job-store.ts';
import type { DistilledItem, ForgeJob } from './job.ts';
import { tinyConfig, tinyWeights } from './testing/tiny-model.ts';
import { cpuTrainerFactory } from './trainers.ts';

const config = tinyConfig;
const randomWeights = () => tinyWeights();

const item = (i: number): DistilledItem => ({
  source: `s${i}`,
  userTurn: `t${i}`,
  promptTokens: [1, 3 + (i % 7), 4],
  responseTokens: [10 + (i % 5), 20 + (i % 3), 2],
  text: '',
  finishReason: 'eos',
});

async function seeded(): Promise<{ repo: JobRepository; job: ForgeJob }> {
  const repo = new JobRepository(memoryStore());
  const job: ForgeJob = {
    id: 'forge-test',
    createdAt: 0,
    language: 'de',
    target: 't',
    baseDrafter: 'd',
    corpusName: 'test',
    corpusStats: { texts: 12, sentences: 12, duplicates: 0, tooShort: 0, tooLong: 0, usable: 12, capped: 0 },
    trainCount: 10,
    heldOutCount: 2,
    maxNewTokens: 4,
    settings: {
      ...PAPER_SETTINGS,
      learningRate: 1e-2,
      batchSize: 3,
      epochs: 2,
      heldOutEvery: 2,
      checkpointEvery: 100,
      maxSequenceLength: 16,
    },
    stage: 'distilled',
    distilled: { train: 10, heldOut: 2 },
    training: null,
    evaluation: null,
    installedId: null,
  };
  await repo.createJob(job, { train: [], heldOut: [] });
  await repo.saveOutputs(
    job.id,
    'train',
    Array.from({ length: 10 }, (_, i) => item(i)),
  );
  await repo.saveOutputs(job.id, 'heldOut', [item(20), item(21)]);
  return { repo, job };
}

/** The CPU trainer, counting steps and recording each batch's tokens. */
function counting(): { factory: TrainerFactory; batches: string[] } {
  const batches: string[] = [];
  const inner = cpuTrainerFactory('cpu');
  return {
    batches,
    factory: async (start, shape) => {
      const trainer = await inner(start, shape);
      return { ...trainer, step: (batch) => (batches.push(batch.tokens.join()), trainer.step(batch)) };
    },
  };
}

const base = async () => ({ config, weights: randomWeights() });

describe('fine-tuning a job', () => {
  it('resumed after a pause, trains exactly the batches of an uninterrupted run, to the same weights', async () => {
    const whole = await seeded();
    const straight = counting();
    const a = await fineTuneJob({
      ...whole,
      base,
      createTrainer: straight.factory,
      signal: new AbortController().signal,
    });
    expect(a.status).toBe('done');
    expect(straight.batches).toHaveLength(8); // 2 epochs × ⌈10 / 3⌉ batches

    const split = await seeded();
    const interrupted = counting();
    const controller = new AbortController();
    const first = await fineTuneJob({
      ...split,
      base,
      createTrainer: interrupted.factory,
      signal: controller.signal,
      onProgress: ({ training }) => training.step === 5 && controller.abort(),
    });
    expect(first.status).toBe('paused');
    expect((await split.repo.loadCheckpoint(split.job.id))!.training).toMatchObject({
      step: 5,
      epoch: 1,
      batchInEpoch: 1,
    });
    const second = await fineTuneJob({
      repo: split.repo,
      job: first.job,
      base: () => Promise.reject(new Error('a resumed run must not reload the base')),
      createTrainer: interrupted.factory,
      signal: new AbortController().signal,
    });
    expect(second.status).toBe('done');
    expect(interrupted.batches).toEqual(straight.batches);

    const weightsA = (await whole.repo.loadCheckpoint(whole.job.id))!.checkpoint.weights;
    const weightsB = (await split.repo.loadCheckpoint(split.job.id))!.checkpoint.weights;
    expect(weightsB).toEqual(weightsA);
    const losses = second.job.training!.losses;
    expect(losses.map((p) => p.step)).toEqual([1, 2, 3, 4, 5, 6, 7, 8]);
    expect(losses.filter((p) => p.heldOut !== undefined).map((p) => p.step)).toEqual([2, 4, 6, 8]);
    // The base weights given to the trainer are never changed (stop leaves the base drafter untouched).
    const fresh = randomWeights();
    const given = randomWeights();
    await fineTuneJob({
      ...(await seeded()),
      base: async () => ({ config, weights: given }),
      createTrainer: cpuTrainerFactory(),
      signal: new AbortController().signal,
    });
    expect(given).toEqual(fresh);
  });
});
