import { beforeAll, describe, expect, it } from 'vitest';
import { GpuOutOfMemoryError } from '../../errors.ts';
import { microConfig } from '../../engines/llama-cpu/testing.ts';
import { planBuffers } from './plan.ts';
import { allocateTrainerBuffers } from './resources.ts';

/** WebGPU's constants (Node has none); resources.ts reads them when it allocates. */
beforeAll(() => {
  Object.assign(globalThis, {
    GPUBufferUsage: { MAP_READ: 1, COPY_SRC: 4, COPY_DST: 8, UNIFORM: 64, STORAGE: 128 },
  });
});

/** A device whose allocation fails, in an 'out-of-memory' error scope, for labels matching `oomOn`. */
function fakeDevice(oomOn?: RegExp) {
  const scopes: ({ message: string } | null)[] = [];
  const buffers: { label: string; size: number; destroyed: boolean }[] = [];
  return {
    buffers,
    pushErrorScope: () => void scopes.push(null),
    popErrorScope: async () => scopes.pop() ?? null,
    createBuffer: (d: GPUBufferDescriptor) => {
      if (oomOn?.test(d.label ?? '')) scopes[scopes.length - 1] ??= { message: 'Not enough memory left.' };
      const buffer = { label: d.label ?? '', size: d.size, destroyed: false };
      buffers.push(buffer);
      return Object.assign(buffer, { destroy: () => void (buffer.destroyed = true) }) as unknown as GPUBuffer;
    },
  };
}

const shape = { config: microConfig(), maxBatchSize: 3, maxSeqLen: 16, microBatch: 2 };

describe('allocateTrainerBuffers', () => {
  it('allocates exactly the planned buffers (the staging for readbacks comes later)', async () => {
    const device = fakeDevice();
    await allocateTrainerBuffers(device, shape);
    const planned = planBuffers(shape).slice(0, -1);
    expect(device.buffers.map((b) => [b.label, b.size])).toEqual(planned.map((b) => [b.label, b.bytes]));
  });

  it('names the buffer the GPU had no memory for, and frees the ones made before it', async () => {
    const device = fakeDevice(/^logits/);
    const failure = allocateTrainerBuffers(device, shape);
    await expect(failure).rejects.toThrow(GpuOutOfMemoryError);
    await expect(failure).rejects.toThrow(/allocating logits \(32, 11\) \(1\.4 kB\)/);
    expect(device.buffers.length).toBeGreaterThan(10);
    expect(device.buffers.every((b) => b.destroyed)).toBe(true);
  });
});
