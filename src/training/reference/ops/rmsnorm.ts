import type { Floats } from './floats.ts';

/**
 * out (rows, dim) = weight ⊙ x · r with r = 1/√(mean(x²) + eps) per row; keeps r in rstd (rows,)
 * for the backward.
 */
export function rmsnormForward(
  out: Float64Array,
  rstd: Float64Array,
  inp: Float64Array,
  weight: Floats,
  rows: number,
  dim: number,
  eps: number,
): void {
  for (let n = 0; n < rows; n++) {
    const x = n * dim;
    let ss = 0;
    for (let i = 0; i < dim; i++) ss += inp[x + i] * inp[x + i];
    const r = 1 / Math.sqrt(ss / dim + eps);
    rstd[n] = r;
    for (let i = 0; i < dim; i++) out[x + i] = weight[i] * inp[x + i] * r;
  }
}

/**
 * Accumulates the gradients of rmsnormForward, with g = weight ⊙ dout:
 *   dweight += Σ_rows dout ⊙ x · r
 *   dinp    += r · g − x · r³ · (g · x) / dim
 */
export function rmsnormBackward(
  dinp: Float64Array,
  dweight: Floats,
  dout: Float64Array,
  inp: Float64Array,
  weight: Floats,
  rstd: Float64Array,
  rows: number,
  dim: number,
): void {
  const dw = new Float64Array(dim); // (dim,) summed over rows in float64, added once
  for (let n = 0; n < rows; n++) {
    const x = n * dim;
    const r = rstd[n];
    let dot = 0; // g · x
    for (let i = 0; i < dim; i++) dot += weight[i] * dout[x + i] * inp[x + i];
    const k = (r * r * r * dot) / dim;
    for (let i = 0; i < dim; i++) {
      dw[i] += dout[x + i] * inp[x + i] * r;
      dinp[x + i] += r * weight[i] * dout[x + i] - k * inp[x + i];
    }
  }
  for (let i = 0; i < dim; i++) dweight[i] += dw[i];
}
