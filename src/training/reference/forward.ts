import { type RopeTables, ropeTables } from '../../engines/llama-cpu/math.ts';
import type { LlamaConfig } from '../../llama/config.ts';
import type { LlamaLayerWeights, LlamaWeights } from '../../llama/weights.ts';
import type { TrainingBatch } from '../types.ts';
import { allocateActivations, type ForwardActivations, type LayerActivations } from './activations.ts';
import { attentionForward } from './ops/attention.ts';
import { embeddingForward } from './ops/embedding.ts';
import { matmulForward } from './ops/matmul.ts';
import { rmsnormForward } from './ops/rmsnorm.ts';
import { ropeForward } from './ops/rope.ts';
import { swigluForward } from './ops/swiglu.ts';

/**
 * The batched training forward, in llama-cpu's order: embed → per layer (rmsnorm, q/k/v, RoPE,
 * causal GQA attention, o_proj + residual, rmsnorm, SwiGLU, down_proj + residual) → final norm.
 * Every row starts at position 0. Keeps what the backward needs; the LM head and the loss are in
 * classifier.ts, which runs only on the rows that carry a target.
 */
export function forwardActivations(c: LlamaConfig, w: LlamaWeights, batch: TrainingBatch): ForwardActivations {
  const { batchSize, seqLen } = batch;
  const acts = allocateActivations(c, batchSize, seqLen);
  const rows = batchSize * seqLen;
  const tables = ropeTables(seqLen, c.headDim, c.ropeTheta);

  const first = c.numLayers > 0 ? acts.layers[0].input : acts.output;
  embeddingForward(first, batch.tokens, w.tokenEmbedding, rows, c.hiddenSize);
  for (let l = 0; l < c.numLayers; l++) {
    const out = l + 1 < c.numLayers ? acts.layers[l + 1].input : acts.output;
    layerForward(c, w.layers[l], acts.layers[l], out, batchSize, seqLen, tables);
  }
  rmsnormForward(acts.finalNormed, acts.finalRstd, acts.output, w.finalNorm, rows, c.hiddenSize, c.rmsNormEps);
  return acts;
}

/** One transformer block from a.input to `out` (the next layer's input), filling `a`. */
function layerForward(
  c: LlamaConfig,
  w: LlamaLayerWeights,
  a: LayerActivations,
  out: Float64Array,
  batchSize: number,
  seqLen: number,
  tables: RopeTables,
): void {
  const rows = batchSize * seqLen;
  const dim = c.hiddenSize;
  const qDim = c.numHeads * c.headDim;
  const kvDim = c.numKvHeads * c.headDim;
  const hidden = c.intermediateSize;
  const projected = new Float64Array(rows * dim); // (N, dim) a sublayer's output before the residual add

  rmsnormForward(a.attnNormed, a.attnRstd, a.input, w.attnNorm, rows, dim, c.rmsNormEps);
  matmulForward(a.q, a.attnNormed, w.wq, rows, dim, qDim);
  matmulForward(a.k, a.attnNormed, w.wk, rows, dim, kvDim);
  matmulForward(a.v, a.attnNormed, w.wv, rows, dim, kvDim);
  ropeForward(a.q, batchSize, seqLen, c.numHeads, c.headDim, tables);
  ropeForward(a.k, batchSize, seqLen, c.numKvHeads, c.headDim, tables);
  attentionForward(a.attnOut, a.probs, a.q, a.k, a.v, { ...c, batchSize, seqLen });
  matmulForward(projected, a.attnOut, w.wo, rows, qDim, dim);
  for (let i = 0; i < rows * dim; i++) a.mid[i] = a.input[i] + projected[i];

  rmsnormForward(a.ffnNormed, a.ffnRstd, a.mid, w.ffnNorm, rows, dim, c.rmsNormEps);
  matmulForward(a.gate, a.ffnNormed, w.wGate, rows, dim, hidden);
  matmulForward(a.up, a.ffnNormed, w.wUp, rows, dim, hidden);
  swigluForward(a.hidden, a.gate, a.up, rows * hidden);
  matmulForward(projected, a.hidden, w.wDown, rows, hidden, dim);
  for (let i = 0; i < rows * dim; i++) out[i] = a.mid[i] + projected[i];
}
