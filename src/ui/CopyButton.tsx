import { useEffect, useRef, useState } from 'react';
import { selectOutputText } from '../store/selectors.ts';
import { tandemStore, useTandem } from '../store/tandem-store.ts';
import { copyText, type CopyOutcome } from './clipboard.ts';

/** How long "Copied" stays before the live region clears (a refusal stays until the next copy). */
const COPIED_MS = 2500;

/**
 * Copies the translation as plain text, its sentence and paragraph breaks kept. Disabled while
 * there is no output; the result is announced in a polite live region.
 */
export function CopyButton() {
  // Whether there is output, not the output itself: the text is read when Copy is pressed, so a
  // streaming run does not rebuild the whole string on every step.
  const empty = useTandem((state) => state.tokens.length === 0 && state.tail === '');
  const [outcome, setOutcome] = useState<CopyOutcome | null>(null);
  const timer = useRef<ReturnType<typeof setTimeout> | null>(null);
  useEffect(
    () => () => {
      if (timer.current) clearTimeout(timer.current);
    },
    [],
  );
  // A new run clears the output, and with it what the last copy said.
  useEffect(() => {
    if (empty) setOutcome(null);
  }, [empty]);

  const copy = async () => {
    if (timer.current) clearTimeout(timer.current);
    const clipboard = typeof navigator === 'undefined' ? undefined : navigator.clipboard;
    const result = await copyText(clipboard, selectOutputText(tandemStore.getState()));
    setOutcome(result);
    if (result.ok) timer.current = setTimeout(() => setOutcome(null), COPIED_MS);
  };

  return (
    <span className="copy-output">
      <button type="button" className="copy-button" disabled={empty} onClick={() => void copy()}>
        Copy
      </button>
      <span
        className={outcome && !outcome.ok ? 'copy-status copy-status-error' : 'copy-status'}
        role="status"
        aria-live="polite"
        data-testid="copy-status"
        data-ok={outcome ? String(outcome.ok) : undefined}
      >
        {outcome?.message ?? ''}
      </span>
    </span>
  );
}
