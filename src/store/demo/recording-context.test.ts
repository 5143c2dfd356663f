import { describe, expect, it } from 'vitest';
import type { GpuAvailable } from '../../protocol/protocol.ts';
import { SWIFTSHADER_LIMITS } from '../../protocol/testing/swiftshader-limits.ts';
import { describeAdapter } from './recording-context.ts';

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

describe('describeAdapter', () => {
  it('names the adapter, its maker and what matters to the engines', () => {
    expect(describeAdapter({ phase: 'done', report: swiftShader })).toBe(
      'SwiftShader Device (Subzero); google swiftshader; fallback adapter; no shader-f16',
    );
    const rtx = { ...swiftShader, adapterName: 'NVIDIA GeForce RTX 3090', vendor: 'nvidia', architecture: 'ampere' };
    expect(describeAdapter({ phase: 'done', report: { ...rtx, isFallbackAdapter: false, hasShaderF16: true } })).toBe(
      'NVIDIA GeForce RTX 3090; nvidia ampere; shader-f16',
    );
  });

  it('says when there was none, or when nobody knows', () => {
    const none = { available: false as const, code: 'no-webgpu' as const, reason: 'This browser has no WebGPU.' };
    expect(describeAdapter({ phase: 'done', report: none })).toBe('no WebGPU adapter (This browser has no WebGPU.)');
    expect(describeAdapter({ phase: 'probing' })).toBe('unknown (the GPU check had not finished)');
    expect(describeAdapter({ phase: 'failed', error: { name: 'Error', message: 'boom' } })).toBe(
      'unknown (the GPU check failed: boom)',
    );
  });
});
