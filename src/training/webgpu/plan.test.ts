import { describe, expect, it } from 'vitest';
import { DeviceLimitError } from '../../engines/llama-webgpu/errors.ts';
import { microConfig } from '../../engines/llama-cpu/testing.ts';
import { InvalidArgumentError } from '../../errors.ts';
import { parameterCount } from '../optimizer/parameters.ts';
import { DEFAULT_MEMORY_BUDGET, planBuffers, planTrainer, type TrainingLimits, totalBytes } from './plan.ts';

/** A desktop GPU's limits as Chrome grants them when asked (2 GiB bindings). */
const DESKTOP: TrainingLimits = {
  maxStorageBufferBindingSize: 2 ** 31 - 4,
  maxBufferSize: 2 ** 31 - 4,
  maxComputeWorkgroupsPerDimension: 65535,
  maxComputeInvocationsPerWorkgroup: 256,
  maxComputeWorkgroupSizeX: 256,
  maxComputeWorkgroupSizeY: 256,
  maxComputeWorkgroupStorageSize: 16384,
  maxStorageBuffersPerShaderStage: 8,
  minStorageBufferOffsetAlignment: 256,
};
const TILED = { matmul: 'tiled', lanes: 16 } as const;

/** The paper's drafter shape (vicuna-68m) and JackFram/llama-160m's: 2 and 12 layers. */
const drafter = (numLayers: number) =>
  microConfig({
    hiddenSize: 768,
    numHeads: 12,
    numKvHeads: 12,
    intermediateSize: 3072,
    vocabSize: 32000,
    numLayers,
    maxPositionEmbeddings: 2048,
  });

const request = (numLayers: number, extra = {}) => ({
  config: drafter(numLayers),
  maxBatchSize: 8,
  maxSeqLen: 256,
  budgetBytes: DEFAULT_MEMORY_BUDGET,
  tuning: TILED,
  limits: DESKTOP,
  ...extra,
});

describe('the WebGPU trainer memory plan', () => {
  it('fits the 68M drafter at batch 8 × 256 in 4 GiB in one micro-batch', () => {
    const plan = planTrainer(request(2));
    expect(parameterCount(drafter(2))).toBeGreaterThan(67e6);
    expect(plan.shape.microBatch).toBe(8);
    expect(plan.totalBytes).toBeLessThanOrEqual(DEFAULT_MEMORY_BUDGET);
    // Weights, gradients and two moments alone are 16 bytes per parameter (~1.09 GB).
    expect(plan.totalBytes).toBeGreaterThan(16 * parameterCount(drafter(2)));
    console.log(`68M: micro-batch ${plan.shape.microBatch}, ${(plan.totalBytes / 2 ** 30).toFixed(2)} GiB`);
  });

  it('fits the 160M drafter at batch 8 × 256 in 4 GiB by running two balanced micro-batches of 4', () => {
    const whole = planBuffers({ config: drafter(12), maxBatchSize: 8, maxSeqLen: 256, microBatch: 8 });
    expect(totalBytes(whole)).toBeGreaterThan(DEFAULT_MEMORY_BUDGET); // all 8 at once would not fit
    const plan = planTrainer(request(12));
    expect(plan.shape.microBatch).toBe(4);
    expect(plan.totalBytes).toBeLessThanOrEqual(DEFAULT_MEMORY_BUDGET);
    console.log(`160M: micro-batch ${plan.shape.microBatch}, ${(plan.totalBytes / 2 ** 30).toFixed(2)} GiB`);
  });

  it('shrinks the micro-batch until the logits buffer fits the device binding limit', () => {
    // (rows, 32000) f32 logits: 8 × 256 rows are 262 MB, over a 128 MiB binding limit; 4 × 256 (131 MB) fit.
    const limits = { ...DESKTOP, maxStorageBufferBindingSize: 128 * 2 ** 20 };
    const plan = planTrainer(request(2, { limits }));
    expect(plan.shape.microBatch).toBe(4);
    expect(Math.max(...plan.buffers.map((b) => b.bytes))).toBeLessThanOrEqual(128 * 2 ** 20);
  });

  it('names the buffer that does not fit even one sequence per micro-batch', () => {
    const limits = { ...DESKTOP, maxStorageBufferBindingSize: 64 * 2 ** 20 };
    let caught: unknown;
    try {
      planTrainer(request(2, { limits }));
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(DeviceLimitError);
    expect((caught as DeviceLimitError).limit).toBe('maxStorageBufferBindingSize');
    // The embedding (32000 × 768 f32 = 98 MB) is a weight: no micro-batch makes it smaller.
    expect((caught as Error).message).toMatch(/buffer embed_tokens \(32000, 768\) needs 98304000 bytes/);
  });

  it('says how much a shape needs when it is over the memory budget', () => {
    expect(() => planTrainer(request(12, { budgetBytes: 2 ** 31 }))).toThrow(
      /training buffers need .* GB at 1 sequence\(s\) of 256 per micro-batch .*over the memory budget of 2\.15 GB/,
    );
  });

  it('refuses bad shapes with a typed error before planning', () => {
    expect(() => planTrainer(request(2, { microBatch: 9 }))).toThrow(InvalidArgumentError);
    expect(() => planTrainer(request(2, { maxSeqLen: 4096 }))).toThrow(/max_position_embeddings 2048/);
    expect(() => planTrainer({ ...request(2), config: { ...drafter(2), headDim: 256 } })).toThrow(/head dimension 256/);
  });
});
