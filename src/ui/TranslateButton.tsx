import { useId } from 'react';
import { selectIsRunning, selectTranslateBlocker } from '../store/selectors.ts';
import { useTandem } from '../store/tandem-store.ts';
import { StopButton } from './StopButton.tsx';

/**
 * Submits the form. When translating is impossible it stays focusable (aria-disabled, not
 * disabled) so keyboard and screen-reader users reach it and hear why.
 */
export function TranslateButton() {
  const blocker = useTandem(selectTranslateBlocker);
  const running = useTandem(selectIsRunning);
  const reasonId = useId();
  return (
    <div className="translate-row">
      <button
        type="submit"
        className="translate-button"
        aria-disabled={blocker !== null}
        aria-describedby={blocker ? reasonId : undefined}
        aria-keyshortcuts="Control+Enter"
      >
        Translate
      </button>
      <span className="shortcut-hint">
        or <kbd>Ctrl</kbd>+<kbd>Enter</kbd>
      </span>
      <StopButton />
      <span className="shortcut-hint">
        or <kbd>Esc</kbd>
      </span>
      {running && !blocker && <span className="shortcut-hint">Translate now queues behind the running one.</span>}
      {blocker && (
        <p id={reasonId} className="blocker" data-testid="translate-blocker">
          <strong>Unavailable:</strong> {blocker}
        </p>
      )}
    </div>
  );
}
