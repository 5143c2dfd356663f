import { useMemo, useSyncExternalStore } from 'react';
import { WEBLLM_TARGETS } from '../models/registry/webllm-targets.ts';
import { environmentIssues, type EnvironmentIssue } from '../store/environment-issues.ts';
import { targetChoice } from '../store/model-slice.ts';
import { useTandem } from '../store/tandem-store.ts';
import './environment-notice.css';

/**
 * What stands between this machine and translating (no WebGPU, no GPU, no shader-f16, too little
 * GPU memory, a model not downloaded while offline, a worker that had to be restarted), each in
 * plain words with what to do. The words come from src/store/environment-issues.ts.
 */
export function EnvironmentNotice() {
  const gpu = useTandem((state) => state.gpu);
  const demo = useTandem((state) => state.demo);
  const runError = useTandem((state) => state.runError);
  const pairError = useTandem((state) => (state.pair.phase === 'failed' ? state.pair.error : null));
  const workerRecovery = useTandem((state) => state.workerRecovery);
  const webllmTargetChosen = useTandem((state) => WEBLLM_CHOICES.has(state.model));
  const dismissed = useTandem((state) => state.dismissedNotices);
  const dismiss = useTandem((state) => state.dismissNotice);
  const online = useOnline();
  const issues = useMemo(
    () =>
      environmentIssues({ gpu, demo, pairError, runError, workerRecovery, online, webllmTargetChosen }).filter(
        (issue) => !dismissed.includes(issue.key),
      ),
    [gpu, demo, pairError, runError, workerRecovery, online, webllmTargetChosen, dismissed],
  );
  if (issues.length === 0) return null;
  return (
    <div className="environment-notices">
      {issues.map((issue) => (
        <Notice key={issue.key} issue={issue} onDismiss={() => dismiss(issue.key)} />
      ))}
    </div>
  );
}

/** The picker's values of the web-llm targets (Vicuna-7B). */
const WEBLLM_CHOICES: ReadonlySet<string> = new Set(WEBLLM_TARGETS.map((target) => targetChoice(target.id)));

const MARK: Record<EnvironmentIssue['severity'], string> = { error: '!', warning: '!', info: 'i' };

function Notice({ issue, onDismiss }: { issue: EnvironmentIssue; onDismiss: () => void }) {
  // Errors interrupt a screen reader; the rest wait their turn.
  return (
    <section
      className={`environment-notice environment-notice--${issue.severity}`}
      role={issue.severity === 'error' ? 'alert' : 'status'}
      data-testid="environment-notice"
      data-kind={issue.kind}
    >
      <h2>
        <span className="environment-notice__mark" aria-hidden="true">
          {MARK[issue.severity]}
        </span>
        {issue.title}
      </h2>
      <p data-testid="environment-message">{issue.message}</p>
      {issue.action && <p className="environment-notice__action">What to do: {issue.action}</p>}
      {issue.detail && <p className="environment-notice__detail">Details: {issue.detail}</p>}
      {issue.severity !== 'error' && (
        <button type="button" className="environment-notice__dismiss" onClick={onDismiss}>
          Dismiss
        </button>
      )}
    </section>
  );
}

function subscribeOnline(onChange: () => void): () => void {
  window.addEventListener('online', onChange);
  window.addEventListener('offline', onChange);
  return () => {
    window.removeEventListener('online', onChange);
    window.removeEventListener('offline', onChange);
  };
}

/** navigator.onLine, kept current. */
function useOnline(): boolean {
  return useSyncExternalStore(
    subscribeOnline,
    () => navigator.onLine,
    () => true,
  );
}
