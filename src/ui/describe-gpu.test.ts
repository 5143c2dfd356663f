import type { GpuAvailable } from '../store/types.ts';
import { describe, expect, it } from 'vitest';
import { describeGpu } from './describe-gpu.ts';
import { SWIFTSHADER_LIMITS } from '../protocol/testing/swiftshader-limits.ts';

const swiftShader: GpuAvailable = {
  available: true,
  adapterName: 'SwiftShader Device (Subzero)',
  description: 'SwiftShader Device (Subzero)',
  vendor: 'google',
  architecture: 'swiftshader',
  device: '0xc0de',
  isFallbackAdapter: true,
  features: ['subgroups'],
  hasShaderF16: false,
  limits: SWIFTSHADER_LIMITS,
};

describe('describeGpu', () => {
  it('names the adapter and says what it lacks in words', () => {
    expect(describeGpu({ phase: 'done', report: swiftShader })).toEqual({
      state: 'available',
      text: 'GPU: SwiftShader Device (Subzero) — fallback adapter, no shader-f16',
    });
    const real = { ...swiftShader, adapterName: 'nvidia ampere', isFallbackAdapter: false, hasShaderF16: true };
    expect(describeGpu({ phase: 'done', report: real }).text).toBe('GPU: nvidia ampere — shader-f16');
  });

  it('gives the plain-language reason when there is no GPU, and the error when the probe failed', () => {
    const none = describeGpu({
      phase: 'done',
      report: { available: false, code: 'no-webgpu', reason: 'This browser has no WebGPU.' },
    });
    expect(none).toEqual({ state: 'unavailable', text: 'GPU: none available. This browser has no WebGPU.' });
    expect(describeGpu({ phase: 'probing' }).state).toBe('probing');
    expect(describeGpu({ phase: 'failed', error: { name: 'WorkerCrashedError', message: 'gone' } }).text).toBe(
      'GPU: the check failed (WorkerCrashedError: gone).',
    );
  });
});
