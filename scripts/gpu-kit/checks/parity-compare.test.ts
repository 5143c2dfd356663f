import { describe, expect, it } from 'vitest';
import { compareRows, tokenIds, worst } from './parity-compare.ts';

describe('compareRows', () => {
  it('measures the largest difference, the scale, and argmax disagreements', () => {
    const d = compareRows(
      [Float32Array.of(1, 5, 2), Float32Array.of(3, 0, 0)],
      [Float32Array.of(1, 4.5, 2), Float32Array.of(0, 4, 0)],
    );
    expect(d.maxAbs).toBe(4);
    expect(d.scale).toBe(4.5);
    expect(d.relative).toBeCloseTo(4 / 4.5, 12);
    expect(d.argmaxMismatches).toBe(1);
  });

  it('counts a NaN as an infinite difference and refuses rows of different counts', () => {
    expect(compareRows([Float32Array.of(NaN)], [Float32Array.of(0)]).maxAbs).toBe(Infinity);
    expect(() => compareRows([], [Float32Array.of(0)])).toThrow(/0 GPU rows vs 1 CPU rows/);
  });

  it('takes the worst of several diffs and makes the same token ids from the same seed', () => {
    const w = worst([
      { maxAbs: 1, scale: 2, relative: 0.5, argmaxMismatches: 0 },
      { maxAbs: 0.5, scale: 9, relative: 0.05, argmaxMismatches: 2 },
    ]);
    expect(w).toEqual({ maxAbs: 1, scale: 9, relative: 0.5, argmaxMismatches: 2 });
    expect(tokenIds(5, 7, 100)).toEqual(tokenIds(5, 7, 100));
    expect(tokenIds(50, 7, 100).every((t) => t >= 0 && t < 100)).toBe(true);
  });
});
