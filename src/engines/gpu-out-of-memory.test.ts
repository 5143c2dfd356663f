import { describe, expect, it } from 'vitest';
import { GpuOutOfMemoryError } from '../errors.ts';
import { asGpuOutOfMemoryError, withOutOfMemoryScope, type ErrorScopeDevice } from './gpu-out-of-memory.ts';

/** A device whose error scope pops whatever the test queued. */
function fakeDevice(popped: { message: string } | null): ErrorScopeDevice & { scopes: number } {
  const device = {
    scopes: 0,
    pushErrorScope: () => void device.scopes++,
    popErrorScope: async () => {
      device.scopes--;
      return popped;
    },
  };
  return device;
}

describe('GPU out-of-memory errors become one typed error', () => {
  it('maps a GPUOutOfMemoryError object (not an Error) by its class name', () => {
    class GPUOutOfMemoryError {
      constructor(readonly message: string) {}
    }
    const mapped = asGpuOutOfMemoryError(new GPUOutOfMemoryError('Out of memory'), 'loading the target');
    expect(mapped).toBeInstanceOf(GpuOutOfMemoryError);
    expect(mapped?.name).toBe('GpuOutOfMemoryError');
    expect(mapped?.message).toBe('the GPU ran out of memory loading the target: Out of memory');
  });

  it("maps createBuffer's RangeError and leaves unrelated errors alone", () => {
    const range = new RangeError("Failed to execute 'createBuffer' on 'GPUDevice': Out of memory.");
    expect(asGpuOutOfMemoryError(range)).toBeInstanceOf(GpuOutOfMemoryError);
    expect(asGpuOutOfMemoryError(new RangeError('size must be a multiple of 4'))).toBeNull();
    expect(asGpuOutOfMemoryError('nope')).toBeNull();
  });

  it('throws GpuOutOfMemoryError when the error scope caught one, and pops the scope either way', async () => {
    const full = fakeDevice({ message: 'Not enough memory left' });
    await expect(withOutOfMemoryScope(full, 'allocating the KV cache', () => 1)).rejects.toThrow(
      new GpuOutOfMemoryError('the GPU ran out of memory allocating the KV cache: Not enough memory left'),
    );
    expect(full.scopes).toBe(0);

    const throws = fakeDevice(null);
    const oom = () => {
      throw new RangeError('Out of memory');
    };
    await expect(withOutOfMemoryScope(throws, 'x', oom)).rejects.toBeInstanceOf(GpuOutOfMemoryError);
    expect(throws.scopes).toBe(0);

    await expect(withOutOfMemoryScope(fakeDevice(null), 'x', () => 'buffers')).resolves.toBe('buffers');
  });
});
