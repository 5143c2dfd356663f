import { KernelError } from './errors.ts';
import paramsWgsl from './kernels/params.wgsl?raw';

/** How a kernel sees each binding; binding 0 is always the per-step params (dynamic offset). */
export type BindingKind = 'read' | 'read-write';

export interface KernelSpec {
  label: string;
  /** One kernels/<op>.wgsl file's text; the Step params struct is prepended. */
  code: string;
  /** Kinds of bindings 1, 2, … */
  bindings: readonly BindingKind[];
  /** Values for the WGSL `override` constants. */
  constants?: Record<string, number>;
  /** Set for kernels that read f16 weights: enables the extension and retypes `WeightType`. */
  f16Weights?: boolean;
}

export interface Kernel {
  readonly label: string;
  readonly pipeline: GPUComputePipeline;
  readonly layout: GPUBindGroupLayout;
}

/** Bytes between per-step param slots: the largest minUniformBufferOffsetAlignment WebGPU allows. */
export const PARAM_SLOT_BYTES = 256;
export const PARAM_BYTES = 40; // 10 × 4-byte fields of `Step`

/**
 * Compiles a kernel with an explicit bind group layout inside a validation error scope, and throws
 * the validation and compilation messages rather than leaving a pipeline that silently does nothing.
 * Kernels with the same binding kinds get equivalent layouts, so bind groups are interchangeable
 * between variants (e.g. the one-token and the tiled matmul).
 */
export async function createKernel(device: GPUDevice, spec: KernelSpec): Promise<Kernel> {
  let code = `${paramsWgsl}\n${spec.code}`;
  if (spec.f16Weights) code = `enable f16;\n${code.replace('alias WeightType = f32;', 'alias WeightType = f16;')}`;
  device.pushErrorScope('validation');
  const module = device.createShaderModule({ label: spec.label, code });
  const layout = device.createBindGroupLayout({
    label: `${spec.label} layout`,
    entries: [
      {
        binding: 0,
        visibility: GPUShaderStage.COMPUTE,
        buffer: { type: 'uniform', hasDynamicOffset: true, minBindingSize: PARAM_BYTES },
      },
      ...spec.bindings.map((kind, i) => ({
        binding: i + 1,
        visibility: GPUShaderStage.COMPUTE,
        buffer: { type: kind === 'read' ? ('read-only-storage' as const) : ('storage' as const) },
      })),
    ],
  });
  const pipeline = device.createComputePipeline({
    label: spec.label,
    layout: device.createPipelineLayout({ label: `${spec.label} pipeline layout`, bindGroupLayouts: [layout] }),
    compute: { module, entryPoint: 'main', constants: spec.constants ?? {} },
  });
  const error = await device.popErrorScope();
  if (error) {
    const info = await module.getCompilationInfo();
    const messages = info.messages.map((m) => `${m.type} at ${m.lineNum}:${m.linePos}: ${m.message}`).join('\n');
    throw new KernelError(
      `kernel "${spec.label}" failed validation: ${error.message}${messages ? `\n${messages}` : ''}`,
    );
  }
  return { label: spec.label, pipeline, layout };
}

/** A bind group for `kernel`: the params slot window at binding 0, then `buffers` in order. */
export function bindKernel(
  device: GPUDevice,
  kernel: Kernel,
  label: string,
  params: GPUBuffer,
  buffers: readonly GPUBuffer[],
): GPUBindGroup {
  return device.createBindGroup({
    label,
    layout: kernel.layout,
    entries: [
      { binding: 0, resource: { buffer: params, offset: 0, size: PARAM_BYTES } },
      ...buffers.map((buffer, i) => ({ binding: i + 1, resource: { buffer } })),
    ],
  });
}
