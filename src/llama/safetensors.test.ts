import { describe, expect, it } from 'vitest';
import { WeightFileError } from '../errors.ts';
import { parseSafetensors } from './safetensors.ts';
import { encodeSafetensors } from './safetensors-write.ts';

const FILE = 'model.safetensors';

/** A file with a hand-written header (object or raw text) and `dataBytes` zero bytes of data. */
function rawFile(header: unknown, dataBytes: number): Uint8Array {
  const json = new TextEncoder().encode(typeof header === 'string' ? header : JSON.stringify(header));
  const out = new Uint8Array(8 + json.length + dataBytes);
  new DataView(out.buffer).setUint32(0, json.length, true);
  out.set(json, 8);
  return out;
}

function parseError(bytes: Uint8Array): WeightFileError {
  try {
    parseSafetensors(bytes, FILE);
  } catch (error) {
    expect(error).toBeInstanceOf(WeightFileError);
    expect((error as Error).message).toContain(FILE);
    return error as WeightFileError;
  }
  throw new Error('expected parseSafetensors to throw');
}

describe('safetensors round trip', () => {
  it('writes and reads F32 exactly, with metadata, sorted names and an 8-byte aligned header', () => {
    const a = Float32Array.from([1.5, -2.25, 3e-38, 1e-45, -0, Infinity, 123456.789]);
    const b = Float32Array.from([0, 1, 2, 3, 4, 5]);
    const bytes = encodeSafetensors(
      { 'z.weight': { dtype: 'F32', shape: [7], data: a }, 'a.weight': { dtype: 'F32', shape: [2, 3], data: b } },
      { format: 'pt' },
    );
    const headerLength = new DataView(bytes.buffer).getUint32(0, true);
    expect(headerLength % 8).toBe(0);
    const file = parseSafetensors(bytes, FILE);
    expect(file.names).toEqual(['a.weight', 'z.weight']);
    expect(file.metadata).toEqual({ format: 'pt' });
    expect(file.tensor('z.weight')).toEqual({ shape: [7], data: a });
    expect(file.tensor('a.weight').shape).toEqual([2, 3]);
    expect(Array.from(file.tensor('a.weight').data)).toEqual([0, 1, 2, 3, 4, 5]);
    expect(Object.is(file.tensor('z.weight').data[4], -0)).toBe(true);
  });

  it('is deterministic: the same tensors give the same bytes whatever the key order', () => {
    const t = { dtype: 'F16' as const, shape: [2], data: Float32Array.from([1, 2]) };
    expect(encodeSafetensors({ x: t, y: t })).toEqual(encodeSafetensors({ y: t, x: t }));
  });

  it('round-trips F16 exactly for values binary16 can hold, subnormals, infinities and NaN included', () => {
    const values = [
      0,
      -0,
      1,
      -2,
      0.5,
      65504,
      -65504,
      2 ** -14,
      2 ** -24,
      3 * 2 ** -24,
      1023 * 2 ** -24,
      0.333251953125,
      Infinity,
      -Infinity,
    ];
    const bytes = encodeSafetensors({
      h: { dtype: 'F16', shape: [values.length + 1], data: Float32Array.from([...values, NaN]) },
    });
    const { data } = parseSafetensors(bytes, FILE).tensor('h');
    values.forEach((v, i) => expect(Object.is(data[i], Math.fround(v))).toBe(true));
    expect(Number.isNaN(data[values.length])).toBe(true);
  });

  it('decodes hand-written F16 and BF16 bit patterns', () => {
    const halves = [0x0001, 0x03ff, 0x0400, 0x3c00, 0xc000, 0x7bff, 0x7c00, 0xfc00, 0x8000, 0x3555];
    const expected = [2 ** -24, 1023 * 2 ** -24, 2 ** -14, 1, -2, 65504, Infinity, -Infinity, -0, 0.333251953125];
    const data = new Uint8Array(halves.length * 2);
    halves.forEach((h, i) => new DataView(data.buffer).setUint16(2 * i, h, true));
    const file = rawFile(
      {
        h: { dtype: 'F16', shape: [halves.length], data_offsets: [0, data.length] },
        b: { dtype: 'BF16', shape: [3], data_offsets: [data.length, data.length + 6] },
      },
      data.length + 6,
    );
    file.set(data, file.length - data.length - 6);
    const bf = [0x3f80, 0xc040, 0x7f80]; // 1, -3, inf
    bf.forEach((h, i) => new DataView(file.buffer).setUint16(file.length - 6 + 2 * i, h, true));
    const parsed = parseSafetensors(file, FILE);
    Array.from(parsed.tensor('h').data).forEach((v, i) => expect(Object.is(v, expected[i])).toBe(true));
    expect(Array.from(parsed.tensor('b').data)).toEqual([1, -3, Infinity]);
  });

  it('rounds BF16 to nearest even and keeps values bfloat16 can hold exactly', () => {
    const exact = [1, -3, 0.5, 2 ** -130, 3.3895313892515355e38, -Infinity];
    const ties = [Math.fround(1 + 2 ** -8), Math.fround(1 + 3 * 2 ** -8)]; // halfway: to even → 1 and 1 + 2^-6
    const bytes = encodeSafetensors({ b: { dtype: 'BF16', shape: [8], data: Float32Array.from([...exact, ...ties]) } });
    const { data } = parseSafetensors(bytes, FILE).tensor('b');
    expect(Array.from(data)).toEqual([...exact.map(Math.fround), 1, 1 + 2 ** -6]);
  });

  it('reads a tensor with zero elements', () => {
    const bytes = encodeSafetensors({ e: { dtype: 'F16', shape: [0, 4], data: new Float32Array(0) } });
    expect(parseSafetensors(bytes, FILE).tensor('e')).toEqual({ shape: [0, 4], data: new Float32Array(0) });
  });
});

describe('safetensors validation names the file, the tensor and the reason', () => {
  const good = { dtype: 'F32', shape: [2, 2], data_offsets: [0, 16] };

  it('refuses a file shorter than the 8-byte header length', () => {
    expect(parseError(new Uint8Array(5)).message).toMatch(/shorter than the 8-byte header length/);
  });

  it('refuses a zero, absurd or past-the-end header length', () => {
    expect(parseError(new Uint8Array(16)).message).toMatch(/header length is 0/);
    const huge = new Uint8Array(16);
    new DataView(huge.buffer).setUint32(4, 1, true);
    expect(parseError(huge).message).toMatch(/absurdly large/);
    const big = new Uint8Array(16);
    new DataView(big.buffer).setUint32(0, 200_000_000, true);
    expect(parseError(big).message).toMatch(/absurdly large/);
    const past = new Uint8Array(16);
    new DataView(past.buffer).setUint32(0, 100, true);
    expect(parseError(past).message).toMatch(/past the end of the file.*truncated/);
  });

  it('refuses a header that is not JSON or not an object', () => {
    expect(parseError(rawFile('{"a": [1, 2', 0)).message).toMatch(/header is not valid JSON/);
    expect(parseError(rawFile('[1, 2]', 0)).message).toMatch(/header JSON is not an object/);
    expect(parseError(rawFile({ __metadata__: 3 }, 0)).message).toMatch(/__metadata__ is not an object/);
  });

  it('refuses an unknown dtype', () => {
    expect(parseError(rawFile({ 'w.q': { ...good, dtype: 'F17' } }, 16)).message).toMatch(
      /tensor "w\.q": unknown dtype "F17"/,
    );
  });

  it('refuses a shape that is not a list of non-negative integers', () => {
    for (const shape of [[-1, 2], [1.5], '4', [2, null]]) {
      expect(parseError(rawFile({ 'w.k': { ...good, shape } }, 16)).message).toMatch(
        /tensor "w\.k": shape .* non-negative integers/,
      );
    }
  });

  it('refuses missing or malformed data_offsets', () => {
    expect(parseError(rawFile({ 'w.v': { dtype: 'F32', shape: [4] } }, 16)).message).toMatch(
      /tensor "w\.v": data_offsets undefined/,
    );
    expect(parseError(rawFile({ 'w.v': { ...good, data_offsets: [0] } }, 16)).message).toMatch(
      /tensor "w\.v": data_offsets \[0\]/,
    );
    expect(parseError(rawFile({ 'w.v': { ...good, data_offsets: [16, 0] } }, 16)).message).toMatch(
      /tensor "w\.v": data_offsets begin 16 is after end 0/,
    );
  });

  it('refuses offsets past the end of the data: a truncated file', () => {
    const bytes = encodeSafetensors({
      'a.weight': { dtype: 'F32', shape: [4], data: new Float32Array(4) },
      'b.weight': { dtype: 'F32', shape: [4], data: new Float32Array(4) },
    });
    const message = parseError(bytes.subarray(0, bytes.length - 3)).message;
    expect(message).toMatch(
      /tensor "b\.weight": data_offsets \[16, 32\] run past the end of the data \(29 bytes\): truncated file/,
    );
  });

  it('refuses a byte span that does not match dtype × shape', () => {
    const message = parseError(rawFile({ 'w.o': { dtype: 'F16', shape: [2, 3], data_offsets: [0, 16] } }, 16)).message;
    expect(message).toMatch(/tensor "w\.o": dtype F16 × shape \[2, 3\] needs 12 bytes but data_offsets span 16/);
  });

  it('refuses overlapping tensors', () => {
    const header = {
      first: { dtype: 'F32', shape: [4], data_offsets: [0, 16] },
      second: { dtype: 'F32', shape: [4], data_offsets: [8, 24] },
    };
    expect(parseError(rawFile(header, 24)).message).toMatch(
      /tensor "second" \[8, 24\] overlaps tensor "first" \[0, 16\]/,
    );
  });

  it('names a missing tensor, and a known dtype it cannot read as floats', () => {
    const file = parseSafetensors(rawFile({ ids: { dtype: 'I64', shape: [2], data_offsets: [0, 16] } }, 16), FILE);
    expect(file.has('ids')).toBe(true);
    expect(() => file.tensor('nope')).toThrow(/tensor "nope" is missing/);
    expect(() => file.tensor('ids')).toThrow(/tensor "ids" has dtype I64/);
  });
});
