import type { WorkerState } from '../store/types.ts';
import { selectInstalledTargetCount } from '../store/selectors.ts';
import { useTandem } from '../store/tandem-store.ts';

/** Whether the worker is up, and how many translation models (targets) this device has. */
export function WorkerStatus() {
  const worker = useTandem((state) => state.worker);
  const installed = useTandem(selectInstalledTargetCount);
  return (
    <span className="status-item" data-testid="worker-status" data-state={worker.phase}>
      {describeWorker(worker, installed)}
    </span>
  );
}

function describeWorker(worker: WorkerState, count: number): string {
  switch (worker.phase) {
    case 'starting':
      return 'Worker: starting…';
    case 'failed':
      return `Worker: failed (${worker.error.name}: ${worker.error.message}).`;
    case 'ready': {
      return `Worker: ready, ${count === 0 ? 'no models' : count === 1 ? '1 model' : `${count} models`} installed.`;
    }
  }
}
