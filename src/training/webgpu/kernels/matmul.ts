import { type Binding, TrainingOp } from '../op.ts';
import { MATMUL_SIDE, type TrainingTuning } from '../tuning.ts';
import matmulWgsl from './matmul.wgsl?raw';
import matmulTiledWgsl from './matmul-tiled.wgsl?raw';

/**
 * The products of a linear layer y = x · Wᵀ, W (out, in), over a micro-batch of rows:
 *   'forward'  y (rows, out) = x · Wᵀ, or y = residual + x · Wᵀ
 *   'input'    dx (rows, in) = dy · W
 *   'weight'   dW (out, in) += dyᵀ · x  (accumulates over micro-batches)
 */
export type MatmulProduct = 'forward' | 'input' | 'weight';

export interface LinearShape {
  out: number;
  in: number;
}

type Names = 'a' | 'b' | 'r' | 'c';

export class Matmul {
  private constructor(
    readonly op: TrainingOp<Names>,
    readonly product: MatmulProduct,
    readonly layer: LinearShape,
    private readonly tile: number,
  ) {}

  static async create(
    device: GPUDevice,
    label: string,
    layer: LinearShape,
    product: MatmulProduct,
    tuning: TrainingTuning,
    rows: { residual?: boolean; head?: boolean } = {},
  ): Promise<Matmul> {
    const residual = rows.residual ?? false;
    // M, N, K of C (M, N) = A · B summed over K; 0 is the micro-batch's rows.
    const dims = {
      forward: { M: 0, N: layer.out, K: layer.in, TRANS_A: 0, TRANS_B: 1, MODE: residual ? 2 : 0 },
      input: { M: 0, N: layer.in, K: layer.out, TRANS_A: 0, TRANS_B: 0, MODE: 0 },
      weight: { M: layer.out, N: layer.in, K: 0, TRANS_A: 1, TRANS_B: 0, MODE: 1 },
    }[product];
    const side = MATMUL_SIDE[tuning.matmul];
    const op = await TrainingOp.create(device, {
      label: `${label} ${product} matmul (${layer.out}×${layer.in}, ${tuning.matmul})`,
      code: tuning.matmul === 'tiled' ? matmulTiledWgsl : matmulWgsl,
      bindings: { a: 'read', b: 'read', r: 'read', c: 'read-write' },
      // HEAD: the rows are the target rows only (the LM head's); dispatch() then gets their count.
      constants: { ...dims, SIDE: side, HEAD: rows.head ? 1 : 0 },
    });
    return new Matmul(op, product, layer, 4 * side);
  }

  /**
   * forward: a = x (rows, in), b = W, c = y (rows, out), residual = what y adds to (rows, out);
   * input: a = dy (rows, out), b = W, c = dx (rows, in); weight: a = dy, b = x, c = dW (out, in).
   */
  bind(
    device: GPUDevice,
    params: GPUBuffer,
    label: string,
    buffers: { a: Binding; b: Binding; c: Binding; residual?: Binding },
  ): GPUBindGroup {
    // An unread residual binding still needs a buffer: `a` (read-only here too) stands in.
    return this.op.bind(device, params, label, { ...buffers, r: buffers.residual ?? buffers.a });
  }

  dispatch(pass: GPUComputePassEncoder, group: GPUBindGroup, rows: number): void {
    const { out, in: inputs } = this.layer;
    const [m, n] = { forward: [rows, out], input: [rows, inputs], weight: [out, inputs] }[this.product];
    this.op.dispatch(pass, group, [Math.ceil(n / this.tile), Math.ceil(m / this.tile)]);
  }
}
