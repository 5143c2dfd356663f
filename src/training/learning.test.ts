import { beforeAll, describe, expect, it } from 'vitest';
import { LEARN_DRAFTER_DIR, LEARN_TARGET_DIR } from '../../scripts/fixtures/paths.ts';
import { nodeFolderSource } from '../../scripts/lib/node-folder-source.ts';
import { createLlamaCpu, type LlamaCpu, loadLlamaCpu } from '../engines/llama-cpu/llama-cpu.ts';
import { readCheckpoint } from '../llama/checkpoint.ts';
import { type LlamaConfig, readLlamaConfig } from '../llama/config.ts';
import { type LlamaWeights, loadLlamaWeights } from '../llama/weights.ts';
import { makeBatch } from './batch.ts';
import { measureAcceptance } from './measure-acceptance.ts';
import { defaultSettings } from './optimizer/settings.ts';
import { CpuDrafterTrainer } from './reference/cpu-trainer.ts';
import { sampleBatch, TrainingRng } from './rng.ts';
import { selfDistill } from './self-distill.ts';

/**
 * The learning test: the learn-drafter fine-tuned on learn-target's own greedy outputs for 600
 * prompts must be accepted more often on 60 prompts it never saw. Prompts are BOS + 4–8 token ids
 * drawn uniformly from the vocabulary (no two prompts alike); outputs are 8 greedy tokens.
 */
const TRAIN_PROMPTS = 600;
const HELD_OUT_PROMPTS = 60;
const STOP = { maxNewTokens: 8, eosTokenIds: [2] };
const GAMMA = 4;
const STEPS = 150;
const BATCH = 4;
const SEQ_LEN = 24; // ≤ 9 prompt tokens + 8 response tokens + EOS fit

let target: LlamaCpu;
let drafter: { config: LlamaConfig; weights: LlamaWeights };

beforeAll(async () => {
  target = await loadLlamaCpu(nodeFolderSource(LEARN_TARGET_DIR));
  const source = nodeFolderSource(LEARN_DRAFTER_DIR);
  const config = await readLlamaConfig(source);
  drafter = { config, weights: loadLlamaWeights(await readCheckpoint(source), config) };
});

function randomPrompts(count: number, rng: TrainingRng, vocabSize: number): number[][] {
  return Array.from({ length: count }, () => {
    const length = 4 + Math.floor(rng.next() * 5);
    return [1, ...Array.from({ length }, () => 3 + Math.floor(rng.next() * (vocabSize - 3)))];
  });
}

describe('fine-tuning the drafter on the target’s greedy outputs (CPU reference)', () => {
  it('raises greedy α on held-out prompts', { timeout: 600_000 }, async () => {
    const rng = new TrainingRng(20240626);
    const heldOut = randomPrompts(HELD_OUT_PROMPTS, rng, drafter.config.vocabSize);
    const train = randomPrompts(TRAIN_PROMPTS, rng, drafter.config.vocabSize);
    const measure = { ...STOP, draftLength: GAMMA };

    const before = await measureAcceptance(target, createLlamaCpu(drafter.config, drafter.weights), heldOut, measure);
    const examples = await selfDistill(target, train, STOP);
    const trainer = CpuDrafterTrainer.create(drafter.config, drafter.weights, {
      settings: defaultSettings(STEPS, { learningRate: 3e-3, weightDecay: 0 }),
      seed: 7,
    });
    const losses: number[] = [];
    for (let step = 0; step < STEPS; step++) {
      const batch = makeBatch(sampleBatch(examples, BATCH, trainer.rng), SEQ_LEN, drafter.config.vocabSize);
      losses.push((await trainer.step(batch)).loss);
    }
    const tuned = createLlamaCpu(drafter.config, await trainer.weights());
    const after = await measureAcceptance(target, tuned, heldOut, measure);

    const mean = (xs: number[]): number => xs.reduce((a, b) => a + b, 0) / xs.length;
    console.log(
      `learning test (CPU reference, ${STEPS} steps × ${BATCH} sequences): held-out greedy α ` +
        `${before.acceptanceRate.toFixed(3)} → ${after.acceptanceRate.toFixed(3)} (γ = ${GAMMA}, ` +
        `${before.judgedTokens} → ${after.judgedTokens} judged drafts); τ ${before.meanTokensPerPass.toFixed(2)} → ` +
        `${after.meanTokensPerPass.toFixed(2)}; training loss, mean of first/last 10 steps ` +
        `${mean(losses.slice(0, 10)).toFixed(2)} → ${mean(losses.slice(-10)).toFixed(2)}`,
    );
    // Measured on this data (2-core EPYC): α 0.394 → 0.622, training loss 5.6 → 0.87. While the
    // fixture and the run were chosen, other prompt sets gave gains of 0.22–0.32 at this learning
    // rate; a higher rate (5e-3) overfits the training prompts (0.40 → 0.53). The rank-2 change
    // moves the target's argmax on about 60 % of positions, so the untrained drafter sits near 0.4.
    // A gain above 0.12, about half the measured one, fails a trainer that learns nothing or only
    // memorises its training prompts, and leaves room for float-level changes in the arithmetic.
    expect(before.acceptanceRate).toBeLessThan(0.55);
    expect(after.acceptanceRate - before.acceptanceRate).toBeGreaterThan(0.12);
    expect(mean(losses.slice(-10))).toBeLessThan(mean(losses.slice(0, 10)));
  });
});
