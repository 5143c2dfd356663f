import { useId } from 'react';
import { TARGET_LANGUAGE } from '../store/languages.ts';
import { useTandem } from '../store/tandem-store.ts';
import { TokenOverlay } from './TokenOverlay.tsx';

/** The race's autoregressive lane: the same input decoded by the target alone, token by token. */
export function RacePane() {
  const tokens = useTandem((state) => state.raceTokens);
  const tail = useTandem((state) => state.raceTail);
  const stats = useTandem((state) => state.raceStats);
  const labelId = useId();
  return (
    <div className="race-lane">
      <span className="pane-label" id={labelId}>
        Autoregressive decoding
      </span>
      <span className="lane-counter" data-testid="race-autoregressive-count" data-tokens={tokens.length}>
        {tokens.length} tokens · {(stats?.tokensPerSecond ?? 0).toFixed(1)} tokens/s
      </span>
      <output
        className="output-text"
        aria-labelledby={labelId}
        lang={TARGET_LANGUAGE.code}
        data-testid="race-autoregressive"
      >
        {tokens.length === 0 && tail === '' ? (
          <span className="placeholder">Runs first.</span>
        ) : (
          <TokenOverlay tokens={tokens} tail={tail} />
        )}
      </output>
    </div>
  );
}
