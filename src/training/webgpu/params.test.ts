import { describe, expect, it } from 'vitest';
import paramsWgsl from './kernels/params.wgsl?raw';
import { encodeTrainValues, TRAIN_PARAM_BYTES } from './params.ts';

describe('the Train params struct', () => {
  it('has the WGSL struct’s fields in its order, u32 first then f32', () => {
    const fields = [...paramsWgsl.matchAll(/^\s+(\w+): (u32|f32),/gm)].map((m) => `${m[1]}:${m[2]}`);
    expect(fields.length * 4).toBe(TRAIN_PARAM_BYTES);
    const bytes = encodeTrainValues({
      rows: 1,
      seqLen: 2,
      uniqueTokens: 3,
      lossRow0: 4,
      lossRows: 5,
      headRows: 6,
      invTargets: 0.5,
      learningRate: 0.25,
      beta1: 0.9,
      beta2: 0.999,
      epsilon: 1e-8,
      weightDecay: 0.01,
      correction1: 0.1,
      correction2: 0.001,
      clipNorm: 1,
    });
    const u32 = ['rows', 'seqLen', 'uniqueTokens', 'lossRow0', 'lossRows', 'headRows'].map((f) => `${f}:u32`);
    expect(fields.slice(0, 6)).toEqual(u32);
    expect(Array.from(new Uint32Array(bytes, 0, 6))).toEqual([1, 2, 3, 4, 5, 6]);
    expect(fields[6]).toBe('invTargets:f32');
    expect(new Float32Array(bytes)[6]).toBe(0.5);
    expect(fields[14]).toBe('clipNorm:f32');
    expect(new Float32Array(bytes)[14]).toBe(1);
  });
});
