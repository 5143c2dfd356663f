import type { Floats } from './floats.ts';

/** out (rows, dim) = table[tokens[n]] for each row n; table (vocab, dim). */
export function embeddingForward(
  out: Float64Array,
  tokens: Int32Array,
  table: Floats,
  rows: number,
  dim: number,
): void {
  for (let n = 0; n < rows; n++) {
    const from = tokens[n] * dim;
    for (let i = 0; i < dim; i++) out[n * dim + i] = table[from + i];
  }
}

/** dtable (vocab, dim) += dout rows, scattered to the rows of the tokens that were looked up. */
export function embeddingBackward(
  dtable: Floats,
  dout: Float64Array,
  tokens: Int32Array,
  rows: number,
  dim: number,
): void {
  for (let n = 0; n < rows; n++) {
    const to = tokens[n] * dim;
    for (let i = 0; i < dim; i++) dtable[to + i] += dout[n * dim + i];
  }
}
