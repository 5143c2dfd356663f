import type { GpuAvailable, GpuReport } from '../../protocol/protocol.ts';
import { SWIFTSHADER_LIMITS } from '../../protocol/testing/swiftshader-limits.ts';

/** Made-up GPU probes for tests of the engine choice (no test here has a real GPU). */
export function adapterReport(over: Partial<GpuAvailable> = {}): GpuAvailable {
  return {
    available: true,
    adapterName: 'NVIDIA RTX 4090',
    description: 'NVIDIA RTX 4090',
    vendor: 'nvidia',
    architecture: 'ada',
    device: '',
    isFallbackAdapter: false,
    features: ['shader-f16'],
    hasShaderF16: true,
    limits: SWIFTSHADER_LIMITS,
    ...over,
  };
}

export const REAL_GPU: GpuAvailable = adapterReport();
export const SWIFTSHADER: GpuAvailable = adapterReport({
  adapterName: 'SwiftShader',
  description: 'SwiftShader',
  vendor: 'google',
  architecture: 'swiftshader',
  isFallbackAdapter: true,
  features: [],
  hasShaderF16: false,
});
export const NO_ADAPTER: GpuReport = { available: false, code: 'no-adapter', reason: 'no adapter' };
