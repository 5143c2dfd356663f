import { bindKernel, type BindingKind, createKernel, type Kernel } from '../../engines/llama-webgpu/kernel.ts';
import { TRAIN_PARAMS } from './params.ts';

/**
 * A compiled training kernel with its bindings by name: the binding table lives beside the WGSL
 * (each kernels/<op>.ts declares it in binding order), so the order is written down once and
 * every bind group is built from named buffers.
 */

/** A whole buffer or a range of one. */
export type Binding = GPUBuffer | GPUBufferBinding;

export interface OpSpec<Names extends string> {
  label: string;
  code: string;
  /** Bindings 1, 2, … in declaration order, by the name the WGSL gives them. */
  bindings: Record<Names, BindingKind>;
  constants?: Record<string, number>;
}

/** Workgroup counts (x, y, z) of one dispatch. */
export type Groups = readonly [number, number?, number?];

export class TrainingOp<Names extends string> {
  private constructor(
    readonly kernel: Kernel,
    private readonly names: readonly Names[],
  ) {}

  static async create<Names extends string>(device: GPUDevice, spec: OpSpec<Names>): Promise<TrainingOp<Names>> {
    const names = Object.keys(spec.bindings) as Names[];
    const kernel = await createKernel(device, {
      label: spec.label,
      code: spec.code,
      bindings: names.map((name) => spec.bindings[name]),
      constants: spec.constants,
      params: TRAIN_PARAMS,
    });
    return new TrainingOp(kernel, names);
  }

  get label(): string {
    return this.kernel.label;
  }

  bind(device: GPUDevice, params: GPUBuffer, label: string, buffers: Record<Names, Binding>): GPUBindGroup {
    return bindKernel(
      device,
      this.kernel,
      label,
      params,
      this.names.map((name) => buffers[name]),
    );
  }

  /** Records one dispatch; zero workgroups records nothing (an empty micro-batch part). */
  dispatch(pass: GPUComputePassEncoder, group: GPUBindGroup, [x, y = 1, z = 1]: Groups): void {
    if (x === 0 || y === 0 || z === 0) return;
    pass.setPipeline(this.kernel.pipeline);
    pass.setBindGroup(0, group, [0]);
    pass.dispatchWorkgroups(x, y, z);
  }
}
