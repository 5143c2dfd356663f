import { createLlamaCpu, loadLlamaCpu } from '../../src/engines/llama-cpu/llama-cpu.ts';
import { readCheckpoint } from '../../src/llama/checkpoint.ts';
import { readLlamaConfig } from '../../src/llama/config.ts';
import { loadLlamaWeights } from '../../src/llama/weights.ts';
import { urlFolderSource } from '../../src/models/model-source.ts';
import { makeBatch } from '../../src/training/batch.ts';
import { type AcceptanceReport, measureAcceptance } from '../../src/training/measure-acceptance.ts';
import { defaultSettings } from '../../src/training/optimizer/settings.ts';
import { sampleBatch, TrainingRng } from '../../src/training/rng.ts';
import { selfDistill } from '../../src/training/self-distill.ts';
import { createWebGpuTrainer } from '../../src/training/webgpu/webgpu-trainer.ts';

/**
 * The learning test on WebGPU, with the CPU reference's protocol (src/training/learning.test.ts):
 * learn-drafter fine-tuned on learn-target's own greedy outputs for 600 prompts (BOS + 4–8 random
 * ids, 8 greedy tokens each), greedy α measured on 60 prompts the training never saw, γ = 4.
 */
const TRAIN_PROMPTS = 600;
const HELD_OUT_PROMPTS = 60;
const STOP = { maxNewTokens: 8, eosTokenIds: [2] };
const GAMMA = 4;
const BATCH = 4;
const SEQ_LEN = 24; // ≤ 9 prompt tokens + 8 response tokens + EOS fit

function randomPrompts(count: number, rng: TrainingRng, vocabSize: number): number[][] {
  return Array.from({ length: count }, () => {
    const length = 4 + Math.floor(rng.next() * 5);
    return [1, ...Array.from({ length }, () => 3 + Math.floor(rng.next() * (vocabSize - 3)))];
  });
}

export interface LearningRun {
  before: AcceptanceReport;
  after: AcceptanceReport;
  losses: number[];
  msPerStep: number;
  adapter: string;
}

export async function learnOnWebGpu(steps: number): Promise<LearningRun> {
  const target = await loadLlamaCpu(urlFolderSource('/models/learn-target/'));
  const source = urlFolderSource('/models/learn-drafter/');
  const config = await readLlamaConfig(source);
  const weights = loadLlamaWeights(await readCheckpoint(source), config);
  const rng = new TrainingRng(20240626);
  const heldOut = randomPrompts(HELD_OUT_PROMPTS, rng, config.vocabSize);
  const train = randomPrompts(TRAIN_PROMPTS, rng, config.vocabSize);
  const measure = { ...STOP, draftLength: GAMMA };

  const before = await measureAcceptance(target, createLlamaCpu(config, weights), heldOut, measure);
  const examples = await selfDistill(target, train, STOP);
  const trainer = await createWebGpuTrainer(config, weights, {
    settings: defaultSettings(steps, { learningRate: 3e-3, weightDecay: 0 }),
    seed: 7,
    maxBatchSize: BATCH,
    maxSeqLen: SEQ_LEN,
  });
  try {
    const losses: number[] = [];
    const start = performance.now();
    for (let step = 0; step < steps; step++) {
      const batch = makeBatch(sampleBatch(examples, BATCH, trainer.rng), SEQ_LEN, config.vocabSize);
      losses.push((await trainer.step(batch)).loss);
    }
    const msPerStep = (performance.now() - start) / steps;
    const after = await measureAcceptance(target, createLlamaCpu(config, await trainer.weights()), heldOut, measure);
    const info = (await navigator.gpu.requestAdapter())?.info;
    return { before, after, losses, msPerStep, adapter: `${info?.vendor} ${info?.architecture}` };
  } finally {
    trainer.dispose();
  }
}
