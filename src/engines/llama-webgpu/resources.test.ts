import { beforeAll, describe, expect, it } from 'vitest';
import { GpuOutOfMemoryError } from '../../errors.ts';
import { microConfig, randomWeights } from '../../llama/testing.ts';
import type { EngineShape } from './plan.ts';
import type { AllocatingDevice } from './resources.ts';

/** WebGPU's constants (Node has none); resources.ts reads them when it allocates. */
beforeAll(() => {
  const usage = {
    MAP_READ: 1,
    MAP_WRITE: 2,
    COPY_SRC: 4,
    COPY_DST: 8,
    INDEX: 16,
    VERTEX: 32,
    UNIFORM: 64,
    STORAGE: 128,
    INDIRECT: 256,
    QUERY_RESOLVE: 512,
  };
  Object.assign(globalThis, { GPUBufferUsage: usage });
});

interface FakeBuffer {
  label: string;
  size: number;
  destroyed: boolean;
  destroy(): void;
}

/**
 * A device with WebGPU's error-scope behaviour: an allocation that fails goes to the innermost
 * 'out-of-memory' scope (or is thrown, as createBuffer's RangeError is, when `throws` is set).
 */
function fakeDevice(options: { oomOn?: RegExp; throwOn?: RegExp; oomOnWrite?: RegExp } = {}) {
  const scopes: ({ message: string } | null)[] = [];
  const buffers: FakeBuffer[] = [];
  const report = (message: string) => {
    if (scopes.length === 0) throw new Error('uncaptured out-of-memory error');
    scopes[scopes.length - 1] ??= { message };
  };
  const device = {
    buffers,
    scopes,
    writes: 0,
    pushErrorScope: (filter: string) => {
      expect(filter).toBe('out-of-memory');
      scopes.push(null);
    },
    popErrorScope: async () => {
      if (scopes.length === 0) throw new DOMException('no error scope', 'OperationError');
      return scopes.pop()!;
    },
    createBuffer: (descriptor: GPUBufferDescriptor) => {
      const label = descriptor.label ?? '';
      if (options.throwOn?.test(label))
        throw new RangeError(`Failed to execute 'createBuffer' on 'GPUDevice': Out of memory.`);
      if (options.oomOn?.test(label)) report('Not enough memory left.');
      const buffer: FakeBuffer = {
        label,
        size: descriptor.size,
        destroyed: false,
        destroy: () => void (buffer.destroyed = true),
      };
      buffers.push(buffer);
      return buffer as unknown as GPUBuffer;
    },
    queue: {
      writeBuffer: (buffer: GPUBuffer) => {
        device.writes++;
        if (options.oomOnWrite?.test((buffer as unknown as FakeBuffer).label))
          report('Failed to allocate a staging buffer.');
      },
    },
  };
  return device;
}

const config = microConfig();
const shape: EngineShape = { config, maxSeq: 64, chunkRows: 4, maxDraft: 4, matmulLanes: 1, weightBytes: 4 };
const weights = randomWeights(config);

async function allocate(device: ReturnType<typeof fakeDevice>) {
  const { allocateEngineBuffers } = await import('./resources.ts');
  return allocateEngineBuffers(device as unknown as AllocatingDevice, shape, weights, 20);
}

describe('llama-webgpu buffer allocation under out-of-memory scopes', () => {
  it('allocates and uploads every buffer, each scope popped', async () => {
    const device = fakeDevice();
    const buffers = await allocate(device);
    expect(buffers.layers).toHaveLength(2);
    expect(device.scopes).toHaveLength(0);
    expect(device.buffers.every((b) => !b.destroyed)).toBe(true);
    expect(device.writes).toBeGreaterThan(0);
    expect((buffers.layers[1]!.wGateUp as unknown as FakeBuffer).label).toBe('L1.gate_up_proj (24, 8)');
  });

  it('names the buffer that ran out of memory, with its size, and destroys every buffer made', async () => {
    const device = fakeDevice({ oomOn: /^L1\.gate_up_proj/ });
    const error = await allocate(device).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(GpuOutOfMemoryError);
    expect((error as Error).message).toBe(
      'the GPU ran out of memory allocating L1.gate_up_proj (24, 8) (768 B): Not enough memory left.',
    );
    expect((error as Error).cause).toMatchObject({ name: 'GPUOutOfMemoryError' });
    expect(device.scopes).toHaveLength(0);
    expect(device.buffers.length).toBeGreaterThan(10);
    expect(device.buffers.filter((b) => !b.destroyed)).toEqual([]);
  });

  it('names the first failure when later buffers fail too, and counts an upload that runs out', async () => {
    const device = fakeDevice({ oomOn: /^(logits|scores)/ });
    await expect(allocate(device)).rejects.toThrow(/allocating scores \(4, 2, 64\) \(2\.0 kB\): /);
    const upload = fakeDevice({ oomOnWrite: /^lm_head/ });
    await expect(allocate(upload)).rejects.toThrow(
      'the GPU ran out of memory allocating lm_head (11, 8) (352 B): Failed to allocate a staging buffer.',
    );
    expect(upload.buffers.filter((b) => !b.destroyed)).toEqual([]);
  });

  it('maps a synchronous createBuffer failure the same way, leaving nothing allocated', async () => {
    const device = fakeDevice({ throwOn: /^L0\.k_cache/ });
    const error = await allocate(device).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(GpuOutOfMemoryError);
    expect((error as Error).message).toMatch(
      /^the GPU ran out of memory allocating L0\.k_cache \(64, 4\) \(1\.0 kB\): Failed to execute 'createBuffer'/,
    );
    expect(device.scopes).toHaveLength(0);
    expect(device.buffers.filter((b) => !b.destroyed)).toEqual([]);
  });

  it('passes other errors through untouched', async () => {
    const device = fakeDevice();
    device.createBuffer = () => {
      throw new TypeError('bad usage flags');
    };
    await expect(allocate(device)).rejects.toThrow(new TypeError('bad usage flags'));
    expect(device.scopes).toHaveLength(0);
  });
});
