import { TrainingOp } from '../op.ts';
import { REDUCE_WG } from '../tuning.ts';
import swigluWgsl from './swiglu.wgsl?raw';
import swigluBackwardWgsl from './swiglu-backward.wgsl?raw';

/** SwiGLU gating and its gradient with respect to the fused gate ‖ up projection. */
export class SwigluKernels {
  private constructor(
    readonly forward: TrainingOp<'gateUp' | 'act'>,
    readonly backward: TrainingOp<'gateUp' | 'dAct' | 'dGateUp'>,
    private readonly hidden: number,
  ) {}

  static async create(device: GPUDevice, hidden: number): Promise<SwigluKernels> {
    const constants = { HIDDEN: hidden, WG: REDUCE_WG };
    const [forward, backward] = await Promise.all([
      TrainingOp.create(device, {
        label: 'swiglu',
        code: swigluWgsl,
        bindings: { gateUp: 'read', act: 'read-write' },
        constants,
      }),
      TrainingOp.create(device, {
        label: 'swiglu backward',
        code: swigluBackwardWgsl,
        bindings: { gateUp: 'read', dAct: 'read', dGateUp: 'read-write' },
        constants,
      }),
    ]);
    return new SwigluKernels(forward, backward, hidden);
  }

  runForward(pass: GPUComputePassEncoder, group: GPUBindGroup, rows: number): void {
    this.forward.dispatch(pass, group, [Math.ceil(this.hidden / REDUCE_WG), rows]);
  }

  runBackward(pass: GPUComputePassEncoder, group: GPUBindGroup, rows: number): void {
    this.backward.dispatch(pass, group, [Math.ceil(this.hidden / REDUCE_WG), rows]);
  }
}
