import { releaseProxy, type Remote } from 'comlink';
import type { ForgeCommand, ForgeListener } from '../protocol/forge.ts';
import type {
  PairProgressListener,
  PairSelection,
  TandemWorkerApi,
  TranslateListener,
  TranslateRequest,
} from '../protocol/protocol.ts';

/**
 * The service as the worker exposes it: the same methods, except that each run's event proxy is
 * released when the run ends (each holds a MessageChannel open otherwise). The service itself
 * knows nothing of Comlink, so tests can call it in-thread.
 */
export function exposedApi(service: TandemWorkerApi): TandemWorkerApi {
  return {
    probeGpu: () => service.probeGpu(),
    status: () => service.status(),
    loadDemo: () => service.loadDemo(),
    async loadPair(selection: PairSelection, onProgress?: PairProgressListener) {
      try {
        return await service.loadPair(selection, onProgress);
      } finally {
        release(onProgress);
      }
    },
    stop: (runId?: string) => service.stop(runId),
    async forge(command: ForgeCommand, onEvent?: ForgeListener) {
      try {
        return await service.forge(command, onEvent);
      } finally {
        release(onEvent);
      }
    },
    ping: () => service.ping(),
    async translate(request: TranslateRequest, onEvent: TranslateListener) {
      try {
        return await service.translate(request, onEvent);
      } finally {
        // Only a Comlink proxy has releaseProxy; a plain function (in-thread) has nothing to free.
        release(onEvent);
      }
    },
  };
}

/** Only a Comlink proxy has releaseProxy; a plain function (in-thread) has nothing to free. */
function release(callback: unknown): void {
  (callback as Partial<Remote<() => void>> | undefined)?.[releaseProxy]?.();
}
