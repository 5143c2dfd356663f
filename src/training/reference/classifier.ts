import type { LlamaConfig } from '../../llama/config.ts';
import type { LlamaWeights } from '../../llama/weights.ts';
import { IGNORE_INDEX, type LlamaGradients, type TrainingBatch } from '../types.ts';
import { crossEntropyBackward, crossEntropyForward } from './ops/cross-entropy.ts';
import { matmulBackward, matmulForward } from './ops/matmul.ts';

/**
 * LM head + cross-entropy on the rows that carry a target only: the (rows, vocab) logits are the
 * largest tensor of a step and the prompt and padding rows need none. Rows go through in chunks so
 * the scratch is (CHUNK_ROWS, vocab); the backward recomputes each chunk's logits instead of
 * keeping them (llm.c's fused classifier does the same).
 */
const CHUNK_ROWS = 32;

/** Indices n (into the batch's B·T rows) whose target is not IGNORE_INDEX, ascending. */
export function targetRows(batch: TrainingBatch): Int32Array {
  const rows: number[] = [];
  batch.targets.forEach((t, n) => t !== IGNORE_INDEX && rows.push(n));
  return Int32Array.from(rows);
}

/** Summed cross-entropy over the targeted rows of `finalNormed` (N, dim). */
export function classifierForward(
  c: LlamaConfig,
  w: LlamaWeights,
  finalNormed: Float64Array,
  batch: TrainingBatch,
): number {
  let total = 0;
  forEachChunk(c, w, finalNormed, batch, (chunk) => (total += chunk.loss));
  return total;
}

/**
 * Adds the gradient of (summed loss · dloss) to grads.lmHead (grads.tokenEmbedding when tied:
 * they are the same array) and to dFinalNormed (N, dim); returns the summed loss, which it
 * computes on the way (so a training step runs the LM head forward once).
 */
export function classifierBackward(
  c: LlamaConfig,
  w: LlamaWeights,
  finalNormed: Float64Array,
  batch: TrainingBatch,
  dloss: number,
  grads: LlamaGradients,
  dFinalNormed: Float64Array,
): number {
  const dim = c.hiddenSize;
  let total = 0;
  forEachChunk(c, w, finalNormed, batch, ({ rows, inputs, probs, targets, count, loss }) => {
    total += loss;
    crossEntropyBackward(probs, probs, targets, dloss, count, c.vocabSize); // probs → dlogits in place
    const dInputs = new Float64Array(count * dim); // (count, dim)
    matmulBackward(dInputs, grads.lmHead, probs, inputs, w.lmHead, count, dim, c.vocabSize);
    for (let m = 0; m < count; m++) {
      for (let i = 0; i < dim; i++) dFinalNormed[rows[m] * dim + i] += dInputs[m * dim + i];
    }
  });
  return total;
}

interface Chunk {
  rows: Int32Array; //     (count,)        batch row index of each
  inputs: Float64Array; // (count, dim)    their final-normed hidden states
  probs: Float64Array; //  (count, vocab)  softmax of their logits
  targets: Int32Array; //  (count,)
  count: number;
  loss: number; //         summed over the chunk
}

function forEachChunk(
  c: LlamaConfig,
  w: LlamaWeights,
  finalNormed: Float64Array,
  batch: TrainingBatch,
  visit: (chunk: Chunk) => void,
): void {
  const dim = c.hiddenSize;
  const vocab = c.vocabSize;
  const all = targetRows(batch);
  const inputs = new Float64Array(CHUNK_ROWS * dim); //   (CHUNK_ROWS, dim)
  const probs = new Float64Array(CHUNK_ROWS * vocab); //  (CHUNK_ROWS, vocab)
  const losses = new Float64Array(CHUNK_ROWS); //         (CHUNK_ROWS,)
  for (let start = 0; start < all.length; start += CHUNK_ROWS) {
    const rows = all.subarray(start, Math.min(all.length, start + CHUNK_ROWS));
    const count = rows.length;
    const targets = Int32Array.from(rows, (n) => batch.targets[n]);
    rows.forEach((n, m) => inputs.set(finalNormed.subarray(n * dim, (n + 1) * dim), m * dim));
    matmulForward(probs, inputs, w.lmHead, count, dim, vocab); // logits, then probs in place
    const loss = crossEntropyForward(probs, losses, probs, targets, count, vocab);
    visit({
      rows,
      inputs: inputs.subarray(0, count * dim),
      probs: probs.subarray(0, count * vocab),
      targets,
      count,
      loss,
    });
  }
}
