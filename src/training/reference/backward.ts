import { type RopeTables, ropeTables } from '../../engines/llama-cpu/math.ts';
import type { LlamaConfig } from '../../llama/config.ts';
import type { LlamaLayerWeights, LlamaWeights } from '../../llama/weights.ts';
import type { LlamaGradients, TrainingBatch } from '../types.ts';
import type { ForwardActivations, LayerActivations } from './activations.ts';
import { classifierBackward } from './classifier.ts';
import { attentionBackward } from './ops/attention.ts';
import { embeddingBackward } from './ops/embedding.ts';
import { matmulBackward } from './ops/matmul.ts';
import { rmsnormBackward } from './ops/rmsnorm.ts';
import { ropeBackward } from './ops/rope.ts';
import { swigluBackward } from './ops/swiglu.ts';

/**
 * The forward in reverse: LM head and loss → final norm → per layer, last first (FFN, then
 * attention) → embedding. Adds d(summed loss · dloss)/dθ into `grads` (accumulates, so micro-batches
 * add up; clear grads between optimizer steps). dResidual (N, dim) carries the gradient of the
 * residual stream: each sublayer's norm backward adds its branch into it in place. Returns the
 * summed loss, computed by the LM head's backward on the way.
 */
export function backward(
  c: LlamaConfig,
  w: LlamaWeights,
  batch: TrainingBatch,
  acts: ForwardActivations,
  dloss: number,
  grads: LlamaGradients,
): number {
  const { batchSize, seqLen } = batch;
  const rows = batchSize * seqLen;
  const dim = c.hiddenSize;
  const tables = ropeTables(seqLen, c.headDim, c.ropeTheta);

  const dFinalNormed = new Float64Array(rows * dim); // (N, dim)
  const summedLoss = classifierBackward(c, w, acts.finalNormed, batch, dloss, grads, dFinalNormed);
  const dResidual = new Float64Array(rows * dim); // (N, dim)
  rmsnormBackward(dResidual, grads.finalNorm, dFinalNormed, acts.output, w.finalNorm, acts.finalRstd, rows, dim);
  for (let l = c.numLayers - 1; l >= 0; l--) {
    layerBackward(c, w.layers[l], grads.layers[l], acts.layers[l], dResidual, batchSize, seqLen, tables);
  }
  embeddingBackward(grads.tokenEmbedding, dResidual, batch.tokens, rows, dim);
  return summedLoss;
}

/** One block's backward: dResidual enters as d(layer output) and leaves as d(layer input). */
function layerBackward(
  c: LlamaConfig,
  w: LlamaLayerWeights,
  g: LlamaLayerWeights,
  a: LayerActivations,
  dResidual: Float64Array,
  batchSize: number,
  seqLen: number,
  tables: RopeTables,
): void {
  const rows = batchSize * seqLen;
  const dim = c.hiddenSize;
  const qDim = c.numHeads * c.headDim;
  const kvDim = c.numKvHeads * c.headDim;
  const hidden = c.intermediateSize;

  // FFN: out = mid + down(silu(gate(n)) ⊙ up(n)), n = ffn_norm(mid).
  const dHidden = new Float64Array(rows * hidden); // (N, hidden)
  matmulBackward(dHidden, g.wDown, dResidual, a.hidden, w.wDown, rows, hidden, dim);
  const dGate = new Float64Array(rows * hidden); //   (N, hidden)
  const dUp = new Float64Array(rows * hidden); //     (N, hidden)
  swigluBackward(dGate, dUp, dHidden, a.gate, a.up, rows * hidden);
  const dNormed = new Float64Array(rows * dim); //    (N, dim)
  matmulBackward(dNormed, g.wGate, dGate, a.ffnNormed, w.wGate, rows, dim, hidden);
  matmulBackward(dNormed, g.wUp, dUp, a.ffnNormed, w.wUp, rows, dim, hidden);
  rmsnormBackward(dResidual, g.ffnNorm, dNormed, a.mid, w.ffnNorm, a.ffnRstd, rows, dim);

  // Attention: mid = input + o(attention(rope(q(n)), rope(k(n)), v(n))), n = attn_norm(input).
  const dAttnOut = new Float64Array(rows * qDim); //  (N, qDim)
  matmulBackward(dAttnOut, g.wo, dResidual, a.attnOut, w.wo, rows, qDim, dim);
  const dq = new Float64Array(rows * qDim); //        (N, qDim)
  const dk = new Float64Array(rows * kvDim); //       (N, kvDim)
  const dv = new Float64Array(rows * kvDim); //       (N, kvDim)
  attentionBackward(dq, dk, dv, dAttnOut, a.q, a.k, a.v, a.probs, { ...c, batchSize, seqLen });
  ropeBackward(dq, batchSize, seqLen, c.numHeads, c.headDim, tables);
  ropeBackward(dk, batchSize, seqLen, c.numKvHeads, c.headDim, tables);
  dNormed.fill(0);
  matmulBackward(dNormed, g.wq, dq, a.attnNormed, w.wq, rows, dim, qDim);
  matmulBackward(dNormed, g.wk, dk, a.attnNormed, w.wk, rows, dim, kvDim);
  matmulBackward(dNormed, g.wv, dv, a.attnNormed, w.wv, rows, dim, kvDim);
  rmsnormBackward(dResidual, g.attnNorm, dNormed, a.input, w.attnNorm, a.attnRstd, rows, dim);
}
