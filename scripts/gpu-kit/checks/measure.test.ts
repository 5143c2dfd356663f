import { describe, expect, it } from 'vitest';
import { median, medianTiming, ms } from './measure.ts';

describe('measure helpers', () => {
  it('takes the median of odd and even counts and refuses none', () => {
    expect(median([5, 1, 3])).toBe(3);
    expect(median([4, 1, 3, 2])).toBe(2.5);
    expect(() => median([])).toThrow(RangeError);
  });

  it('reports GPU time only when every sample has it', () => {
    expect(
      medianTiming([
        { wallMs: 2, gpuMs: 1 },
        { wallMs: 4, gpuMs: 3 },
      ]),
    ).toEqual({ wallMs: 3, gpuMs: 2 });
    expect(
      medianTiming([
        { wallMs: 2, gpuMs: 1 },
        { wallMs: 4, gpuMs: null },
      ]).gpuMs,
    ).toBeNull();
  });

  it('formats missing figures as a dash', () => {
    expect(ms(null)).toBe('—');
    expect(ms(1.234)).toBe('1.23');
  });
});
