import { describe, expect, it } from 'vitest';
import { microConfig, randomWeights } from '../../engines/llama-cpu/testing.ts';
import type { LlamaConfig } from '../../llama/config.ts';
import { splitBatch, targetCount } from '../batch.ts';
import { parameterTensors, zerosLike } from '../optimizer/parameters.ts';
import { TrainingRng } from '../rng.ts';
import { lossAndGradients, referenceLoss } from './gradients.ts';
import { paddedTestBatch } from './testing/batches.ts';
import { checkGradient } from './testing/gradcheck.ts';

// Whole-model check: weights are float32, the loss float64. h = 1e-4 on weights of size ~0.1–1
// keeps the central difference's truncation error (~h²) small while the loss's float64 rounding
// stays ~1e-11 absolute; dividing by the stored perturbation removes float32 rounding of w ± h.
// Gradients are stored in float32 (~6e-8 relative). The worst error measured over both models
// was 1.6e-6 (a down_proj and an embedding entry); 1e-5 leaves a 6× margin, while any wrong term
// in a backward gives errors of order 1e-2 or more.
const CHECK = { tolerance: 1e-5, h: 1e-4, floor: 1e-6 };
const SAMPLES_PER_TENSOR = 8;

function checkWholeModel(config: LlamaConfig, seed: number): void {
  const weights = randomWeights(config, seed);
  const batch = paddedTestBatch();
  const grads = zerosLike(config);
  const { loss } = lossAndGradients(config, weights, batch, grads);
  expect(loss).toBeGreaterThan(0);
  const objective = (): number => referenceLoss(config, weights, batch).loss;
  const rng = new TrainingRng(seed);
  const gradTensors = parameterTensors(config, grads);
  parameterTensors(config, weights).forEach((p, i) => {
    const indices = Array.from({ length: SAMPLES_PER_TENSOR }, () => Math.floor(rng.next() * p.data.length));
    if (p.name === 'model.embed_tokens.weight' || p.name === 'lm_head.weight') {
      // Rows of tokens that occur (inputs, targets) besides random ones, which are mostly zero.
      for (const token of [1, 7, 9, 10]) indices.push(token * config.hiddenSize + (token % config.hiddenSize));
    }
    checkGradient(p.name, objective, p.data, gradTensors[i].data, { ...CHECK, indices });
  });
}

describe('reference gradients against central finite differences of the whole model', () => {
  it('untied embeddings, GQA (2 query heads per kv head), padded batch with masked prompts', () => {
    checkWholeModel(microConfig(), 21);
  });

  it('tied embeddings: the LM head gradient lands in the embedding', () => {
    checkWholeModel(microConfig({ tieWordEmbeddings: true, numHeads: 4, numKvHeads: 2, hiddenSize: 8 }), 22);
  });

  it('a gradient the padding or the prompt could fake is zero: padding tokens get none', () => {
    const config = microConfig();
    const weights = randomWeights(config, 23);
    const grads = zerosLike(config);
    const batch = paddedTestBatch(); // row 3's last position (t = 6) is padding, token 0
    lossAndGradients(config, weights, batch, grads);
    const padRow = grads.tokenEmbedding.subarray(0, config.hiddenSize); // token 0 appears only as padding
    expect(padRow.every((g) => g === 0)).toBe(true);
  });

  it('micro-batches normalised by the whole batch add up to the whole batch’s loss and gradient', () => {
    const config = microConfig();
    const weights = randomWeights(config, 24);
    const batch = paddedTestBatch();
    const whole = zerosLike(config);
    const full = lossAndGradients(config, weights, batch, whole);
    const accumulated = zerosLike(config);
    let loss = 0;
    for (const part of splitBatch(batch, 2)) {
      loss += lossAndGradients(config, weights, part, accumulated, targetCount(batch)).loss;
    }
    expect(loss).toBeCloseTo(full.loss, 12);
    const a = parameterTensors(config, accumulated);
    parameterTensors(config, whole).forEach((p, i) => {
      p.data.forEach((g, j) => expect(a[i].data[j]).toBeCloseTo(g, 6));
    });
  });

  it('refuses a batch without targets', () => {
    const config = microConfig();
    const batch = { ...paddedTestBatch(), targets: new Int32Array(21).fill(-1) };
    expect(() => lossAndGradients(config, randomWeights(config), batch, zerosLike(config))).toThrow(
      /no response targets/,
    );
  });
});
