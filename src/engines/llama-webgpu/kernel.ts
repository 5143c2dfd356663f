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
  /**
   * The uniform struct bound at binding 0 and its size in bytes: by default the inference `Step`
   * (kernels/params.wgsl); other engines built on these helpers (training) bring their own.
   */
  params?: { wgsl: string; bytes: number };
}

export interface Kernel {
  readonly label: string;
  readonly pipeline: GPUComputePipeline;
  readonly layout: GPUBindGroupLayout;
  /** Bytes of the params struct bound at binding 0. */
  readonly paramBytes: number;
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
  const params = spec.params ?? { wgsl: paramsWgsl, bytes: PARAM_BYTES };
  let code = `${params.wgsl}\n${spec.code}`;
  if (spec.f16Weights) code = `enable f16;\n${code.replace('alias WeightType = f32;', 'alias WeightType = f16;')}`;
  device.pushErrorScope('validation');
  const module = device.createShaderModule({ label: spec.label, code });
  const layout = device.createBindGroupLayout({
    label: `${spec.label} layout`,
    entries: [
      {
        binding: 0,
        visibility: GPUShaderStage.COMPUTE,
        buffer: { type: 'uniform', hasDynamicOffset: true, minBindingSize: params.bytes },
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
  return { label: spec.label, pipeline, layout, paramBytes: params.bytes };
}

/**
 * A bind group for `kernel`: the params slot window at binding 0, then `buffers` in order (whole
 * buffers, or a range of one as a GPUBufferBinding).
 */
export function bindKernel(
  device: GPUDevice,
  kernel: Kernel,
  label: string,
  params: GPUBuffer,
  buffers: readonly (GPUBuffer | GPUBufferBinding)[],
): GPUBindGroup {
  return device.createBindGroup({
    label,
    layout: kernel.layout,
    entries: [
      { binding: 0, resource: { buffer: params, offset: 0, size: kernel.paramBytes } },
      ...buffers.map((b, i) => ({ binding: i + 1, resource: 'buffer' in b ? b : { buffer: b } })),
    ],
  });
}
