import type { LlamaConfig } from '../../llama/config.ts';
import { addInPlace, applyRope, matmul, rmsnorm, ropeTables, softmax, swiglu, type RopeTables } from './math.ts';
import type { LlamaWeights } from '../../llama/weights.ts';

/**
 * The LLaMA forward over a chunk of tokens, reading top to bottom like llama2.c's run.c:
 * embed → per layer (rmsnorm, q/k/v, RoPE, causal attention over the KV cache, residual, rmsnorm,
 * SwiGLU, residual) → final norm → LM head, the last two only for the rows the caller wants.
 */

// Rows processed together. Blocking changes no result (a block is exactly a smaller append) and
// bounds scratch memory and cache footprint for long prefills.
const BLOCK_ROWS = 64;

export interface ForwardState {
  readonly maxSeq: number;
  readonly keyCache: Float32Array; //   (nLayers, maxSeq, kvDim)
  readonly valueCache: Float32Array; // (nLayers, maxSeq, kvDim)
  readonly rope: RopeTables; //         (maxSeq, headDim / 2)
  readonly x: Float32Array; //          (BLOCK_ROWS, dim)       residual stream
  readonly xb: Float32Array; //         (BLOCK_ROWS, dim)       normed input of a sublayer
  readonly proj: Float32Array; //       (BLOCK_ROWS, dim)       sublayer output before the residual add
  readonly q: Float32Array; //          (BLOCK_ROWS, qDim)      queries
  readonly attnOut: Float32Array; //    (BLOCK_ROWS, qDim)      attention output, heads concatenated
  readonly hb: Float32Array; //         (BLOCK_ROWS, hiddenDim) gate, then silu(gate) · up
  readonly hb2: Float32Array; //        (BLOCK_ROWS, hiddenDim) up
  readonly scores: Float64Array; //     (maxSeq,)               attention of one query head
  readonly headAcc: Float64Array; //    (headDim,)              weighted sum of values for one head
}

export function createForwardState(c: LlamaConfig, maxSeq: number): ForwardState {
  const dim = c.hiddenSize;
  const kvDim = c.numKvHeads * c.headDim;
  const qDim = c.numHeads * c.headDim;
  return {
    maxSeq,
    keyCache: new Float32Array(c.numLayers * maxSeq * kvDim),
    valueCache: new Float32Array(c.numLayers * maxSeq * kvDim),
    rope: ropeTables(maxSeq, c.headDim, c.ropeTheta),
    x: new Float32Array(BLOCK_ROWS * dim),
    xb: new Float32Array(BLOCK_ROWS * dim),
    proj: new Float32Array(BLOCK_ROWS * dim),
    q: new Float32Array(BLOCK_ROWS * qDim),
    attnOut: new Float32Array(BLOCK_ROWS * qDim),
    hb: new Float32Array(BLOCK_ROWS * c.intermediateSize),
    hb2: new Float32Array(BLOCK_ROWS * c.intermediateSize),
    scores: new Float64Array(maxSeq),
    headAcc: new Float64Array(c.headDim),
  };
}

/**
 * Feeds `tokens` at positions pos0, pos0+1, … (the caller checked ids and capacity) and returns one
 * logits row (vocab,) per index in `wantedRows` (ascending indices into `tokens`).
 */
export function forward(
  c: LlamaConfig,
  w: LlamaWeights,
  s: ForwardState,
  tokens: readonly number[],
  pos0: number,
  wantedRows: readonly number[],
): Float32Array[] {
  const logits: Float32Array[] = [];
  for (let start = 0; start < tokens.length; start += BLOCK_ROWS) {
    const rows = Math.min(BLOCK_ROWS, tokens.length - start);
    forwardBlock(c, w, s, tokens, start, rows, pos0 + start);
    const wantedHere = wantedRows.filter((r) => r >= start && r < start + rows).map((r) => r - start);
    logits.push(...classify(c, w, s, wantedHere));
  }
  return logits;
}

/** Runs rows tokens[start, start+rows) through every layer, leaving the residual stream in s.x. */
function forwardBlock(
  c: LlamaConfig,
  w: LlamaWeights,
  s: ForwardState,
  tokens: readonly number[],
  start: number,
  rows: number,
  pos0: number,
): void {
  const dim = c.hiddenSize;
  const kvDim = c.numKvHeads * c.headDim;
  const qDim = c.numHeads * c.headDim;
  const hidden = c.intermediateSize;

  for (let t = 0; t < rows; t++) {
    const token = tokens[start + t];
    s.x.set(w.tokenEmbedding.subarray(token * dim, (token + 1) * dim), t * dim);
  }

  for (let l = 0; l < c.numLayers; l++) {
    const layer = w.layers[l];
    const cacheBase = l * s.maxSeq * kvDim; // this layer's (maxSeq, kvDim) slice

    // Attention: q for the block; k and v straight into the cache at their positions.
    for (let t = 0; t < rows; t++) rmsnorm(s.xb, t * dim, s.x, t * dim, layer.attnNorm, dim, c.rmsNormEps);
    matmul(s.q, 0, s.xb, 0, layer.wq, rows, dim, qDim);
    matmul(s.keyCache, cacheBase + pos0 * kvDim, s.xb, 0, layer.wk, rows, dim, kvDim);
    matmul(s.valueCache, cacheBase + pos0 * kvDim, s.xb, 0, layer.wv, rows, dim, kvDim);
    for (let t = 0; t < rows; t++) {
      applyRope(s.q, t * qDim, c.numHeads, c.headDim, s.rope, pos0 + t);
      applyRope(s.keyCache, cacheBase + (pos0 + t) * kvDim, c.numKvHeads, c.headDim, s.rope, pos0 + t);
    }
    attention(c, s, cacheBase, rows, pos0);
    matmul(s.proj, 0, s.attnOut, 0, layer.wo, rows, qDim, dim);
    addInPlace(s.x, s.proj, rows * dim);

    // Feed-forward: down(silu(gate(x)) · up(x)).
    for (let t = 0; t < rows; t++) rmsnorm(s.xb, t * dim, s.x, t * dim, layer.ffnNorm, dim, c.rmsNormEps);
    matmul(s.hb, 0, s.xb, 0, layer.wGate, rows, dim, hidden);
    matmul(s.hb2, 0, s.xb, 0, layer.wUp, rows, dim, hidden);
    swiglu(s.hb, s.hb2, rows * hidden);
    matmul(s.proj, 0, s.hb, 0, layer.wDown, rows, hidden, dim);
    addInPlace(s.x, s.proj, rows * dim);
  }
}

/** Causal multi-head attention of the block's queries over cache positions [0, pos]; GQA-aware. */
function attention(c: LlamaConfig, s: ForwardState, cacheBase: number, rows: number, pos0: number): void {
  const { headDim, numHeads } = c;
  const kvDim = c.numKvHeads * headDim;
  const qDim = numHeads * headDim;
  const group = numHeads / c.numKvHeads; // query heads sharing one kv head
  const scale = 1 / Math.sqrt(headDim);
  const { scores, headAcc, keyCache, valueCache, q } = s;

  for (let t = 0; t < rows; t++) {
    const pos = pos0 + t;
    for (let h = 0; h < numHeads; h++) {
      const qBase = t * qDim + h * headDim;
      const kvHead = Math.floor(h / group) * headDim;
      for (let p = 0; p <= pos; p++) {
        const kBase = cacheBase + p * kvDim + kvHead;
        let dot = 0;
        for (let i = 0; i < headDim; i++) dot += q[qBase + i] * keyCache[kBase + i];
        scores[p] = dot * scale;
      }
      softmax(scores, pos + 1);
      headAcc.fill(0);
      for (let p = 0; p <= pos; p++) {
        const a = scores[p];
        const vBase = cacheBase + p * kvDim + kvHead;
        for (let i = 0; i < headDim; i++) headAcc[i] += a * valueCache[vBase + i];
      }
      for (let i = 0; i < headDim; i++) s.attnOut[qBase + i] = headAcc[i];
    }
  }
}

/** Final norm and LM head for the wanted rows of the block: the expensive (vocab × dim) part. */
function classify(c: LlamaConfig, w: LlamaWeights, s: ForwardState, rows: readonly number[]): Float32Array[] {
  if (rows.length === 0) return [];
  const dim = c.hiddenSize;
  const vocab = c.vocabSize;
  // Normed wanted rows, packed: (rows.length, dim), reusing xb which the layers no longer need.
  rows.forEach((r, k) => rmsnorm(s.xb, k * dim, s.x, r * dim, w.finalNorm, dim, c.rmsNormEps));
  const all = new Float32Array(rows.length * vocab); // (rows.length, vocab)
  matmul(all, 0, s.xb, 0, w.lmHead, rows.length, dim, vocab);
  if (rows.length === 1) return [all];
  return rows.map((_, k) => all.slice(k * vocab, (k + 1) * vocab));
}
