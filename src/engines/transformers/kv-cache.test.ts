import { Tensor } from '@huggingface/transformers';
import { describe, expect, it } from 'vitest';
import { cropCache } from './kv-cache.ts';

describe('cropCache on the CPU', () => {
  it('keeps the first positions of every head, and nothing else', () => {
    // (batch 1, 2 heads, 4 positions, head size 3), value = 100·head + 10·position + dim.
    const data = new Float32Array(2 * 4 * 3).map(
      (_, i) => 100 * Math.floor(i / 12) + 10 * (Math.floor(i / 3) % 4) + (i % 3),
    );
    const cropped = cropCache({ 'past_key_values.0.key': new Tensor('float32', data, [1, 2, 4, 3]) }, 2, undefined);
    const key = cropped['past_key_values.0.key'];
    expect(key.dims).toEqual([1, 2, 2, 3]);
    expect(Array.from(key.data as Float32Array)).toEqual([0, 1, 2, 10, 11, 12, 100, 101, 102, 110, 111, 112]);
    expect(key.location).toBe('cpu');
  });
});
