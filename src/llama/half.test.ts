import { describe, expect, it } from 'vitest';
import { decodeBf16, decodeF16, encodeF16, f32ToBf16Bits, f32ToF16Bits } from './half.ts';

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

describe('encodeF16 (bulk binary16 encoding)', () => {
  /** Float32 values from bit patterns. */
  const fromBits = (patterns: number[]): Float32Array => new Float32Array(Uint32Array.from(patterns).buffer);

  it('equals f32ToF16Bits on every binary16 value, its float32 neighbours and the halfway points between them', () => {
    const halves = decodeF16(Uint16Array.from({ length: 65536 }, (_, i) => i));
    const patterns: number[] = [];
    const bits = new Uint32Array(halves.buffer);
    for (const b of bits) {
      // the value, one float32 ulp either side, and the halfway point to the next binary16 value (± 1 ulp)
      patterns.push(b, b + 1, b - 1, b + 0x1000, b + 0x0fff, b + 0x1001);
    }
    const values = fromBits(patterns.map((p) => p >>> 0));
    const bulk = encodeF16(values);
    for (let i = 0; i < values.length; i++) {
      const one = f32ToF16Bits(values[i]);
      const isNaNValue = Number.isNaN(values[i]);
      if (isNaNValue ? (bulk[i] & 0x7c00) !== 0x7c00 || (bulk[i] & 0x3ff) === 0 : bulk[i] !== one) {
        throw new Error(
          `bits 0x${patterns[i].toString(16)} (${values[i]}): bulk 0x${bulk[i].toString(16)}, one by one 0x${one.toString(16)}`,
        );
      }
    }
  });

  it('equals f32ToF16Bits on a sweep across the whole float32 range, and writes into a given longer array', () => {
    const patterns = Array.from({ length: 1 << 16 }, (_, i) => (i * 65537 + 12345) >>> 0);
    const values = fromBits(patterns);
    const out = new Uint16Array(values.length + 1).fill(0xffff);
    expect(encodeF16(values, out)).toBe(out);
    values.forEach((v, i) => {
      if (!Number.isNaN(v) && out[i] !== f32ToF16Bits(v))
        throw new Error(`${v}: 0x${out[i].toString(16)} vs 0x${f32ToF16Bits(v).toString(16)}`);
    });
    expect(out[values.length]).toBe(0xffff);
  });

  it('refuses an output array shorter than the input', () => {
    expect(() => encodeF16(new Float32Array(4), new Uint16Array(3))).toThrow(RangeError);
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
