import type { ForgeJob } from '../../forge/job.ts';
import { useTandem } from '../../store/tandem-store.ts';
import { duration, fixed, saveFile } from './format.ts';

/** Step 2: self-distillation, with its progress, pause/resume and the data set's export. */
export function ForgeDistill({ job }: { job: ForgeJob }) {
  const run = useTandem((s) => s.forgeRun);
  const progress = useTandem((s) => s.forgeProgress.distill);
  const runStep = useTandem((s) => s.runForgeStep);
  const pause = useTandem((s) => s.pauseForge);
  const exportDataset = useTandem((s) => s.exportForgeDataset);
  const total = job.trainCount + job.heldOutCount;
  const done = job.distilled.train + job.distilled.heldOut;
  const running = run.phase === 'running' && run.step === 'distill';
  const busy = run.phase === 'running';
  const live = running && progress ? progress : null;
  return (
    <section className="forge-step" aria-label="Self-distillation">
      <h4>2. Self-distillation</h4>
      <p className="forge-note">
        The target translates each sentence with the paper's prompt, greedy, up to {job.maxNewTokens} new tokens,
        through speculative decoding with the base drafter (lossless: the outputs are the target's own).
      </p>
      <p data-testid="forge-distill-progress" data-done={live?.done ?? done} data-total={total} role="status">
        {live?.done ?? done} of {total} sentences
        {live && (
          <>
            {' '}
            · {fixed(live.tokensPerSecond, 1)} tokens/s · {duration(live.secondsLeft)} left · α{' '}
            {fixed(live.acceptanceRate)}
          </>
        )}
      </p>
      {live?.lastText && <p className="forge-sample">Last: “{live.lastText}”</p>}
      <div className="forge-row">
        {running ? (
          <button type="button" onClick={() => void pause()}>
            Pause
          </button>
        ) : (
          done < total && (
            <button type="button" disabled={busy} onClick={() => void runStep('distill')}>
              {done > 0 ? 'Resume distillation' : 'Distil'}
            </button>
          )
        )}
        {done > 0 && (
          <button
            type="button"
            disabled={busy}
            onClick={async () => {
              const file = await exportDataset();
              if (file) saveFile(file.fileName, file.text, 'application/jsonl');
            }}
          >
            Export data set (FastChat JSONL)
          </button>
        )}
      </div>
    </section>
  );
}
