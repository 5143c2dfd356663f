import { TrainingOp } from '../op.ts';
import { REDUCE_WG } from '../tuning.ts';
import embeddingWgsl from './embedding.wgsl?raw';
import embeddingBackwardWgsl from './embedding-backward.wgsl?raw';

/** Embedding lookup and its gradient (a scatter-add done as a deterministic gather by token). */
export class EmbeddingKernels {
  private constructor(
    readonly forward: TrainingOp<'embedding' | 'tokens' | 'x'>,
    readonly backward: TrainingOp<'dx' | 'groups' | 'grad'>,
    private readonly dim: number,
  ) {}

  static async create(device: GPUDevice, dim: number): Promise<EmbeddingKernels> {
    const constants = { DIM: dim, WG: REDUCE_WG };
    const [forward, backward] = await Promise.all([
      TrainingOp.create(device, {
        label: 'embedding',
        code: embeddingWgsl,
        bindings: { embedding: 'read', tokens: 'read', x: 'read-write' },
        constants,
      }),
      TrainingOp.create(device, {
        label: 'embedding backward',
        code: embeddingBackwardWgsl,
        bindings: { dx: 'read', groups: 'read', grad: 'read-write' },
        constants,
      }),
    ]);
    return new EmbeddingKernels(forward, backward, dim);
  }

  runForward(pass: GPUComputePassEncoder, group: GPUBindGroup, rows: number): void {
    this.forward.dispatch(pass, group, [Math.ceil(this.dim / REDUCE_WG), rows]);
  }

  runBackward(pass: GPUComputePassEncoder, group: GPUBindGroup, uniqueTokens: number): void {
    this.backward.dispatch(pass, group, [Math.ceil(this.dim / REDUCE_WG), uniqueTokens]);
  }
}

/** The rows of a micro-batch grouped by input token, as embedding-backward.wgsl reads them. */
export interface TokenGroups {
  uniqueTokens: number;
  /** ids (U) ‖ starts (U + 1) ‖ rows (rows) */
  data: Uint32Array;
}

/** Groups rows by token id: ids ascending, rows ascending within an id. */
export function groupRowsByToken(tokens: ArrayLike<number>): TokenGroups {
  const rows = tokens.length;
  const order = Array.from({ length: rows }, (_, r) => r).sort((x, y) => tokens[x] - tokens[y] || x - y);
  const ids: number[] = [];
  const starts: number[] = [];
  order.forEach((row, k) => {
    if (k === 0 || tokens[row] !== tokens[order[k - 1]]) {
      ids.push(tokens[row]);
      starts.push(k);
    }
  });
  starts.push(rows);
  const data = new Uint32Array(2 * ids.length + 1 + rows);
  data.set(ids, 0);
  data.set(starts, ids.length);
  data.set(order, 2 * ids.length + 1);
  return { uniqueTokens: ids.length, data };
}
