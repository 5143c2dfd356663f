import type { ForgeJob } from '../../forge/job.ts';
import { improved } from '../../forge/evaluate.ts';
import { useTandem } from '../../store/tandem-store.ts';
import { AlphaChart } from './AlphaChart.tsx';
import { fixed, saveFile } from './format.ts';

/** Steps 4 and 5: base and new drafter side by side on held-out sentences; install when better. */
export function ForgeMeasure({ job }: { job: ForgeJob }) {
  const run = useTandem((s) => s.forgeRun);
  const progress = useTandem((s) => s.forgeProgress.evaluate);
  const runStep = useTandem((s) => s.runForgeStep);
  const exportModel = useTandem((s) => s.exportForgeModel);
  const report = job.evaluation;
  const busy = run.phase === 'running';
  const trained = job.training?.done === true;
  const better = report ? improved(report) : false;
  return (
    <section className="forge-step" aria-label="Measurement and install">
      <h4>4. Measure on the {job.heldOutCount} held-out sentences</h4>
      {trained && (
        <button type="button" disabled={busy} onClick={() => void runStep('evaluate')}>
          {report ? 'Measure again' : 'Measure'}
        </button>
      )}
      {run.phase === 'running' && run.step === 'evaluate' && progress && (
        <p role="status">
          {progress.done} of {progress.total} held-out sentences
        </p>
      )}
      {report && (
        <>
          <table className="forge-results" data-testid="forge-results">
            <thead>
              <tr>
                <th />
                <th>Base drafter</th>
                <th>New drafter</th>
              </tr>
            </thead>
            <tbody>
              <tr>
                <td>α (acceptance)</td>
                <td data-testid="forge-alpha-before" data-value={report.base.alpha ?? ''}>
                  {fixed(report.base.alpha)}
                </td>
                <td data-testid="forge-alpha-after" data-value={report.forged.alpha ?? ''}>
                  {fixed(report.forged.alpha)}
                </td>
              </tr>
              <tr>
                <td>τ (tokens per target pass)</td>
                <td>{fixed(report.base.tau)}</td>
                <td>{fixed(report.forged.tau)}</td>
              </tr>
              <tr>
                <td>tokens/s (autoregressive {fixed(report.autoregressive.tokensPerSecond, 1)})</td>
                <td>
                  {fixed(report.base.tokensPerSecond, 1)} ({fixed(report.base.speedup)}×)
                </td>
                <td>
                  {fixed(report.forged.tokensPerSecond, 1)} ({fixed(report.forged.speedup)}×)
                </td>
              </tr>
              <tr>
                <td>output identical to autoregressive</td>
                <td>
                  {report.base.identical} / {report.sentences}
                </td>
                <td data-testid="forge-identical" data-value={report.forged.identical}>
                  {report.forged.identical} / {report.sentences}
                </td>
              </tr>
            </tbody>
          </table>
          <AlphaChart
            label="α per held-out sentence, base and new drafter"
            testId="forge-alpha-chart"
            series={[
              { name: 'base', className: 'series-base', values: report.perSentence.map((p) => p.base) },
              { name: 'new', className: 'series-new', values: report.perSentence.map((p) => p.forged) },
            ]}
          />
          <h4>5. Install</h4>
          {job.installedId ? (
            <p data-testid="forge-install-status" data-installed={job.installedId}>
              Installed as {job.installedId}; listed under Models, and “Drafter: by source language” picks it for this
              target.
            </p>
          ) : better ? (
            <button type="button" disabled={busy} onClick={() => void runStep('install')}>
              Install the new drafter
            </button>
          ) : (
            <p data-testid="forge-install-status" data-installed="">
              Not installed: the new drafter did not beat the base on held-out α
              {report.mismatches.length > 0 ? ' losslessly' : ''}.
            </p>
          )}
          <button
            type="button"
            disabled={busy}
            onClick={async () => {
              const file = await exportModel();
              if (file) saveFile(file.fileName, file.zip, 'application/zip');
            }}
          >
            Download as a Hugging Face folder (zip)
          </button>
        </>
      )}
    </section>
  );
}
