import { describe, expect, it } from 'vitest';
import { decodeBf16, decodeF16, f32ToBf16Bits, f32ToF16Bits } from './half.ts';

describe('binary16 conversion', () => {
  it('decodes and re-encodes every one of the 65 536 bit patterns to itself (NaNs stay NaN)', () => {
    const all = Uint16Array.from({ length: 65536 }, (_, i) => i);
    const values = decodeF16(all);
    for (let h = 0; h < 65536; h++) {
      const isNaNPattern = (h & 0x7c00) === 0x7c00 && (h & 0x3ff) !== 0;
      if (isNaNPattern) {
        expect(Number.isNaN(values[h])).toBe(true);
        expect(Number.isNaN(decodeF16(Uint16Array.of(f32ToF16Bits(values[h])))[0])).toBe(true);
      } else if (f32ToF16Bits(values[h]) !== h) {
        throw new Error(`0x${h.toString(16)} → ${values[h]} → 0x${f32ToF16Bits(values[h]).toString(16)}`);
      }
    }
  });

  it('rounds to nearest even, in the normal and the subnormal range, and overflows to infinity', () => {
    expect(f32ToF16Bits(1 + 2 ** -11)).toBe(0x3c00); // halfway between 1 and 1+2^-10: even is 1
    expect(f32ToF16Bits(1 + 3 * 2 ** -11)).toBe(0x3c02); // halfway: even is 1 + 2^-9
    expect(f32ToF16Bits(1 + 2 ** -11 + 2 ** -20)).toBe(0x3c01); // above halfway
    expect(f32ToF16Bits(2 ** -25)).toBe(0x0000); // half the smallest subnormal: to even (0)
    expect(f32ToF16Bits(3 * 2 ** -25)).toBe(0x0002); // 1.5 units: to even (2)
    expect(f32ToF16Bits(-(2 ** -25) * 1.01)).toBe(0x8001);
    expect(f32ToF16Bits(1e-10)).toBe(0x0000);
    expect(f32ToF16Bits(65519)).toBe(0x7bff);
    expect(f32ToF16Bits(65520)).toBe(0x7c00);
    expect(f32ToF16Bits(-1e9)).toBe(0xfc00);
    expect(f32ToF16Bits(2 ** -14 - 2 ** -26)).toBe(0x0400); // rounds up into the smallest normal
  });
});

describe('bfloat16 conversion', () => {
  it('decodes the top 16 bits of a float32', () => {
    expect(Array.from(decodeBf16(Uint16Array.of(0x3f80, 0xbf80, 0x4049, 0x0001)))).toEqual([
      1,
      -1,
      3.140625,
      2 ** -133,
    ]);
  });

  it('rounds to nearest even and keeps NaN a NaN', () => {
    expect(f32ToBf16Bits(1 + 2 ** -8)).toBe(0x3f80);
    expect(f32ToBf16Bits(1 + 3 * 2 ** -8)).toBe(0x3f82);
    expect(f32ToBf16Bits(3.4e38)).toBe(0x7f80); // rounds past the largest bfloat16 to infinity
    expect(Number.isNaN(decodeBf16(Uint16Array.of(f32ToBf16Bits(NaN)))[0])).toBe(true);
  });
});
