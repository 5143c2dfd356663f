import { type Trace, serializeTrace, traceFileName } from '../../store/demo/trace-format.ts';
import { tandemStore } from '../../store/tandem-store.ts';

/** Saves the trace as a JSON file on this computer (a download made in the page: nothing is sent). */
export function downloadTrace(trace: Trace): void {
  const url = URL.createObjectURL(new Blob([serializeTrace(trace)], { type: 'application/json' }));
  const link = document.createElement('a');
  link.href = url;
  link.download = traceFileName(trace);
  link.click();
  // The click has started the download; the URL is not needed after this task.
  setTimeout(() => URL.revokeObjectURL(url), 0);
}

/** Exports the last live run's trace; false when there is none yet. */
export function exportLastRun(): boolean {
  const trace = tandemStore.getState().lastRunTrace();
  if (!trace) return false;
  downloadTrace(trace);
  return true;
}
