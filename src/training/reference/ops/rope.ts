import type { RopeTables } from '../../../engines/llama-cpu/math.ts';

/**
 * Rotary embeddings in place on x (batch·seqLen, nHeads·headDim), the row at position t of its
 * sequence rotated by the angles of position t, with llama-cpu's (HF's rotate_half) pairing:
 * dimension i with i + headDim/2, both read from llama-cpu's float32 cos/sin tables.
 * `direction` +1 rotates forward; −1 rotates back, which is the backward: a rotation's
 * Jacobian is the rotation, and its transpose the inverse rotation.
 */
export function rope(
  x: Float64Array,
  batchSize: number,
  seqLen: number,
  nHeads: number,
  headDim: number,
  tables: RopeTables,
  direction: 1 | -1,
): void {
  const half = headDim / 2;
  const width = nHeads * headDim;
  for (let b = 0; b < batchSize; b++) {
    for (let t = 0; t < seqLen; t++) {
      const row = (b * seqLen + t) * width;
      for (let h = 0; h < nHeads; h++) {
        const base = row + h * headDim;
        for (let i = 0; i < half; i++) {
          const c = tables.cos[t * half + i];
          const s = direction * tables.sin[t * half + i];
          const x1 = x[base + i];
          const x2 = x[base + half + i];
          x[base + i] = x1 * c - x2 * s;
          x[base + half + i] = x2 * c + x1 * s;
        }
      }
    }
  }
}

export const ropeForward = (
  x: Float64Array,
  batchSize: number,
  seqLen: number,
  nHeads: number,
  headDim: number,
  tables: RopeTables,
): void => rope(x, batchSize, seqLen, nHeads, headDim, tables, 1);

/** dx ← Rᵀ dx in place: the gradient through ropeForward. */
export const ropeBackward = (
  dx: Float64Array,
  batchSize: number,
  seqLen: number,
  nHeads: number,
  headDim: number,
  tables: RopeTables,
): void => rope(dx, batchSize, seqLen, nHeads, headDim, tables, -1);
