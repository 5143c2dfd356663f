import { useTandem } from '../../store/tandem-store.ts';
import { TRACE_NOTICE } from '../../store/demo/trace-format.ts';
import { exportLastRun } from './trace-file.ts';

/** Saves the last live run as a trace file, and says what such a file holds. */
export function TraceExport() {
  const exportable = useTandem(
    (state) =>
      state.hasRecording && (state.run === 'done' || state.run === 'failed') && state.playback?.source !== 'trace',
  );
  return (
    <div className="trace-row">
      <button type="button" disabled={!exportable} onClick={() => exportLastRun()} data-testid="trace-export">
        Export the last run as a trace
      </button>
      <p className="trace-note" data-testid="trace-notice">
        {TRACE_NOTICE} It also names the models and this machine’s GPU adapter, with the run’s timings.
      </p>
    </div>
  );
}
