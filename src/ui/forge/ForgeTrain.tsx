import { useState } from 'react';
import { type FineTuneSettings, PAPER_SETTINGS, proposeSettings } from '../../forge/hyperparameters.ts';
import type { ForgeJob } from '../../forge/job.ts';
import { plannedSteps } from '../../store/forge/forge-slice.ts';
import { useTandem } from '../../store/tandem-store.ts';
import { LossChart } from './LossChart.tsx';
import { duration, fixed } from './format.ts';

const EDITABLE: { key: keyof FineTuneSettings; label: string; step: number }[] = [
  { key: 'learningRate', label: 'Learning rate', step: 1e-5 },
  { key: 'epochs', label: 'Epochs', step: 1 },
  { key: 'batchSize', label: 'Batch (sequences)', step: 1 },
  { key: 'warmupRatio', label: 'Warm-up ratio', step: 0.01 },
  { key: 'weightDecay', label: 'Weight decay', step: 0.01 },
  { key: 'clipNorm', label: 'Clip norm', step: 0.1 },
  { key: 'maxSequenceLength', label: 'Max tokens per sequence', step: 1 },
];

/** Step 3: the settings (the paper's and the forge's changes, with why), training, the loss curve. */
export function ForgeTrain({ job }: { job: ForgeJob }) {
  const run = useTandem((s) => s.forgeRun);
  const progress = useTandem((s) => s.forgeProgress.train);
  const runStep = useTandem((s) => s.runForgeStep);
  const pause = useTandem((s) => s.pauseForge);
  const update = useTandem((s) => s.updateForgeSettings);
  const [draft, setDraft] = useState<FineTuneSettings>(job.settings);
  const { changes } = proposeSettings(job.trainCount);
  const running = run.phase === 'running' && run.step === 'train';
  const training = (running && progress?.training) || job.training;
  const locked = job.training !== null;
  const ready = job.stage !== 'prepared';
  return (
    <section className="forge-step" aria-label="Fine-tuning">
      <h4>3. Fine-tuning</h4>
      <table className="forge-settings">
        <thead>
          <tr>
            <th>Setting</th>
            <th>Paper</th>
            <th>This job</th>
          </tr>
        </thead>
        <tbody>
          {EDITABLE.map(({ key, label, step }) => (
            <tr key={key}>
              <td>{label}</td>
              <td>{String(PAPER_SETTINGS[key])}</td>
              <td>
                <input
                  type="number"
                  aria-label={label}
                  step={step}
                  value={String(draft[key])}
                  disabled={locked}
                  onChange={(e) => setDraft({ ...draft, [key]: Number(e.currentTarget.value) })}
                  onBlur={() => void update(draft)}
                />
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      <ul className="forge-note">
        {changes.map((c) => (
          <li key={c.key}>
            {c.key}: {String(c.from)} → {String(c.to)}, because {c.why}.
          </li>
        ))}
        <li>
          Schedule: {job.settings.schedule}, {plannedSteps(job)} steps.
        </li>
      </ul>
      <p data-testid="forge-trainer" className="forge-note">
        {training
          ? `Trains on: ${training.engine}`
          : 'Trains on the WebGPU trainer on a real GPU, else the CPU reference trainer.'}
      </p>
      <p
        data-testid="forge-train-progress"
        data-step={training?.step ?? 0}
        data-total={training?.totalSteps ?? plannedSteps(job)}
        data-done={String(training?.done ?? false)}
        role="status"
      >
        Step {training?.step ?? 0} of {training?.totalSteps ?? plannedSteps(job)}
        {training &&
          ` · epoch ${Math.min(training.epoch + 1, job.settings.epochs)} · loss ${fixed(training.losses.at(-1)?.train, 3)}`}
        {running &&
          progress &&
          ` · ${fixed(progress.tokensPerSecond, 0)} tokens/s · ${duration(progress.secondsLeft)} left`}
      </p>
      {training && <LossChart losses={training.losses} totalSteps={training.totalSteps} />}
      <div className="forge-row">
        {running ? (
          <button type="button" onClick={() => void pause()}>
            Pause
          </button>
        ) : (
          ready &&
          !training?.done && (
            <button type="button" disabled={run.phase === 'running'} onClick={() => void runStep('train')}>
              {training ? 'Resume fine-tuning' : 'Fine-tune'}
            </button>
          )
        )}
      </div>
      <p className="forge-note">
        Pausing keeps a checkpoint (weights, optimizer state, step, data order) in this browser; the base drafter is
        never changed.
      </p>
    </section>
  );
}
