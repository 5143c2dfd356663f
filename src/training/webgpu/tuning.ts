import { InvalidArgumentError } from '../../errors.ts';

/**
 * How the training kernels lay work out on the GPU. Real GPUs want workgroup-memory tiles and
 * several threads per reduced row; CPU-emulated adapters (SwiftShader) want neither, because a
 * barrier there costs far more than re-reading memory. Tests force both layouts.
 */
export interface TrainingTuning {
  /** 'tiled': (64 × 64)-blocks staged in workgroup memory; 'direct': 4 × 4 blocks from storage, no barriers. */
  matmul: 'tiled' | 'direct';
  /**
   * Threads sharing one reduced row in RMSNorm and cross-entropy (a power of two ≤ REDUCE_WG); above
   * 1 the gradient norm also reduces in workgroup memory (else one thread per partial sum).
   */
  lanes: number;
}

/** Threads per workgroup of the row-reduction and elementwise kernels (a power of two). */
export const REDUCE_WG = 64;
/** Threads per workgroup of the whole-tensor reductions (gradient norm, loss) and of AdamW. */
export const WIDE_WG = 256;
/** Workgroups per tensor in the first stage of the gradient norm: its partial sums fill 256 bytes. */
export const NORM_GROUPS = 64;
/** Threads per side of a matmul workgroup, by layout. */
export const MATMUL_SIDE = { tiled: 16, direct: 8 } as const;
/** Largest head dimension the attention kernels hold in registers (MAX_HEAD_DIM in attention*.wgsl). */
export const MAX_HEAD_DIM = 128;

export function defaultTuning(emulated: boolean): TrainingTuning {
  return emulated ? { matmul: 'direct', lanes: 1 } : { matmul: 'tiled', lanes: 16 };
}

export function checkTuning(t: TrainingTuning): void {
  if (t.matmul !== 'tiled' && t.matmul !== 'direct') {
    throw new InvalidArgumentError(`tuning.matmul must be 'tiled' or 'direct', got ${JSON.stringify(t.matmul)}`);
  }
  const lanes = t.lanes;
  if (!(Number.isInteger(lanes) && lanes >= 1 && lanes <= REDUCE_WG && (lanes & (lanes - 1)) === 0)) {
    throw new InvalidArgumentError(`tuning.lanes must be a power of two in [1, ${REDUCE_WG}], got ${lanes}`);
  }
}
