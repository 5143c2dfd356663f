import type { StateCreator } from 'zustand';
import type { RecoveryEvent } from '../worker-client/recovering-client.ts';
import { errorInfo } from './error-info.ts';
import type { ErrorInfo, TandemState } from './types.ts';

/** What became of the translation worker after it died (src/worker-client/recovering-client.ts). */
export type WorkerRecoveryState =
  | { phase: 'none' }
  | { phase: 'restarting'; cause: ErrorInfo; restarts: number }
  | { phase: 'restarted'; cause: ErrorInfo; restarts: number }
  | { phase: 'gave-up'; cause: ErrorInfo; restarts: number };

/**
 * The environment notices' own state: the worker's recovery, and which notices the user closed.
 * The rest of what EnvironmentNotice shows (GPU probe, model load errors) is already in the store.
 */
export interface EnvironmentNoticeSlice {
  workerRecovery: WorkerRecoveryState;
  /** Keys of notices the user dismissed; they stay hidden for this page load. */
  dismissedNotices: readonly string[];
  dismissNotice(key: string): void;
  /** Records a recovery event, and what the new worker reported (GPU probe, status, demo reload). */
  recordRecovery(event: RecoveryEvent): void;
}

export type AppState = TandemState & EnvironmentNoticeSlice;

export const createEnvironmentNoticeSlice: StateCreator<AppState, [], [], EnvironmentNoticeSlice> = (set, get) => ({
  workerRecovery: { phase: 'none' },
  dismissedNotices: [],
  dismissNotice: (key) => set((state) => ({ dismissedNotices: [...state.dismissedNotices, key] })),
  recordRecovery: (event) => {
    const previous = get().workerRecovery;
    const restarts = previous.phase === 'none' ? 0 : previous.restarts;
    const cause = errorInfo(event.cause);
    switch (event.type) {
      case 'restarting': {
        // The models were in the worker that died: loading again, not ready, until it says so.
        const { demo, pair } = get();
        set({
          workerRecovery: { phase: 'restarting', cause, restarts: restarts + 1 },
          ...(demo.phase === 'ready' ? { demo: { phase: 'loading' } } : {}),
          ...(pair.phase === 'ready' ? { pair: { phase: 'loading', selection: pair.selection, progress: null } } : {}),
        });
        return;
      }
      case 'gave-up': {
        // No worker will load them again: what was loading has failed, with the worker's cause.
        const { demo, pair } = get();
        set({
          workerRecovery: { phase: 'gave-up', cause, restarts },
          ...(demo.phase === 'loading' ? { demo: { phase: 'failed', error: cause } } : {}),
          ...(pair.phase === 'loading' ? { pair: { phase: 'failed', selection: pair.selection, error: cause } } : {}),
        });
        return;
      }
      case 'restarted': {
        const { setGpuReport, setGpuFailed, setWorkerStatus, setWorkerFailed } = get();
        if (event.gpu.ok) setGpuReport(event.gpu.value);
        else setGpuFailed(errorInfo(event.gpu.error));
        if (event.status.ok) setWorkerStatus(event.status.value);
        else setWorkerFailed(errorInfo(event.status.error));
        // The demo was reloaded in the new worker: the picker shows it ready (or why not) again.
        if (event.demo) {
          const demo = event.demo;
          set({
            demo: demo.ok ? { phase: 'ready', info: demo.value } : { phase: 'failed', error: errorInfo(demo.error) },
          });
        }
        // So was the last selected real pair.
        const pair = event.pair;
        const current = get().pair;
        if (pair && current.phase !== 'idle') {
          const selection = current.selection;
          set({
            pair: pair.ok
              ? { phase: 'ready', selection: pair.value.selection, info: pair.value }
              : { phase: 'failed', selection, error: errorInfo(pair.error) },
          });
        }
        set({ workerRecovery: { phase: 'restarted', cause, restarts } });
        return;
      }
    }
  },
});
