import { InvalidArgumentError } from '../errors.ts';
import { f32ToBf16Bits, f32ToF16Bits } from './half.ts';

/**
 * Writer for the safetensors format, used by fixtures and tests. Deterministic: tensors are laid
 * out in sorted name order, and the header is padded with spaces to a multiple of 8 bytes so the
 * data starts aligned (the format allows trailing whitespace in the header).
 */

export type WritableDtype = 'F32' | 'F16' | 'BF16';

export interface WritableTensor {
  dtype: WritableDtype;
  shape: number[];
  data: Float32Array;
}

const BYTES: Record<WritableDtype, number> = { F32: 4, F16: 2, BF16: 2 };

export function encodeSafetensors(
  tensors: Record<string, WritableTensor>,
  metadata?: Record<string, string>,
): Uint8Array {
  const names = Object.keys(tensors).sort();
  const header: Record<string, unknown> = {};
  if (metadata !== undefined) header.__metadata__ = metadata;
  let offset = 0;
  for (const name of names) {
    const { dtype, shape, data } = tensors[name];
    const elements = shape.reduce((a, b) => a * b, 1);
    if (elements !== data.length) {
      throw new InvalidArgumentError(
        `tensor "${name}": shape [${shape.join(', ')}] holds ${elements} values, data has ${data.length}`,
      );
    }
    const size = elements * BYTES[dtype];
    header[name] = { dtype, shape, data_offsets: [offset, offset + size] };
    offset += size;
  }

  const json = new TextEncoder().encode(JSON.stringify(header));
  const headerLength = Math.ceil(json.length / 8) * 8;
  const out = new Uint8Array(8 + headerLength + offset);
  const view = new DataView(out.buffer);
  view.setUint32(0, headerLength, true);
  view.setUint32(4, 0, true);
  out.set(json, 8);
  out.fill(0x20, 8 + json.length, 8 + headerLength);

  let position = 8 + headerLength;
  for (const name of names) {
    const { dtype, data } = tensors[name];
    writeElements(view, position, dtype, data);
    position += data.length * BYTES[dtype];
  }
  return out;
}

function writeElements(view: DataView, at: number, dtype: WritableDtype, data: Float32Array): void {
  if (dtype === 'F32') {
    for (let i = 0; i < data.length; i++) view.setFloat32(at + 4 * i, data[i], true);
    return;
  }
  const toBits = dtype === 'F16' ? f32ToF16Bits : f32ToBf16Bits;
  for (let i = 0; i < data.length; i++) view.setUint16(at + 2 * i, toBits(data[i]), true);
}
