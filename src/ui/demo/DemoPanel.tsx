import { tandemStore, useTandem } from '../../store/tandem-store.ts';
import { DraftPreview } from './DraftPreview.tsx';
import { PlaybackControls } from './PlaybackControls.tsx';
import { RunCharts } from './RunCharts.tsx';
import { TraceExport } from './TraceExport.tsx';
import { TraceFilePicker } from './TraceFilePicker.tsx';
import { TraceSummary } from './TraceSummary.tsx';
import './demo.css';

/** Under the translator: the run's charts, record and replay, slow motion, and the presenter's view. */
export function DemoPanel() {
  return (
    <section className="demo-panel" aria-labelledby="demo-panel-title" data-testid="demo-panel">
      <div className="trace-row">
        <h2 id="demo-panel-title">Speculation, pictured</h2>
        <button type="button" onClick={() => tandemStore.getState().setPresenter(true)} data-testid="presenter-open">
          Presenter mode
        </button>
        <ChartsToggle />
      </div>
      <DraftPreview />
      <RunCharts />
      <div className="trace-controls">
        <TraceExport />
        <TraceFilePicker />
        <TraceSummary />
        <PlaybackControls />
      </div>
    </section>
  );
}

function ChartsToggle() {
  const shown = useTandem((state) => state.chartsShown);
  return (
    <label className="choice">
      <input
        type="checkbox"
        checked={shown}
        onChange={(event) => tandemStore.getState().setChartsShown(event.target.checked)}
        data-testid="charts-shown"
      />
      Show charts
    </label>
  );
}
