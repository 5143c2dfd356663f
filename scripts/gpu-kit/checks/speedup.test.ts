import { describe, expect, it } from 'vitest';
import { leviathanSpeedup, PAPER_ALPHA, PAPER_GAMMA } from './speedup.ts';

describe('leviathanSpeedup', () => {
  it('gives the formula values at α = 0.71, γ = 5 (DESIGN.md rounds them to 2.42x, 1.51x, 1.2x)', () => {
    expect(leviathanSpeedup(PAPER_ALPHA, PAPER_GAMMA, 0.05)).toBeCloseTo(2.4052, 4);
    expect(leviathanSpeedup(PAPER_ALPHA, PAPER_GAMMA, 0.2)).toBeCloseTo(1.5033, 4);
    expect(leviathanSpeedup(PAPER_ALPHA, PAPER_GAMMA, 0.3)).toBeCloseTo(1.2026, 4);
  });

  it('is the expected tokens per step when drafting is free, and shrinks with a costlier verify pass', () => {
    expect(leviathanSpeedup(0.5, 3, 0)).toBeCloseTo((1 - 0.5 ** 4) / 0.5, 12);
    expect(leviathanSpeedup(0.71, 5, 0.1, 1.5)).toBeLessThan(leviathanSpeedup(0.71, 5, 0.1));
  });

  it('refuses α outside [0, 1), a non-integer γ and a negative c', () => {
    expect(() => leviathanSpeedup(1, 5, 0.1)).toThrow(RangeError);
    expect(() => leviathanSpeedup(0.7, 2.5, 0.1)).toThrow(RangeError);
    expect(() => leviathanSpeedup(0.7, 5, -0.1)).toThrow(RangeError);
  });
});
