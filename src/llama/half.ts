/**
 * Half-precision conversions (IEEE binary16 and bfloat16) to and from float32, bit-exact:
 * subnormals, infinities and NaNs included, rounding to nearest even on the way down.
 */

let f16Table: Float32Array | undefined; // (65536,) every binary16 bit pattern as float32

function f16ToNumber(h: number): number {
  const sign = h & 0x8000 ? -1 : 1;
  const exponent = (h >> 10) & 0x1f;
  const mantissa = h & 0x3ff;
  if (exponent === 0) return sign * mantissa * 2 ** -24; // zero and subnormals
  if (exponent === 31) return mantissa === 0 ? sign * Infinity : NaN;
  return sign * (1 + mantissa / 1024) * 2 ** (exponent - 15);
}

/** binary16 bit patterns → float32 values (every one is exactly representable). */
export function decodeF16(halves: Uint16Array): Float32Array {
  if (f16Table === undefined) {
    f16Table = new Float32Array(65536);
    for (let h = 0; h < 65536; h++) f16Table[h] = f16ToNumber(h);
  }
  const table = f16Table;
  const out = new Float32Array(halves.length);
  for (let i = 0; i < halves.length; i++) out[i] = table[halves[i]];
  return out;
}

/** bfloat16 bit patterns → float32: they are the top 16 bits of a float32. */
export function decodeBf16(halves: Uint16Array): Float32Array {
  const bits = new Uint32Array(halves.length);
  for (let i = 0; i < halves.length; i++) bits[i] = halves[i] << 16;
  return new Float32Array(bits.buffer);
}

const scratchF32 = new Float32Array(1);
const scratchU32 = new Uint32Array(scratchF32.buffer);

/** float32 → binary16 bit pattern, round to nearest even (overflow → ±inf). */
export function f32ToF16Bits(value: number): number {
  scratchF32[0] = value;
  const bits = scratchU32[0];
  const sign = (bits >>> 16) & 0x8000;
  const exponent = (bits >>> 23) & 0xff;
  const mantissa = bits & 0x7fffff;
  if (exponent === 0xff) return sign | 0x7c00 | (mantissa === 0 ? 0 : 0x200 | (mantissa >>> 13));
  const e = exponent - 127 + 15; // rebased exponent
  if (e >= 31) return sign | 0x7c00;
  if (e <= 0) {
    // Subnormal in binary16: shift the full significand down to units of 2^-24.
    const shift = 14 - e;
    if (shift > 24) return sign;
    const significand = mantissa | 0x800000;
    let q = significand >>> shift;
    const rest = significand & ((1 << shift) - 1);
    const half = 1 << (shift - 1);
    if (rest > half || (rest === half && (q & 1) === 1)) q++;
    return sign | q; // q may reach 0x400: the smallest normal, encoded correctly
  }
  let q = (e << 10) | (mantissa >>> 13);
  const rest = mantissa & 0x1fff;
  if (rest > 0x1000 || (rest === 0x1000 && (q & 1) === 1)) q++; // a carry may reach inf: correct
  return sign | q;
}

/**
 * float32 values → binary16 bit patterns, bit-identical to f32ToF16Bits element by element, for
 * whole weight matrices: the values that are normal in binary16 (all but zeros and the tiniest
 * weights) round to nearest even with integer arithmetic on the float32 bits, without a call per
 * element; the rest take f32ToF16Bits.
 */
export function encodeF16(
  values: Float32Array,
  out: Uint16Array<ArrayBuffer> = new Uint16Array(values.length),
): Uint16Array<ArrayBuffer> {
  if (out.length < values.length)
    throw new RangeError(`encodeF16: output holds ${out.length} of ${values.length} values`);
  const bits = new Uint32Array(values.buffer, values.byteOffset, values.length);
  for (let i = 0; i < bits.length; i++) {
    const b = bits[i];
    const exponent = (b >>> 23) & 0xff;
    if (exponent >= 113 && exponent <= 142) {
      // + 0xfff, + 1 more when the kept lowest bit is odd: a carry into bit 13 is round-half-even.
      const rounded = ((b & 0x7fffffff) + 0xfff + ((b >>> 13) & 1)) >>> 13;
      out[i] = ((b >>> 16) & 0x8000) | (rounded - (112 << 10));
    } else {
      out[i] = f32ToF16Bits(values[i]);
    }
  }
  return out;
}

/** float32 → bfloat16 bit pattern, round to nearest even; NaN stays a (quiet) NaN. */
export function f32ToBf16Bits(value: number): number {
  scratchF32[0] = value;
  const bits = scratchU32[0];
  if ((bits & 0x7f800000) === 0x7f800000 && (bits & 0x7fffff) !== 0) return (bits >>> 16) | 0x40;
  return ((bits + 0x7fff + ((bits >>> 16) & 1)) >>> 16) & 0xffff;
}
