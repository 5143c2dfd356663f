import type { TandemWorkerApi } from '../../workers/protocol.ts';
import type { TandemStore } from './tandem-store.ts';
import type { ErrorInfo } from './types.ts';

/** Asks the worker what it can do and records the answers in the store. Never rejects. */
export async function connectWorker(store: TandemStore, api: TandemWorkerApi): Promise<void> {
  const { setGpuReport, setGpuFailed, setWorkerStatus, setWorkerFailed } = store.getState();
  await Promise.all([
    api.status().then(setWorkerStatus, (error: unknown) => setWorkerFailed(errorInfo(error))),
    api.probeGpu().then(setGpuReport, (error: unknown) => setGpuFailed(errorInfo(error))),
  ]);
}

export function errorInfo(error: unknown): ErrorInfo {
  if (error instanceof Error) return { name: error.name, message: error.message };
  return { name: 'Error', message: String(error) };
}
