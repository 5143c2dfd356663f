import { ActionNotice } from './ActionNotice.tsx';
import { GpuStatus } from './GpuStatus.tsx';
import { WorkerStatus } from './WorkerStatus.tsx';

/** The bar at the bottom: GPU, worker and the last action's outcome, announced politely. */
export function StatusLine() {
  return (
    <footer className="status-line" role="status" aria-live="polite" aria-label="Status">
      <GpuStatus />
      <WorkerStatus />
      <ActionNotice />
    </footer>
  );
}
