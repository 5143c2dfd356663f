import { describe, expect, it } from 'vitest';
import { microConfig, randomWeights } from '../../engines/llama-cpu/testing.ts';
import type { LlamaConfig } from '../../llama/config.ts';
import { makeBatch } from '../batch.ts';
import { defaultSettings } from '../optimizer/settings.ts';
import { sampleBatch } from '../rng.ts';
import type { TrainingExample } from '../types.ts';
import { CpuDrafterTrainer } from './cpu-trainer.ts';

const EXAMPLES: TrainingExample[] = Array.from({ length: 12 }, (_, i) => ({
  prompt: [1, 3 + (i % 7), 4 + (i % 5)],
  response: [5 + (i % 6), 3 + ((i * 3) % 8), 2].slice(0, 1 + (i % 3)),
}));

/** Steps drawing each batch from the trainer's own RNG; returns the losses. */
async function train(trainer: CpuDrafterTrainer, steps: number): Promise<number[]> {
  const losses: number[] = [];
  for (let i = 0; i < steps; i++) {
    const batch = makeBatch(sampleBatch(EXAMPLES, 4, trainer.rng), 8);
    losses.push((await trainer.step(batch)).loss);
  }
  return losses;
}

async function expectResumeIsExact(config: LlamaConfig): Promise<void> {
  const options = { settings: defaultSettings(20, { learningRate: 5e-3 }), seed: 99 };
  const weights = randomWeights(config, 41);
  const straight = await train(CpuDrafterTrainer.create(config, weights, options), 20);

  const first = CpuDrafterTrainer.create(config, weights, options);
  const head = await train(first, 8);
  // structuredClone: what IndexedDB does to the checkpoint (keeps the tie by shared reference).
  const saved = structuredClone(await first.checkpoint());
  first.dispose();
  const tail = await train(CpuDrafterTrainer.restore(saved), 12);
  expect([...head, ...tail]).toEqual(straight); // bit for bit: same data, same arithmetic
  expect(straight[19]).toBeLessThan(straight[0]);
}

describe('CpuDrafterTrainer', () => {
  it('resumed from a checkpoint, continues the uninterrupted loss curve exactly (untied)', async () => {
    await expectResumeIsExact(microConfig());
  });

  it('resumed from a checkpoint, continues the uninterrupted loss curve exactly (tied)', async () => {
    await expectResumeIsExact(microConfig({ tieWordEmbeddings: true }));
  });

  it('restores a tied checkpoint whose LM head lost its identity (JSON-like copies)', async () => {
    const config = microConfig({ tieWordEmbeddings: true });
    const trainer = CpuDrafterTrainer.create(config, randomWeights(config, 42), {
      settings: defaultSettings(4),
    });
    await train(trainer, 2);
    const checkpoint = await trainer.checkpoint();
    const separate = { ...checkpoint, weights: { ...checkpoint.weights, lmHead: checkpoint.weights.lmHead.slice() } };
    const restored = await CpuDrafterTrainer.restore(separate).weights();
    expect(restored.lmHead).toBe(restored.tokenEmbedding);
  });

  it('gives the same step with micro-batches as with the whole batch (gradient accumulation)', async () => {
    const config = microConfig();
    const weights = randomWeights(config, 43);
    const settings = defaultSettings(3);
    const batch = makeBatch(EXAMPLES.slice(0, 6), 8);
    const whole = CpuDrafterTrainer.create(config, weights, { settings });
    const micro = CpuDrafterTrainer.create(config, weights, { settings, microBatchRows: 2 });
    for (let i = 0; i < 3; i++) {
      const [a, b] = [await whole.step(batch), await micro.step(batch)];
      expect(b.loss).toBeCloseTo(a.loss, 7); // float32 gradients summed in another grouping
      expect(b.gradNorm).toBeCloseTo(a.gradNorm, 6);
      expect(b.tokenCount).toBe(a.tokenCount);
    }
    const [wa, wb] = [await whole.weights(), await micro.weights()];
    wa.lmHead.forEach((v, i) => expect(wb.lmHead[i]).toBeCloseTo(v, 5));
  });

  it('evaluates without changing anything, reports the step, and never touches the caller’s weights', async () => {
    const config = microConfig();
    const weights = randomWeights(config, 44);
    const original = weights.finalNorm.slice();
    const trainer = CpuDrafterTrainer.create(config, weights, { settings: defaultSettings(5) });
    const batch = makeBatch(EXAMPLES.slice(0, 4), 8);
    const before = await trainer.evaluate(batch);
    expect(await trainer.evaluate(batch)).toEqual(before);
    const result = await trainer.step(batch);
    expect(result).toMatchObject({ step: 1, loss: before.loss, tokenCount: before.tokenCount });
    expect(result.learningRate).toBeGreaterThan(0);
    expect((await trainer.evaluate(batch)).loss).toBeLessThan(before.loss);
    expect(weights.finalNorm).toEqual(original);
    expect(trainer.stepCount).toBe(1);
    trainer.dispose();
    await expect(trainer.step(batch)).rejects.toThrow(/disposed/);
  });

  it('refuses a bad micro-batch size and a bad checkpoint step', async () => {
    const config = microConfig();
    const settings = defaultSettings(5);
    expect(() => CpuDrafterTrainer.create(config, randomWeights(config), { settings, microBatchRows: 0 })).toThrow(
      /microBatchRows/,
    );
    const checkpoint = await CpuDrafterTrainer.create(config, randomWeights(config), { settings }).checkpoint();
    expect(() => CpuDrafterTrainer.restore({ ...checkpoint, step: -1 })).toThrow(/step/);
  });
});
