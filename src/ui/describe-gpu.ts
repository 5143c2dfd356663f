import type { GpuState } from '../store/types.ts';

export type GpuDisplayState = 'probing' | 'available' | 'unavailable' | 'failed';

export interface GpuDescription {
  state: GpuDisplayState;
  /** One plain sentence for the status line; never relies on colour. */
  text: string;
}

/** e.g. "GPU: SwiftShader Device (Subzero) — fallback adapter, no shader-f16". */
export function describeGpu(gpu: GpuState): GpuDescription {
  switch (gpu.phase) {
    case 'probing':
      return { state: 'probing', text: 'GPU: checking…' };
    case 'failed':
      return { state: 'failed', text: `GPU: the check failed (${gpu.error.name}: ${gpu.error.message}).` };
    case 'done': {
      const { report } = gpu;
      if (!report.available) return { state: 'unavailable', text: `GPU: none available. ${report.reason}` };
      const details = [
        ...(report.isFallbackAdapter ? ['fallback adapter'] : []),
        report.hasShaderF16 ? 'shader-f16' : 'no shader-f16',
      ];
      return { state: 'available', text: `GPU: ${report.adapterName} — ${details.join(', ')}` };
    }
  }
}
