import { TandemError } from '../errors.ts';

/** The worker failed to load or died; calls in flight and later calls reject with this. */
export class WorkerCrashedError extends TandemError {}

/** The worker went silent (stuck, or killed without an `error` event): treated as a crash. */
export class WorkerUnresponsiveError extends WorkerCrashedError {}

/**
 * Errors after which the worker's engines cannot be trusted: the worker itself died, or a GPU
 * device an engine held was lost (llama-webgpu's DeviceLostError; a GPUDevice never comes back,
 * and each runtime makes its own, so the cheapest sound fix is a fresh worker with fresh engines).
 * Matched by name: errors cross the worker boundary as {name, message}.
 */
const FATAL_ERROR_NAMES: ReadonlySet<string> = new Set([
  'WorkerCrashedError',
  'WorkerUnresponsiveError',
  'DeviceLostError',
]);

export function needsNewWorker(error: unknown): error is Error {
  return error instanceof Error && FATAL_ERROR_NAMES.has(error.name);
}
