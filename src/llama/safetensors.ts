import { WeightFileError } from '../errors.ts';
import { decodeBf16, decodeF16 } from './half.ts';

/**
 * Reader for the safetensors format: an 8-byte little-endian u64 header length N, N bytes of JSON
 * `{name: {dtype, shape, data_offsets: [begin, end]}, "__metadata__"?: {...}}`, then the data, with
 * offsets relative to the start of the data. Every check happens in `parseSafetensors`, so a bad
 * file fails at load time with the file, the tensor and the reason in the message.
 */

/** Bytes per element of every dtype the format defines; only some can be read as floats. */
const DTYPE_BYTES: Readonly<Record<string, number>> = {
  F64: 8,
  F32: 4,
  F16: 2,
  BF16: 2,
  I64: 8,
  I32: 4,
  I16: 2,
  I8: 1,
  U64: 8,
  U32: 4,
  U16: 2,
  U8: 1,
  BOOL: 1,
  F8_E4M3: 1,
  F8_E5M2: 1,
};
const READABLE_DTYPES = new Set(['F64', 'F32', 'F16', 'BF16']);

// The reference implementation refuses headers over 100 MB: a bigger one is a corrupt length.
const MAX_HEADER_BYTES = 100_000_000;

export interface TensorInfo {
  readonly name: string;
  readonly dtype: string;
  readonly shape: readonly number[];
  /** Byte range inside the data section (after the header). */
  readonly begin: number;
  readonly end: number;
}

export interface Tensor {
  shape: number[];
  data: Float32Array;
}

/** Anything that hands out named float tensors: one safetensors file or a sharded checkpoint. */
export interface TensorSource {
  readonly description: string;
  readonly names: readonly string[];
  has(name: string): boolean;
  /** The tensor converted to float32. Throws WeightFileError naming a missing tensor. */
  tensor(name: string): Tensor;
}

export interface SafetensorsFile extends TensorSource {
  readonly fileName: string;
  readonly metadata: Readonly<Record<string, unknown>>;
  info(name: string): TensorInfo | undefined;
}

export function parseSafetensors(bytes: Uint8Array, fileName: string): SafetensorsFile {
  const fail = (reason: string): never => {
    throw new WeightFileError(`${fileName}: ${reason}`);
  };
  if (bytes.length < 8) fail(`file is ${bytes.length} bytes, shorter than the 8-byte header length`);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const low = view.getUint32(0, true);
  const high = view.getUint32(4, true);
  if (high !== 0 || low > MAX_HEADER_BYTES) fail(`header length ${high * 2 ** 32 + low} is absurdly large`);
  if (low === 0) fail('header length is 0');
  if (8 + low > bytes.length) {
    fail(`header length ${low} runs past the end of the file (${bytes.length} bytes): truncated file`);
  }
  const header = parseHeaderJson(bytes.subarray(8, 8 + low), fail);
  const dataStart = 8 + low;
  const dataLength = bytes.length - dataStart;

  const infos = new Map<string, TensorInfo>();
  let metadata: Record<string, unknown> = {};
  for (const [name, entry] of Object.entries(header)) {
    if (name === '__metadata__') {
      if (entry === null || typeof entry !== 'object' || Array.isArray(entry)) fail('__metadata__ is not an object');
      metadata = entry as Record<string, unknown>;
      continue;
    }
    infos.set(name, parseEntry(name, entry, dataLength, fileName));
  }
  checkNoOverlap([...infos.values()], fileName);

  const names = [...infos.keys()];
  return {
    fileName,
    description: fileName,
    names,
    metadata,
    info: (name) => infos.get(name),
    has: (name) => infos.has(name),
    tensor(name) {
      const info = infos.get(name);
      if (info === undefined) throw new WeightFileError(`${fileName}: tensor "${name}" is missing`);
      if (!READABLE_DTYPES.has(info.dtype)) {
        throw new WeightFileError(
          `${fileName}: tensor "${name}" has dtype ${info.dtype}, which cannot be read as floats`,
        );
      }
      const raw = bytes.subarray(dataStart + info.begin, dataStart + info.end);
      return { shape: [...info.shape], data: toFloat32(raw, info.dtype) };
    },
  };
}

function parseHeaderJson(headerBytes: Uint8Array, fail: (reason: string) => never): Record<string, unknown> {
  let parsed: unknown;
  try {
    parsed = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(headerBytes));
  } catch (error) {
    return fail(`header is not valid JSON (${(error as Error).message})`);
  }
  if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) {
    return fail('header JSON is not an object');
  }
  return parsed as Record<string, unknown>;
}

function parseEntry(name: string, entry: unknown, dataLength: number, fileName: string): TensorInfo {
  const fail = (reason: string): never => {
    throw new WeightFileError(`${fileName}: tensor "${name}": ${reason}`);
  };
  if (entry === null || typeof entry !== 'object' || Array.isArray(entry)) fail('header entry is not an object');
  const { dtype, shape, data_offsets: offsets } = entry as Record<string, unknown>;
  if (typeof dtype !== 'string' || DTYPE_BYTES[dtype] === undefined) fail(`unknown dtype ${JSON.stringify(dtype)}`);
  const elementBytes = DTYPE_BYTES[dtype as string];
  if (!Array.isArray(shape) || !shape.every(isNonNegativeInteger)) {
    fail(`shape ${JSON.stringify(shape)} is not a list of non-negative integers`);
  }
  if (!Array.isArray(offsets) || offsets.length !== 2 || !offsets.every(isNonNegativeInteger)) {
    fail(`data_offsets ${JSON.stringify(offsets)} is not a pair of non-negative integers`);
  }
  const [begin, end] = offsets as number[];
  if (begin > end) fail(`data_offsets begin ${begin} is after end ${end}`);
  if (end > dataLength) {
    fail(`data_offsets [${begin}, ${end}] run past the end of the data (${dataLength} bytes): truncated file`);
  }
  const elements = (shape as number[]).reduce((a, b) => a * b, 1);
  if (elements * elementBytes !== end - begin) {
    fail(
      `dtype ${dtype} × shape [${(shape as number[]).join(', ')}] needs ${elements * elementBytes} bytes ` +
        `but data_offsets span ${end - begin}`,
    );
  }
  return { name, dtype: dtype as string, shape: shape as number[], begin, end };
}

function isNonNegativeInteger(value: unknown): value is number {
  return typeof value === 'number' && Number.isSafeInteger(value) && value >= 0;
}

function checkNoOverlap(infos: TensorInfo[], fileName: string): void {
  const sorted = infos.filter((t) => t.end > t.begin).sort((a, b) => a.begin - b.begin || a.end - b.end);
  for (let i = 1; i < sorted.length; i++) {
    const previous = sorted[i - 1];
    const current = sorted[i];
    if (current.begin < previous.end) {
      throw new WeightFileError(
        `${fileName}: tensor "${current.name}" [${current.begin}, ${current.end}] overlaps tensor ` +
          `"${previous.name}" [${previous.begin}, ${previous.end}]`,
      );
    }
  }
}

const LITTLE_ENDIAN_HOST = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;

/** Converts little-endian raw elements to float32 (a fresh array; the file buffer is not aliased). */
function toFloat32(raw: Uint8Array, dtype: string): Float32Array {
  if (!LITTLE_ENDIAN_HOST) return toFloat32Portable(raw, dtype);
  const copy = raw.slice(); // own buffer at offset 0, so typed views are aligned
  switch (dtype) {
    case 'F32':
      return new Float32Array(copy.buffer);
    case 'F64':
      return Float32Array.from(new Float64Array(copy.buffer));
    case 'F16':
      return decodeF16(new Uint16Array(copy.buffer));
    default:
      return decodeBf16(new Uint16Array(copy.buffer));
  }
}

function toFloat32Portable(raw: Uint8Array, dtype: string): Float32Array {
  const view = new DataView(raw.buffer, raw.byteOffset, raw.byteLength);
  const size = DTYPE_BYTES[dtype];
  const out = new Float32Array(raw.byteLength / size);
  if (dtype === 'F32') for (let i = 0; i < out.length; i++) out[i] = view.getFloat32(i * 4, true);
  else if (dtype === 'F64') for (let i = 0; i < out.length; i++) out[i] = view.getFloat64(i * 8, true);
  else {
    const halves = new Uint16Array(out.length);
    for (let i = 0; i < out.length; i++) halves[i] = view.getUint16(i * 2, true);
    return dtype === 'F16' ? decodeF16(halves) : decodeBf16(halves);
  }
  return out;
}
