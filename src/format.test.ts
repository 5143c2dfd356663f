import { describe, expect, it } from 'vitest';
import { formatMB, formatSeconds, formatSize } from './format.ts';

describe('format', () => {
  it('writes sizes and durations plainly', () => {
    expect(formatMB(36_386_071)).toBe('36.4 MB');
    expect(formatMB(123_456_789_0)).toBe('1,235 MB');
    expect(formatSize(3_790_000_000)).toBe('3.79 GB');
    expect(formatSize(12_345)).toBe('12.3 kB');
    expect(formatSize(512)).toBe('512 B');
    expect(formatSeconds(4.2)).toBe('5 s');
    expect(formatSeconds(125)).toBe('2 min 5 s');
    expect(formatSeconds(3720)).toBe('1 h 2 min');
  });
});
