import { formatSize } from '../../format.ts';
import { MlcGpuError } from './errors.ts';
import type { GpuScopes } from './surface.ts';

/**
 * WebGPU reports a failed dispatch as an "uncaptured" error event and carries on with garbage (a
 * batch_verify whose logits buffer exceeded maxStorageBufferBindingSize returned all-zero logits
 * and only a console line). So every forward runs inside error scopes and throws what they catch.
 */

const FILTERS: readonly GPUErrorFilter[] = ['validation', 'out-of-memory', 'internal'];

/**
 * Runs `work` (which must end with a device sync: web-llm batches commands into one encoder and
 * submits them only on sync, and a scope sees only what was submitted while it was open) inside
 * error scopes, pops them whatever happens, and throws the first captured error.
 */
export async function withGpuErrorScopes<T>(gpu: GpuScopes, label: string, work: () => Promise<T>): Promise<T> {
  for (const filter of FILTERS) gpu.pushErrorScope(filter);
  let result: T | undefined;
  let failure: unknown;
  let failed = false;
  try {
    result = await work();
  } catch (error) {
    failure = error;
    failed = true;
  }
  const captured: string[] = [];
  for (const filter of [...FILTERS].reverse()) {
    const error = await gpu.popErrorScope();
    if (error) captured.push(`${filter}: ${error.message}`);
  }
  if (captured.length > 0) {
    throw new MlcGpuError(
      `WebGPU error during ${label}: ${captured.join('; ')}`,
      failed ? { cause: failure } : undefined,
    );
  }
  if (failed) throw failure;
  return result as T;
}

export interface BindingCheck {
  ok: boolean;
  /** Bytes of float32 logits batch_verify allocates: the whole prefill chunk × vocabulary. */
  logitsBytes: number;
  limit: number;
  message: string;
}

/**
 * batch_verify sizes its logits buffer by the library's prefill chunk, not by the k positions fed,
 * so the check is against the chunk: done once, up front, before any forward can return zeros.
 */
export function checkLogitsBinding(
  maxStorageBufferBindingSize: number,
  prefillChunkSize: number,
  vocabSize: number,
): BindingCheck {
  const logitsBytes = prefillChunkSize * vocabSize * 4;
  const ok = logitsBytes <= maxStorageBufferBindingSize;
  const message = ok
    ? `batch_verify logits buffer ${formatSize(logitsBytes)} fits maxStorageBufferBindingSize ${formatSize(maxStorageBufferBindingSize)}`
    : `batch_verify would need a ${formatSize(logitsBytes)} logits buffer (prefill chunk ${prefillChunkSize} × vocabulary ` +
      `${vocabSize} × 4 bytes) but this GPU binds at most ${formatSize(maxStorageBufferBindingSize)} ` +
      '(maxStorageBufferBindingSize); on such a device it returns all-zero logits. Use a model library ' +
      'compiled with a smaller prefill_chunk_size.';
  return { ok, logitsBytes, limit: maxStorageBufferBindingSize, message };
}
