import { WeightFileError } from '../errors.ts';
import { f32ToF16Bits } from './half.ts';

/**
 * Rewrites a safetensors file with every F32 tensor as F16, streaming: the header first (new
 * dtypes and offsets, padded to 8 bytes like Tandem's writer), then each tensor's bytes in order,
 * converted 1 MB at a time. A 272 MB drafter never sits in memory, in or out. Other dtypes are
 * copied as they are. The output is what encodeSafetensors writes for the same tensors in F16.
 */

interface Entry {
  name: string;
  dtype: string;
  shape: number[];
  begin: number;
  end: number;
}

const CHUNK = 1 << 20; // bytes of F32 input converted per step (a multiple of 4)

/** The header of a safetensors stream, read off its start. */
async function readHeader(reader: ByteReader, fileName: string): Promise<Record<string, unknown>> {
  const lengthBytes = await reader.exactly(8, fileName);
  const view = new DataView(lengthBytes.buffer, lengthBytes.byteOffset, 8);
  const length = view.getUint32(0, true) + view.getUint32(4, true) * 2 ** 32;
  if (length > 100_000_000) throw new WeightFileError(`${fileName}: header length ${length} is not plausible`);
  try {
    return JSON.parse(new TextDecoder().decode(await reader.exactly(length, fileName))) as Record<string, unknown>;
  } catch (error) {
    if (error instanceof WeightFileError) throw error;
    throw new WeightFileError(`${fileName}: the header is not JSON`, { cause: error });
  }
}

function entriesOf(header: Record<string, unknown>): Entry[] {
  return Object.entries(header)
    .filter(([name]) => name !== '__metadata__')
    .map(([name, raw]) => {
      const { dtype, shape, data_offsets } = raw as { dtype: string; shape: number[]; data_offsets: [number, number] };
      return { name, dtype, shape, begin: data_offsets[0], end: data_offsets[1] };
    })
    .sort((a, b) => a.begin - b.begin);
}

function newHeader(header: Record<string, unknown>, entries: Entry[]): Uint8Array {
  const out: Record<string, unknown> = {};
  if (header.__metadata__ !== undefined) out.__metadata__ = header.__metadata__;
  let offset = 0;
  for (const e of entries) {
    const size = e.dtype === 'F32' ? (e.end - e.begin) / 2 : e.end - e.begin;
    out[e.name] = { dtype: e.dtype === 'F32' ? 'F16' : e.dtype, shape: e.shape, data_offsets: [offset, offset + size] };
    offset += size;
  }
  const json = new TextEncoder().encode(JSON.stringify(out));
  const padded = Math.ceil(json.length / 8) * 8;
  const bytes = new Uint8Array(8 + padded).fill(0x20, 8 + json.length);
  new DataView(bytes.buffer).setUint32(0, padded, true);
  bytes.set(json, 8);
  return bytes;
}

/** (n) little-endian F32 → (n) little-endian F16 bit patterns. */
function toF16(f32Bytes: Uint8Array): Uint8Array {
  const view = new DataView(f32Bytes.buffer, f32Bytes.byteOffset, f32Bytes.byteLength);
  const out = new Uint8Array(f32Bytes.byteLength / 2);
  const outView = new DataView(out.buffer);
  for (let i = 0; i < out.byteLength / 2; i++)
    outView.setUint16(2 * i, f32ToF16Bits(view.getFloat32(4 * i, true)), true);
  return out;
}

async function* convert(reader: ByteReader, fileName: string): AsyncGenerator<Uint8Array> {
  const header = await readHeader(reader, fileName);
  const entries = entriesOf(header);
  yield newHeader(header, entries);
  let position = 0;
  for (const e of entries) {
    if (e.begin > position) await reader.exactly(e.begin - position, fileName); // a gap: not part of any tensor
    for (let at = e.begin; at < e.end; at += CHUNK) {
      const bytes = await reader.exactly(Math.min(CHUNK, e.end - at), fileName);
      yield e.dtype === 'F32' ? toF16(bytes) : bytes;
    }
    position = e.end;
  }
}

export function safetensorsToF16(input: ReadableStream<Uint8Array>, fileName: string): ReadableStream<Uint8Array> {
  const reader = new ByteReader(input.getReader());
  const chunks = convert(reader, fileName);
  return new ReadableStream<Uint8Array>({
    async pull(controller) {
      const { done, value } = await chunks.next();
      if (done) controller.close();
      else controller.enqueue(value);
    },
    cancel: (reason) => reader.cancel(reason),
  });
}

/** Exact-length reads over a stream of arbitrary chunks. */
class ByteReader {
  private pending: Uint8Array[] = [];
  private buffered = 0;
  constructor(private readonly reader: ReadableStreamDefaultReader<Uint8Array>) {}

  async exactly(length: number, fileName: string): Promise<Uint8Array> {
    while (this.buffered < length) {
      const { done, value } = await this.reader.read();
      if (done) throw new WeightFileError(`${fileName} ends early: ${length - this.buffered} bytes short`);
      this.pending.push(value);
      this.buffered += value.byteLength;
    }
    const out = new Uint8Array(length);
    let filled = 0;
    while (filled < length) {
      const head = this.pending[0]!;
      const take = Math.min(head.byteLength, length - filled);
      out.set(head.subarray(0, take), filled);
      filled += take;
      if (take === head.byteLength) this.pending.shift();
      else this.pending[0] = head.subarray(take);
    }
    this.buffered -= length;
    return out;
  }

  cancel(reason: unknown): Promise<void> {
    return this.reader.cancel(reason);
  }
}

/** Whether a safetensors header (its first bytes) holds any F32 tensor worth converting. */
export function hasF32Tensors(header: Record<string, unknown>): boolean {
  return entriesOf(header).some((e) => e.dtype === 'F32');
}
