import { describe, expect, it } from 'vitest';
import { createForwardState, forward } from '../../engines/llama-cpu/forward.ts';
import { microConfig, randomWeights } from '../../engines/llama-cpu/testing.ts';
import type { LlamaConfig } from '../../llama/config.ts';
import { makeBatch } from '../batch.ts';
import { referenceLogits } from './logits.ts';

/** Max |reference − llama-cpu| / (1 + |llama-cpu|) over every real (non-padding) position. */
function worstDeviation(config: LlamaConfig, seed: number, rows: number[][], seqLen: number): number {
  const weights = randomWeights(config, seed);
  const batch = makeBatch(
    rows.map((r) => ({ prompt: r, response: [] })),
    seqLen,
  );
  const logits = referenceLogits(config, weights, batch);
  let worst = 0;
  rows.forEach((tokens, b) => {
    const state = createForwardState(config, seqLen);
    const expected = forward(
      config,
      weights,
      state,
      tokens,
      0,
      tokens.map((_, t) => t),
    );
    expected.forEach((row, t) => {
      const base = (b * seqLen + t) * config.vocabSize;
      row.forEach((value, v) => {
        worst = Math.max(worst, Math.abs(logits[base + v] - value) / (1 + Math.abs(value)));
      });
    });
  });
  return worst;
}

// llama-cpu stores every intermediate in float32, the reference in float64: their logits differ by
// float32 rounding (~1e-7 relative per op), far inside 1e-5.
describe('reference forward', () => {
  const rows = [
    [1, 5, 9, 3, 7, 7, 2],
    [1, 4, 10],
    [1, 6, 3, 8, 5, 9],
  ];

  it('gives llama-cpu’s logits at every real position of a padded batch (GQA, untied)', () => {
    expect(worstDeviation(microConfig(), 11, rows, 8)).toBeLessThan(1e-5);
  });

  it('gives llama-cpu’s logits with tied embeddings, MHA and three layers', () => {
    const config = microConfig({ tieWordEmbeddings: true, numKvHeads: 2, numLayers: 3 });
    expect(worstDeviation(config, 12, rows, 7)).toBeLessThan(1e-5);
  });

  it('gives llama-cpu’s logits with 4 query heads per kv head and a head_dim that is not hidden/heads', () => {
    const config = microConfig({ hiddenSize: 12, numHeads: 4, numKvHeads: 1, headDim: 6 });
    expect(worstDeviation(config, 13, rows, 9)).toBeLessThan(1e-5);
  });
});
