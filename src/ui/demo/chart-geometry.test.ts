import { describe, expect, it } from 'vitest';
import { formatMs, linePath, linearScale, niceAxis, niceCeiling, rectsPath, ticksTo } from './chart-geometry.ts';

describe('chart geometry', () => {
  it('scales linearly, including an inverted range (SVG y grows downwards)', () => {
    const y = linearScale([0, 10], [100, 0]);
    expect([y(0), y(5), y(10)]).toEqual([100, 50, 0]);
    expect(linearScale([3, 3], [0, 50])(3)).toBe(0);
  });

  it('rounds axis maxima up to 1, 2 or 5 × 10^k', () => {
    expect([0, 0.3, 1, 1.2, 3, 7, 10, 11, 480].map(niceCeiling)).toEqual([1, 0.5, 1, 2, 5, 10, 10, 20, 500]);
    expect(ticksTo(20, 4)).toEqual([0, 5, 10, 15, 20]);
    expect(niceAxis(7)).toEqual({ max: 8, ticks: [0, 2, 4, 6, 8] });
    expect(niceAxis(1)).toEqual({ max: 1, ticks: [0, 0.5, 1] });
    expect(niceAxis(430)).toEqual({ max: 600, ticks: [0, 200, 400, 600] });
    expect(niceAxis(1, true)).toEqual({ max: 1, ticks: [0, 1] });
    expect(niceAxis(3, true)).toEqual({ max: 3, ticks: [0, 1, 2, 3] });
  });

  it('draws many bars as one path and skips empty ones', () => {
    expect(
      rectsPath([
        { x: 0, y: 10, width: 5, height: 20 },
        { x: 5, y: 30, width: 5, height: 0 },
        { x: 10.123, y: 1, width: 2, height: 3 },
      ]),
    ).toBe('M0 10h5v20h-5zM10.12 1h2v3h-2z');
    expect(
      linePath([
        { x: 0, y: 0 },
        { x: 1, y: 2 },
      ]),
    ).toBe('M0 0L1 2');
  });

  it('says times in ms or s', () => {
    expect([0.42, 85.4, 1234, 65_000].map(formatMs)).toEqual(['0.4 ms', '85 ms', '1.2 s', '65 s']);
  });
});
