import { TrainingOp } from '../op.ts';
import { NORM_GROUPS, WIDE_WG } from '../tuning.ts';
import adamwWgsl from './adamw.wgsl?raw';
import gradNormWgsl from './grad-norm.wgsl?raw';
import statsWgsl from './stats.wgsl?raw';

/** Most AdamW workgroups one tensor's dispatch gets (each then strides): under any device's limit. */
const ADAMW_MAX_GROUPS = 4096;

/**
 * The end of a step on the GPU: the gradient norm in two stages (per tensor, then over all), the
 * loss and the clip coefficient (stats), and AdamW per tensor reading that coefficient.
 */
export class OptimizerKernels {
  private constructor(
    readonly gradNorm: TrainingOp<'grad' | 'partials'>,
    readonly stats: TrainingOp<'lossRows' | 'partials' | 'stats'>,
    readonly lossOnly: TrainingOp<'lossRows' | 'partials' | 'stats'>,
    readonly adamw: TrainingOp<'param' | 'grad' | 'm' | 'v' | 'stats'>,
    readonly adamwNoDecay: TrainingOp<'param' | 'grad' | 'm' | 'v' | 'stats'>,
    private readonly tree: boolean,
  ) {}

  /** `tree`: the gradient norm's first stage reduces in workgroup memory (real GPUs) or per thread. */
  static async create(device: GPUDevice, tree: boolean): Promise<OptimizerKernels> {
    const statsBindings = { lossRows: 'read', partials: 'read', stats: 'read-write' } as const;
    const adamwBindings = {
      param: 'read-write',
      grad: 'read',
      m: 'read-write',
      v: 'read-write',
      stats: 'read',
    } as const;
    const [gradNorm, stats, lossOnly, adamw, adamwNoDecay] = await Promise.all([
      TrainingOp.create(device, {
        label: 'gradient norm (per tensor)',
        code: gradNormWgsl,
        bindings: { grad: 'read', partials: 'read-write' },
        constants: { WG: tree ? WIDE_WG : NORM_GROUPS, GROUPS: NORM_GROUPS, TREE: tree ? 1 : 0 },
      }),
      TrainingOp.create(device, {
        label: 'step stats',
        code: statsWgsl,
        bindings: statsBindings,
        constants: { WG: WIDE_WG },
      }),
      TrainingOp.create(device, {
        label: 'loss stats',
        code: statsWgsl,
        bindings: statsBindings,
        constants: { WG: WIDE_WG, WITH_NORM: 0 },
      }),
      TrainingOp.create(device, {
        label: 'adamw',
        code: adamwWgsl,
        bindings: adamwBindings,
        constants: { WG: WIDE_WG },
      }),
      TrainingOp.create(device, {
        label: 'adamw (no decay)',
        code: adamwWgsl,
        bindings: adamwBindings,
        constants: { WG: WIDE_WG, DECAY: 0 },
      }),
    ]);
    return new OptimizerKernels(gradNorm, stats, lossOnly, adamw, adamwNoDecay, tree);
  }

  runGradNorm(pass: GPUComputePassEncoder, group: GPUBindGroup): void {
    this.gradNorm.dispatch(pass, group, [this.tree ? NORM_GROUPS : 1]);
  }

  runStats(pass: GPUComputePassEncoder, group: GPUBindGroup, withNorm: boolean): void {
    (withNorm ? this.stats : this.lossOnly).dispatch(pass, group, [1]);
  }

  runAdamw(pass: GPUComputePassEncoder, group: GPUBindGroup, decay: boolean, size: number): void {
    const groups = Math.min(Math.ceil(size / WIDE_WG), ADAMW_MAX_GROUPS);
    (decay ? this.adamw : this.adamwNoDecay).dispatch(pass, group, [groups]);
  }
}
