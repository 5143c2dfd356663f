import { useEffect } from 'react';
import { LANGUAGE_NAMES } from '../../models/prompt.ts';
import { useTandem } from '../../store/tandem-store.ts';
import { ForgeCorpusForm } from './ForgeCorpusForm.tsx';
import { ForgeDistill } from './ForgeDistill.tsx';
import { ForgeMeasure } from './ForgeMeasure.tsx';
import { ForgeTrain } from './ForgeTrain.tsx';
import { LearnFromUse } from './LearnFromUse.tsx';
import './forge.css';

/**
 * The Forge: make a drafter for one source language from the target's own translations, on this
 * machine. Nothing leaves the page from distillation to install (a corpus URL is downloaded
 * before, and says so).
 */
export function ForgePanel() {
  const jobs = useTandem((s) => s.forgeJobs);
  const jobId = useTandem((s) => s.forgeJobId);
  const select = useTandem((s) => s.selectForgeJob);
  const refresh = useTandem((s) => s.refreshForgeJobs);
  const discard = useTandem((s) => s.discardForgeJob);
  const error = useTandem((s) => s.forgeError);
  const notice = useTandem((s) => s.forgeNotice);
  const busy = useTandem((s) => s.forgeRun.phase === 'running');
  const job = jobs.find((j) => j.id === jobId);

  useEffect(() => {
    void refresh();
  }, [refresh]);

  return (
    <details className="forge" data-testid="forge-panel">
      <summary>Forge a drafter</summary>
      <p className="forge-note">
        Makes a drafter specialised for one source language, as the paper does: the target translates your sentences
        (self-distillation), the base drafter is fine-tuned on those translations, measured on sentences it never saw,
        and installed only if it drafts better. Everything stays in this browser.
      </p>
      <ForgeCorpusForm />
      {jobs.length > 0 && (
        <label>
          Job{' '}
          <select
            value={jobId ?? ''}
            onChange={(e) => select(e.currentTarget.value || null)}
            data-testid="forge-job-select"
          >
            {jobs.map((j) => (
              <option key={j.id} value={j.id}>
                {LANGUAGE_NAMES[j.language]} from {j.corpusName} ({j.stage})
              </option>
            ))}
          </select>
        </label>
      )}
      {job && (
        <div className="forge-job" data-testid="forge-job" data-stage={job.stage} data-job={job.id}>
          <p className="forge-note">
            {job.trainCount} sentences to train on, {job.heldOutCount} held out (never trained on) — from{' '}
            {job.corpusStats.sentences} sentences: {job.corpusStats.duplicates} repeated, {job.corpusStats.tooShort} too
            short, {job.corpusStats.tooLong} too long. Target {job.target}, base drafter {job.baseDrafter}.
          </p>
          <ForgeDistill job={job} />
          <ForgeTrain key={job.id} job={job} />
          <ForgeMeasure job={job} />
          <button type="button" disabled={busy} onClick={() => void discard(job.id)}>
            Discard this job
          </button>
        </div>
      )}
      <LearnFromUse />
      {notice && (
        <p role="status" data-testid="forge-notice">
          {notice}
        </p>
      )}
      {error && (
        <p className="forge-error" role="alert" data-testid="forge-error" data-error={error.name}>
          {error.message}
        </p>
      )}
    </details>
  );
}
