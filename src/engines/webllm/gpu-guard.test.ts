import { describe, expect, it } from 'vitest';
import { MlcGpuError } from './errors.ts';
import { checkLogitsBinding, withGpuErrorScopes } from './gpu-guard.ts';
import type { GpuScopes } from './surface.ts';

function device(errorOn?: GPUErrorFilter): GpuScopes & { depth: () => number } {
  const stack: GPUErrorFilter[] = [];
  return {
    pushErrorScope: (filter) => void stack.push(filter),
    popErrorScope: async () => {
      const filter = stack.pop();
      return filter === errorOn ? ({ message: `${filter} went wrong` } as GPUError) : null;
    },
    limits: { maxStorageBufferBindingSize: 1 << 27 },
    depth: () => stack.length,
  };
}

describe('GPU error capture', () => {
  it('returns the result when no scope caught anything, and pops every scope it pushed', async () => {
    const d = device();
    await expect(withGpuErrorScopes(d, 'decode', async () => 42)).resolves.toBe(42);
    expect(d.depth()).toBe(0);
  });

  it('throws a captured validation error with its message', async () => {
    const d = device('validation');
    await expect(withGpuErrorScopes(d, 'batch_verify', async () => 1)).rejects.toThrow(
      new MlcGpuError('WebGPU error during batch_verify: validation: validation went wrong'),
    );
    expect(d.depth()).toBe(0);
  });

  it("pops the scopes when the work itself throws, and rethrows the work's error", async () => {
    const d = device();
    await expect(withGpuErrorScopes(d, 'x', async () => Promise.reject(new RangeError('boom')))).rejects.toThrow(
      RangeError,
    );
    expect(d.depth()).toBe(0);
  });
});

describe('the batch_verify logits binding check', () => {
  it('passes a 1024-position chunk of a 32 000 vocabulary against the 128 MiB WebGPU default', () => {
    const check = checkLogitsBinding(1 << 27, 1024, 32000);
    expect(check.ok).toBe(true);
    expect(check.logitsBytes).toBe(131_072_000);
  });

  it('fails a 2048-position chunk there, naming the sizes and the fix', () => {
    const check = checkLogitsBinding(1 << 27, 2048, 32000);
    expect(check.ok).toBe(false);
    expect(check.message).toMatch(/262 MB logits buffer .* at most 134 MB .*prefill_chunk_size/);
  });
});
