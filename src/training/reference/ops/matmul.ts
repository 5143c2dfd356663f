import type { Floats } from './floats.ts';

/**
 * A linear layer without bias, as nn.Linear stores it: weight (outDim, inDim), row-major.
 * out (rows, outDim) = inp (rows, inDim) · weightᵀ. Sums run in float64.
 */
export function matmulForward(
  out: Float64Array,
  inp: Floats,
  weight: Floats,
  rows: number,
  inDim: number,
  outDim: number,
): void {
  for (let n = 0; n < rows; n++) {
    const x = n * inDim;
    for (let o = 0; o < outDim; o++) {
      const w = o * inDim;
      let sum = 0;
      for (let i = 0; i < inDim; i++) sum += inp[x + i] * weight[w + i];
      out[n * outDim + o] = sum;
    }
  }
}

/**
 * Accumulates both gradients of matmulForward:
 *   dinp (rows, inDim) += dout · weight;   dweight (outDim, inDim) += doutᵀ · inp.
 * Each dweight row is summed over all rows in float64 and added once, so a float32 dweight is
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
  for (let n = 0; n < rows; n++) {
    const x = n * inDim;
    for (let o = 0; o < outDim; o++) {
      const d = dout[n * outDim + o];
      if (d === 0) continue;
      const w = o * inDim;
      for (let i = 0; i < inDim; i++) dinp[x + i] += d * weight[w + i];
    }
  }
  const row = new Float64Array(inDim); // (inDim,) one dweight row's sum
  for (let o = 0; o < outDim; o++) {
    row.fill(0);
    for (let n = 0; n < rows; n++) {
      const d = dout[n * outDim + o];
      if (d === 0) continue;
      const x = n * inDim;
      for (let i = 0; i < inDim; i++) row[i] += d * inp[x + i];
    }
    const w = o * inDim;
    for (let i = 0; i < inDim; i++) dweight[w + i] += row[i];
  }
}
