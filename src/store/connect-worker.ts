import type { TandemWorkerApi } from '../protocol/protocol.ts';
import { errorInfo } from './error-info.ts';
import type { TandemStore } from './tandem-store.ts';

export { errorInfo };

/** Hands the store the worker's API, asks it what it can do and records the answers. Never rejects. */
export async function connectWorker(store: TandemStore, api: TandemWorkerApi): Promise<void> {
  const { setApi, setGpuReport, setGpuFailed, setWorkerStatus, setWorkerFailed } = store.getState();
  setApi(api);
  await Promise.all([
    api.status().then(setWorkerStatus, (error: unknown) => setWorkerFailed(errorInfo(error))),
    api.probeGpu().then(setGpuReport, (error: unknown) => setGpuFailed(errorInfo(error))),
  ]);
}
