import { TrainingOp } from '../op.ts';
import { REDUCE_WG, type TrainingTuning } from '../tuning.ts';
import crossEntropyWgsl from './cross-entropy.wgsl?raw';
import lanesWgsl from './lanes.wgsl?raw';

/** Softmax cross-entropy fused with its backward: logits in, dLogits out, a loss per row. */
export class CrossEntropyKernel {
  private constructor(
    readonly op: TrainingOp<'targets' | 'logits' | 'lossRows'>,
    private readonly rowsPerGroup: number,
  ) {}

  static async create(device: GPUDevice, vocabSize: number, tuning: TrainingTuning): Promise<CrossEntropyKernel> {
    const op = await TrainingOp.create(device, {
      label: 'cross-entropy',
      code: lanesWgsl + crossEntropyWgsl,
      bindings: { targets: 'read', logits: 'read-write', lossRows: 'read-write' },
      constants: { VOCAB: vocabSize, LANES: tuning.lanes, WG: REDUCE_WG },
    });
    return new CrossEntropyKernel(op, REDUCE_WG / tuning.lanes);
  }

  run(pass: GPUComputePassEncoder, group: GPUBindGroup, rows: number): void {
    this.op.dispatch(pass, group, [Math.ceil(rows / this.rowsPerGroup)]);
  }
}
