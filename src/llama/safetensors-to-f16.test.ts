import { describe, expect, it } from 'vitest';
import { WeightFileError } from '../errors.ts';
import { encodeSafetensors, type WritableTensor } from './safetensors-write.ts';
import { safetensorsToF16 } from './safetensors-to-f16.ts';

function tensors(dtype: 'F32' | 'F16' | 'BF16', bf16Name = 'z.bf16'): Record<string, WritableTensor> {
  const data = (n: number, k: number) => Float32Array.from({ length: n }, (_, i) => Math.sin(i * k) * 3.7);
  return {
    'a.weight': { dtype, shape: [3, 5], data: data(15, 1) },
    'b.weight': { dtype, shape: [7], data: data(7, 2) },
    [bf16Name]: { dtype: 'BF16', shape: [4], data: data(4, 3) },
  };
}

/** The bytes as a stream of awkward 7-byte chunks, so every boundary case is crossed. */
function streamOf(bytes: Uint8Array, size = 7): ReadableStream<Uint8Array> {
  let at = 0;
  return new ReadableStream({
    pull(c) {
      if (at >= bytes.byteLength) return c.close();
      c.enqueue(bytes.slice(at, (at += size)));
    },
  });
}

async function collect(stream: ReadableStream<Uint8Array>): Promise<Uint8Array> {
  return new Uint8Array(await new Response(stream).arrayBuffer());
}

describe('safetensorsToF16', () => {
  it('writes exactly what the writer writes for the same tensors in F16, leaving BF16 alone', async () => {
    const f32 = encodeSafetensors(tensors('F32'), { format: 'pt' });
    const expected = encodeSafetensors(tensors('F16'), { format: 'pt' });
    expect(await collect(safetensorsToF16(streamOf(f32), 'model.safetensors'))).toEqual(expected);
  });

  it('names the file when it ends early', async () => {
    const f32 = encodeSafetensors(tensors('F32'));
    const cut = collect(safetensorsToF16(streamOf(f32.subarray(0, f32.byteLength - 10)), 'model.safetensors'));
    await expect(cut).rejects.toThrow(WeightFileError);
    await expect(cut).rejects.toThrow(/^model\.safetensors ends early: \d+ bytes short/);
  });
});
