import type { LlamaConfig } from '../../llama/config.ts';

/** What one layer's forward keeps for its backward, for N = batchSize · seqLen rows. */
export interface LayerActivations {
  input: Float64Array; //      (N, dim)     residual stream entering the layer
  attnNormed: Float64Array; // (N, dim)     input_layernorm output
  attnRstd: Float64Array; //   (N,)         its 1/rms per row
  q: Float64Array; //          (N, qDim)    queries after RoPE
  k: Float64Array; //          (N, kvDim)   keys after RoPE
  v: Float64Array; //          (N, kvDim)   values
  probs: Float64Array; //      (B, nHeads, T, T) attention weights, 0 above the diagonal
  attnOut: Float64Array; //    (N, qDim)    attention output, heads concatenated
  mid: Float64Array; //        (N, dim)     residual stream after the attention block
  ffnNormed: Float64Array; //  (N, dim)     post_attention_layernorm output
  ffnRstd: Float64Array; //    (N,)
  gate: Float64Array; //       (N, hidden)  gate_proj output
  up: Float64Array; //         (N, hidden)  up_proj output
  hidden: Float64Array; //     (N, hidden)  silu(gate) ⊙ up
}

/** Everything the backward needs from one forward over a batch. */
export interface ForwardActivations {
  batchSize: number;
  seqLen: number;
  layers: LayerActivations[]; // (nLayers,)
  output: Float64Array; //       (N, dim) residual stream after the last layer
  finalNormed: Float64Array; //  (N, dim) model.norm output, the LM head's input
  finalRstd: Float64Array; //    (N,)
}

export function allocateActivations(c: LlamaConfig, batchSize: number, seqLen: number): ForwardActivations {
  const rows = batchSize * seqLen;
  const dim = c.hiddenSize;
  const qDim = c.numHeads * c.headDim;
  const kvDim = c.numKvHeads * c.headDim;
  const hidden = c.intermediateSize;
  const layers = Array.from({ length: c.numLayers }, () => ({
    input: new Float64Array(rows * dim),
    attnNormed: new Float64Array(rows * dim),
    attnRstd: new Float64Array(rows),
    q: new Float64Array(rows * qDim),
    k: new Float64Array(rows * kvDim),
    v: new Float64Array(rows * kvDim),
    probs: new Float64Array(batchSize * c.numHeads * seqLen * seqLen),
    attnOut: new Float64Array(rows * qDim),
    mid: new Float64Array(rows * dim),
    ffnNormed: new Float64Array(rows * dim),
    ffnRstd: new Float64Array(rows),
    gate: new Float64Array(rows * hidden),
    up: new Float64Array(rows * hidden),
    hidden: new Float64Array(rows * hidden),
  }));
  return {
    batchSize,
    seqLen,
    layers,
    output: new Float64Array(rows * dim),
    finalNormed: new Float64Array(rows * dim),
    finalRstd: new Float64Array(rows),
  };
}
