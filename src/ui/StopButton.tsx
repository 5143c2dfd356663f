import { selectIsRunning } from '../store/selectors.ts';
import { useTandem } from '../store/tandem-store.ts';

/** Ends the running translation within one step; Esc does the same. */
export function StopButton() {
  const running = useTandem(selectIsRunning);
  const stopping = useTandem((state) => state.run === 'stopping');
  const requestStop = useTandem((state) => state.requestStop);
  return (
    <button
      type="button"
      className="stop-button"
      disabled={!running || stopping}
      aria-keyshortcuts="Escape"
      onClick={() => void requestStop()}
    >
      {stopping ? 'Stopping…' : 'Stop'}
    </button>
  );
}
