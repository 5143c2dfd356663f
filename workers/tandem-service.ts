import { currentGpu, probeGpu, type ProbeGpu } from './gpu-probe.ts';
import type { GpuReport, TandemWorkerApi, WorkerStatus } from './protocol.ts';

/**
 * The worker's implementation of the RPC. It runs in the worker (tandem.worker.ts exposes it) and
 * in-thread in tests, so it must not touch the DOM or `self.postMessage` itself.
 */
export class TandemService implements TandemWorkerApi {
  readonly #gpu: () => ProbeGpu | undefined;

  /** `gpu` supplies `navigator.gpu`; tests pass a fake. */
  constructor(gpu: () => ProbeGpu | undefined = currentGpu) {
    this.#gpu = gpu;
  }

  probeGpu(): Promise<GpuReport> {
    return probeGpu(this.#gpu());
  }

  async status(): Promise<WorkerStatus> {
    // Model installation arrives with the model registry (src/models); until then there is none.
    return {
      modelsInstalled: false,
      installedModels: [],
      crossOriginIsolated: Boolean((globalThis as { crossOriginIsolated?: boolean }).crossOriginIsolated),
    };
  }
}
