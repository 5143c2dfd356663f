/** The shape of one causal GQA attention call over a right-padded batch. */
export interface AttentionShape {
  batchSize: number;
  seqLen: number;
  numHeads: number; //   query heads
  numKvHeads: number; // key/value heads; query head h reads kv head ⌊h / (numHeads / numKvHeads)⌋
  headDim: number;
}

/**
 * Causal attention, position t of a row attending to positions [0, t] of the same row:
 *   out[t] = Σ_p P[t, p] v[p],  P[t] = softmax(q[t] · k[p] / √headDim).
 * q (B·T, nHeads·hd), k and v (B·T, nKv·hd), out (B·T, nHeads·hd), probs (B, nHeads, T, T) kept
 * for the backward (entries p > t stay 0). Padding needs no extra mask: rows are right-padded, so
 * no real token ever sees a padding position, and padding positions carry no loss.
 */
export function attentionForward(
  out: Float64Array,
  probs: Float64Array,
  q: Float64Array,
  k: Float64Array,
  v: Float64Array,
  s: AttentionShape,
): void {
  const { batchSize, seqLen: T, numHeads, headDim } = s;
  const qDim = numHeads * headDim;
  const kvDim = s.numKvHeads * headDim;
  const group = numHeads / s.numKvHeads;
  const scale = 1 / Math.sqrt(headDim);
  probs.fill(0);
  for (let b = 0; b < batchSize; b++) {
    for (let h = 0; h < numHeads; h++) {
      const kvHead = Math.floor(h / group) * headDim;
      for (let t = 0; t < T; t++) {
        const qBase = (b * T + t) * qDim + h * headDim;
        const pRow = ((b * numHeads + h) * T + t) * T; // P[t, ·]
        let max = -Infinity;
        for (let p = 0; p <= t; p++) {
          const kBase = (b * T + p) * kvDim + kvHead;
          let dot = 0;
          for (let i = 0; i < headDim; i++) dot += q[qBase + i] * k[kBase + i];
          probs[pRow + p] = dot * scale;
          if (probs[pRow + p] > max) max = probs[pRow + p];
        }
        let sum = 0;
        for (let p = 0; p <= t; p++) sum += probs[pRow + p] = Math.exp(probs[pRow + p] - max);
        for (let i = 0; i < headDim; i++) out[qBase + i] = 0;
        for (let p = 0; p <= t; p++) {
          const a = (probs[pRow + p] /= sum);
          const vBase = (b * T + p) * kvDim + kvHead;
          for (let i = 0; i < headDim; i++) out[qBase + i] += a * v[vBase + i];
        }
      }
    }
  }
}

/**
 * Accumulates the gradients of attentionForward into dq, dk, dv (same shapes as q, k, v):
 *   dP[t, p] = dout[t] · v[p];          dv[p] += P[t, p] dout[t]
 *   dS[t, p] = P[t, p] (dP[t, p] − Σ_p' P[t, p'] dP[t, p'])   (softmax backward)
 *   dq[t] += Σ_p dS[t, p] k[p] / √hd;   dk[p] += dS[t, p] q[t] / √hd
 * Key/value gradients of the query heads sharing a kv head add up (GQA).
 */
export function attentionBackward(
  dq: Float64Array,
  dk: Float64Array,
  dv: Float64Array,
  dout: Float64Array,
  q: Float64Array,
  k: Float64Array,
  v: Float64Array,
  probs: Float64Array,
  s: AttentionShape,
): void {
  const { batchSize, seqLen: T, numHeads, headDim } = s;
  const qDim = numHeads * headDim;
  const kvDim = s.numKvHeads * headDim;
  const group = numHeads / s.numKvHeads;
  const scale = 1 / Math.sqrt(headDim);
  const dScores = new Float64Array(T); // (T,) dP, then dS, for one query row
  for (let b = 0; b < batchSize; b++) {
    for (let h = 0; h < numHeads; h++) {
      const kvHead = Math.floor(h / group) * headDim;
      for (let t = 0; t < T; t++) {
        const qBase = (b * T + t) * qDim + h * headDim;
        const pRow = ((b * numHeads + h) * T + t) * T;
        let weighted = 0; // Σ_p P dP
        for (let p = 0; p <= t; p++) {
          const vBase = (b * T + p) * kvDim + kvHead;
          const a = probs[pRow + p];
          let dot = 0;
          for (let i = 0; i < headDim; i++) {
            dot += dout[qBase + i] * v[vBase + i];
            dv[vBase + i] += a * dout[qBase + i];
          }
          dScores[p] = dot;
          weighted += a * dot;
        }
        for (let p = 0; p <= t; p++) {
          const ds = probs[pRow + p] * (dScores[p] - weighted) * scale;
          const kBase = (b * T + p) * kvDim + kvHead;
          for (let i = 0; i < headDim; i++) {
            dq[qBase + i] += ds * k[kBase + i];
            dk[kBase + i] += ds * q[qBase + i];
          }
        }
      }
    }
  }
}
