import { TrainingOp } from '../op.ts';
import { REDUCE_WG } from '../tuning.ts';
import rowsWgsl from './rows.wgsl?raw';

/** Gathers the target rows for the LM head, and scatters its input gradient back (zeros elsewhere). */
export class RowKernels {
  private constructor(
    readonly gather: TrainingOp<'src' | 'index' | 'out'>,
    readonly scatter: TrainingOp<'src' | 'index' | 'out'>,
    private readonly dim: number,
  ) {}

  static async create(device: GPUDevice, dim: number): Promise<RowKernels> {
    const bindings = { src: 'read', index: 'read', out: 'read-write' } as const;
    const [gather, scatter] = await Promise.all([
      TrainingOp.create(device, { label: 'gather target rows', code: rowsWgsl, bindings, constants: { DIM: dim } }),
      TrainingOp.create(device, {
        label: 'scatter target rows',
        code: rowsWgsl,
        bindings,
        constants: { DIM: dim, GATHER: 0 },
      }),
    ]);
    return new RowKernels(gather, scatter, dim);
  }

  runGather(pass: GPUComputePassEncoder, group: GPUBindGroup, headRows: number): void {
    this.gather.dispatch(pass, group, [Math.ceil(this.dim / REDUCE_WG), headRows]);
  }

  runScatter(pass: GPUComputePassEncoder, group: GPUBindGroup, rows: number): void {
    this.scatter.dispatch(pass, group, [Math.ceil(this.dim / REDUCE_WG), rows]);
  }
}

/** A sentinel in rowHead: this row has no target. */
export const NO_HEAD_ROW = 0xffffffff;

/**
 * The LM head's rows of a micro-batch: headIndex lists the rows whose target is not ignored, in
 * order; rowHead maps each row to its place in that list (or NO_HEAD_ROW); targets are theirs.
 */
export function headRowsOf(
  targets: Int32Array,
  ignore: number,
): { headIndex: Uint32Array<ArrayBuffer>; rowHead: Uint32Array<ArrayBuffer>; headTargets: Int32Array<ArrayBuffer> } {
  const rowHead = new Uint32Array(targets.length).fill(NO_HEAD_ROW);
  const rows: number[] = [];
  targets.forEach((t, r) => {
    if (t === ignore) return;
    rowHead[r] = rows.length;
    rows.push(r);
  });
  return {
    headIndex: Uint32Array.from(rows),
    rowHead,
    headTargets: Int32Array.from(rows, (r) => targets[r]),
  };
}
