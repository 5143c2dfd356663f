import { TrainingOp } from '../op.ts';
import { REDUCE_WG, type TrainingTuning } from '../tuning.ts';
import lanesWgsl from './lanes.wgsl?raw';
import rmsnormWgsl from './rmsnorm.wgsl?raw';
import rmsnormBackwardWgsl from './rmsnorm-backward.wgsl?raw';
import rmsnormWeightWgsl from './rmsnorm-weight.wgsl?raw';

/** RMSNorm forward (keeping 1/rms per row), its input gradient and its weight gradient. */
export class RmsNormKernels {
  private constructor(
    readonly forward: TrainingOp<'weight' | 'x' | 'out' | 'rstd'>,
    readonly backwardInput: TrainingOp<'weight' | 'x' | 'rstd' | 'dy' | 'dx'>,
    readonly backwardWeight: TrainingOp<'x' | 'rstd' | 'dy' | 'grad'>,
    private readonly dim: number,
    private readonly itemsPerGroup: number,
  ) {}

  static async create(device: GPUDevice, dim: number, eps: number, tuning: TrainingTuning): Promise<RmsNormKernels> {
    const lanes = { DIM: dim, LANES: tuning.lanes, WG: REDUCE_WG };
    const [forward, backwardInput, backwardWeight] = await Promise.all([
      TrainingOp.create(device, {
        label: 'rmsnorm',
        code: lanesWgsl + rmsnormWgsl,
        bindings: { weight: 'read', x: 'read', out: 'read-write', rstd: 'read-write' },
        constants: { ...lanes, EPS: eps },
      }),
      TrainingOp.create(device, {
        label: 'rmsnorm backward (input)',
        code: lanesWgsl + rmsnormBackwardWgsl,
        bindings: { weight: 'read', x: 'read', rstd: 'read', dy: 'read', dx: 'read-write' },
        constants: lanes,
      }),
      TrainingOp.create(device, {
        label: 'rmsnorm backward (weight)',
        code: lanesWgsl + rmsnormWeightWgsl,
        bindings: { x: 'read', rstd: 'read', dy: 'read', grad: 'read-write' },
        constants: lanes,
      }),
    ]);
    return new RmsNormKernels(forward, backwardInput, backwardWeight, dim, REDUCE_WG / tuning.lanes);
  }

  runForward(pass: GPUComputePassEncoder, group: GPUBindGroup, rows: number): void {
    this.forward.dispatch(pass, group, [Math.ceil(rows / this.itemsPerGroup)]);
  }

  runBackwardInput(pass: GPUComputePassEncoder, group: GPUBindGroup, rows: number): void {
    this.backwardInput.dispatch(pass, group, [Math.ceil(rows / this.itemsPerGroup)]);
  }

  runBackwardWeight(pass: GPUComputePassEncoder, group: GPUBindGroup): void {
    this.backwardWeight.dispatch(pass, group, [Math.ceil(this.dim / this.itemsPerGroup)]);
  }
}
