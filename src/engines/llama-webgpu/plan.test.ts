import { describe, expect, it } from 'vitest';
import { microConfig } from '../../llama/testing.ts';
import { DeviceLimitError } from './errors.ts';
import { checkDeviceLimits, planBuffers, type EngineShape, type LimitsLike } from './plan.ts';

// The WebGPU spec's default limits, as a device gets them when it asks for nothing.
const DEFAULT_LIMITS: LimitsLike = {
  maxStorageBufferBindingSize: 134217728,
  maxBufferSize: 268435456,
  maxComputeWorkgroupsPerDimension: 65535,
  maxComputeInvocationsPerWorkgroup: 256,
  maxComputeWorkgroupSizeX: 256,
  maxComputeWorkgroupStorageSize: 16384,
  maxStorageBuffersPerShaderStage: 8,
  minUniformBufferOffsetAlignment: 256,
};

const paper68m = (overrides: Partial<EngineShape> = {}): EngineShape => ({
  config: microConfig({
    hiddenSize: 768,
    intermediateSize: 3072,
    numLayers: 2,
    numHeads: 12,
    numKvHeads: 12,
    vocabSize: 32000,
  }),
  maxSeq: 2048,
  chunkRows: 32,
  maxDraft: 16,
  matmulLanes: 1,
  weightBytes: 4,
  ...overrides,
});

describe('llama-webgpu device-limit plan', () => {
  it('fits the paper 68M drafter within the default WebGPU limits', () => {
    expect(() => checkDeviceLimits(paper68m(), DEFAULT_LIMITS)).not.toThrow();
    const lmHead = planBuffers(paper68m()).find((b) => b.label.startsWith('lm_head'));
    expect(lmHead?.bytes).toBe(32000 * 768 * 4);
  });

  it('names the binding-size limit for an LM head that is too large', () => {
    const big = paper68m({
      config: microConfig({
        hiddenSize: 4096,
        numHeads: 32,
        numKvHeads: 32,
        vocabSize: 32000,
        intermediateSize: 11008,
      }),
    });
    let error: unknown;
    try {
      checkDeviceLimits(big, DEFAULT_LIMITS);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(DeviceLimitError);
    expect((error as DeviceLimitError).limit).toBe('maxStorageBufferBindingSize');
    expect((error as Error).message).toMatch(
      /embed_tokens .* needs 524288000 bytes, over this device's maxStorageBufferBindingSize of 134217728/,
    );
  });

  it('halves weight buffers on the f16 path', () => {
    const f32 = planBuffers(paper68m()).find((b) => b.label.startsWith('qkv_proj'));
    const f16 = planBuffers(paper68m({ weightBytes: 2 })).find((b) => b.label.startsWith('qkv_proj'));
    expect(f16!.bytes * 2).toBe(f32!.bytes);
  });

  it('names the workgroup-count limit for a vocabulary too wide to dispatch', () => {
    const wide = paper68m({
      config: microConfig({ hiddenSize: 64, numHeads: 4, numKvHeads: 4, vocabSize: 5_000_000, intermediateSize: 128 }),
    });
    expect(() =>
      checkDeviceLimits(wide, { ...DEFAULT_LIMITS, maxStorageBufferBindingSize: 2 ** 31, maxBufferSize: 2 ** 31 }),
    ).toThrow(/maxComputeWorkgroupsPerDimension/);
  });
});
