import type { Floats } from './floats.ts';

/*
 * A linear layer without bias, as nn.Linear stores it: weight (outDim, inDim), row-major. Sums run
 * in float64. Loops take four weight rows at a time, so each load of an input value serves four
 * products: about twice as fast in JS for the narrow, tall LM head (32 000 × 16) that dominates a
 * drafter's step, and the same arithmetic as the plain loops up to float64 rounding.
 */

/** out (rows, outDim) = inp (rows, inDim) · weightᵀ. */
export function matmulForward(
  out: Float64Array,
  inp: Floats,
  weight: Floats,
  rows: number,
  inDim: number,
  outDim: number,
): void {
  let o = 0;
  for (; o + 4 <= outDim; o += 4) {
    const w0 = o * inDim;
    const w1 = w0 + inDim;
    const w2 = w1 + inDim;
    const w3 = w2 + inDim;
    for (let n = 0; n < rows; n++) {
      const x = n * inDim;
      let s0 = 0;
      let s1 = 0;
      let s2 = 0;
      let s3 = 0;
      for (let i = 0; i < inDim; i++) {
        const v = inp[x + i];
        s0 += v * weight[w0 + i];
        s1 += v * weight[w1 + i];
        s2 += v * weight[w2 + i];
        s3 += v * weight[w3 + i];
      }
      const at = n * outDim + o;
      out[at] = s0;
      out[at + 1] = s1;
      out[at + 2] = s2;
      out[at + 3] = s3;
    }
  }
  for (; o < outDim; o++) {
    for (let n = 0; n < rows; n++) {
      let sum = 0;
      for (let i = 0; i < inDim; i++) sum += inp[n * inDim + i] * weight[o * inDim + i];
      out[n * outDim + o] = sum;
    }
  }
}

// Output rows per block of the dweight sums: the block's float64 sums (BLOCK × inDim) stay in
// cache while dout is read along its rows (contiguously), not down its columns.
const DWEIGHT_BLOCK = 64;

/**
 * Accumulates both gradients of matmulForward:
 *   dinp (rows, inDim) += dout · weight;   dweight (outDim, inDim) += doutᵀ · inp.
 * Each dweight value is summed over all rows in float64 and added once, so a float32 dweight is
 * rounded once per call, not once per row.
 */
export function matmulBackward(
  dinp: Float64Array,
  dweight: Floats,
  dout: Float64Array,
  inp: Floats,
  weight: Floats,
  rows: number,
  inDim: number,
  outDim: number,
): void {
  inputGradient(dinp, dout, weight, rows, inDim, outDim);
  const sums = new Float64Array(DWEIGHT_BLOCK * inDim); // (DWEIGHT_BLOCK, inDim)
  for (let start = 0; start < outDim; start += DWEIGHT_BLOCK) {
    const end = Math.min(outDim, start + DWEIGHT_BLOCK);
    sums.fill(0);
    let n = 0;
    for (; n + 2 <= rows; n += 2) {
      const x0 = n * inDim;
      const x1 = x0 + inDim;
      for (let o = start; o < end; o++) {
        const d0 = dout[n * outDim + o];
        const d1 = dout[(n + 1) * outDim + o];
        const base = (o - start) * inDim;
        for (let i = 0; i < inDim; i++) sums[base + i] += d0 * inp[x0 + i] + d1 * inp[x1 + i];
      }
    }
    for (; n < rows; n++) {
      for (let o = start; o < end; o++) {
        const d = dout[n * outDim + o];
        const base = (o - start) * inDim;
        for (let i = 0; i < inDim; i++) sums[base + i] += d * inp[n * inDim + i];
      }
    }
    const base = start * inDim;
    for (let k = 0; k < (end - start) * inDim; k++) dweight[base + k] += sums[k];
  }
}

/** dinp (rows, inDim) += dout (rows, outDim) · weight (outDim, inDim). */
function inputGradient(
  dinp: Float64Array,
  dout: Float64Array,
  weight: Floats,
  rows: number,
  inDim: number,
  outDim: number,
): void {
  for (let n = 0; n < rows; n++) {
    const x = n * inDim;
    const d = n * outDim;
    let o = 0;
    for (; o + 4 <= outDim; o += 4) {
      const d0 = dout[d + o];
      const d1 = dout[d + o + 1];
      const d2 = dout[d + o + 2];
      const d3 = dout[d + o + 3];
      const w0 = o * inDim;
      const w1 = w0 + inDim;
      const w2 = w1 + inDim;
      const w3 = w2 + inDim;
      for (let i = 0; i < inDim; i++) {
        dinp[x + i] += d0 * weight[w0 + i] + d1 * weight[w1 + i] + d2 * weight[w2 + i] + d3 * weight[w3 + i];
      }
    }
    for (; o < outDim; o++) {
      for (let i = 0; i < inDim; i++) dinp[x + i] += dout[d + o] * weight[o * inDim + i];
    }
  }
}
