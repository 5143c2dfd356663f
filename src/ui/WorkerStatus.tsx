import type { WorkerState } from '../store/types.ts';
import { useTandem } from '../store/tandem-store.ts';

/** Whether the worker is up and which models it has. */
export function WorkerStatus() {
  const worker = useTandem((state) => state.worker);
  return (
    <span className="status-item" data-testid="worker-status" data-state={worker.phase}>
      {describeWorker(worker)}
    </span>
  );
}

function describeWorker(worker: WorkerState): string {
  switch (worker.phase) {
    case 'starting':
      return 'Worker: starting…';
    case 'failed':
      return `Worker: failed (${worker.error.name}: ${worker.error.message}).`;
    case 'ready': {
      const count = worker.status.installedModels.length;
      return `Worker: ready, ${count === 0 ? 'no models' : count === 1 ? '1 model' : `${count} models`} installed.`;
    }
  }
}
