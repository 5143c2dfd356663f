import { GpuOutOfMemoryError } from '../errors.ts';

/**
 * WebGPU reports running out of memory in three ways, and engines should surface all of them as
 * one typed GpuOutOfMemoryError so that the UI can say "not enough GPU memory":
 *  - a GPUOutOfMemoryError popped from an 'out-of-memory' error scope (createBuffer, writeBuffer);
 *  - a RangeError thrown synchronously by createBuffer/mappedAtCreation when the size cannot be
 *    allocated at all ("Failed to execute 'createBuffer' on 'GPUDevice': … out of memory");
 *  - an OperationError from mapAsync when the allocation failed behind the scenes.
 */
const OOM_TEXT = /out of memory|allocation failed|failed to allocate/i;

/** The thrown value as a GpuOutOfMemoryError when it means "out of GPU memory", else null. */
export function asGpuOutOfMemoryError(error: unknown, doing = 'allocating GPU memory'): GpuOutOfMemoryError | null {
  if (error instanceof GpuOutOfMemoryError) return error;
  if (!(error instanceof Error) && !isGpuErrorLike(error)) return null;
  const { name, message } = error as { name?: string; message: string };
  const isOom =
    name === 'GPUOutOfMemoryError' || error?.constructor?.name === 'GPUOutOfMemoryError' || OOM_TEXT.test(message);
  return isOom ? new GpuOutOfMemoryError(`the GPU ran out of memory ${doing}: ${message}`, { cause: error }) : null;
}

/** Just enough of a GPUDevice to run code inside an out-of-memory error scope. */
export interface ErrorScopeDevice {
  pushErrorScope(filter: 'out-of-memory'): void;
  popErrorScope(): Promise<{ message: string } | null>;
}

/**
 * Runs `allocate` inside an 'out-of-memory' error scope and throws GpuOutOfMemoryError if it (or
 * a synchronous createBuffer in it) ran out of memory. The scope is always popped.
 */
export async function withOutOfMemoryScope<T>(device: ErrorScopeDevice, doing: string, allocate: () => T): Promise<T> {
  device.pushErrorScope('out-of-memory');
  let result: T;
  try {
    result = allocate();
  } catch (error) {
    await device.popErrorScope();
    throw asGpuOutOfMemoryError(error, doing) ?? error;
  }
  const scoped = await device.popErrorScope();
  if (scoped)
    throw asGpuOutOfMemoryError(Object.assign(new Error(scoped.message), { name: 'GPUOutOfMemoryError' }), doing)!;
  return result;
}

/** GPUError objects are not Errors: they have only a message (and their class). */
function isGpuErrorLike(value: unknown): value is { message: string } {
  return typeof value === 'object' && value !== null && typeof (value as { message?: unknown }).message === 'string';
}

/**
 * Many allocations, each in its own 'out-of-memory' error scope, so that the error names the one
 * that failed ("allocating L3.gate_up_proj (…)"), with one wait for all the scopes at the end
 * instead of one per buffer. `run` maps a synchronous out-of-memory throw at once; `check` throws
 * GpuOutOfMemoryError for the first scope that caught one. Every pushed scope is popped.
 */
export class OutOfMemoryScopes {
  private readonly pending: { doing: string; popped: Promise<{ message: string } | null> }[] = [];

  constructor(private readonly device: ErrorScopeDevice) {}

  run<T>(doing: string, allocate: () => T): T {
    this.device.pushErrorScope('out-of-memory');
    try {
      return allocate();
    } catch (error) {
      throw asGpuOutOfMemoryError(error, doing) ?? error;
    } finally {
      // A rejected pop (no scope left: a device bug) must not go unhandled; it counts as nothing caught.
      this.pending.push({ doing, popped: this.device.popErrorScope().catch(() => null) });
    }
  }

  /** Waits for every scope; throws for the first allocation, in order, that ran out of memory. */
  async check(): Promise<void> {
    const pending = this.pending.splice(0);
    const popped = await Promise.all(pending.map((p) => p.popped));
    const index = popped.findIndex((error) => error !== null);
    if (index < 0) return;
    const caught = Object.assign(new Error(popped[index]!.message), { name: 'GPUOutOfMemoryError' });
    throw asGpuOutOfMemoryError(caught, pending[index]!.doing)!;
  }
}
