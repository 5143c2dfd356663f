import { useId } from 'react';
import { TARGET_LANGUAGE } from '../store/languages.ts';
import { useTandem } from '../store/tandem-store.ts';
import { CopyButton } from './CopyButton.tsx';
import { OverlayLegend } from './OverlayLegend.tsx';
import { RacePane } from './RacePane.tsx';
import { RaceResult } from './RaceResult.tsx';
import { RunError } from './RunError.tsx';
import { RunStats } from './RunStats.tsx';
import { TokenOverlay } from './TokenOverlay.tsx';

/** The translation, as it arrives, with the acceptance overlay; in a race, both lanes. */
export function OutputPane() {
  const tokens = useTandem((state) => state.tokens);
  const tail = useTandem((state) => state.tail);
  const run = useTandem((state) => state.run);
  const race = useTandem((state) => state.mode === 'race');
  const showRejected = useTandem((state) => state.showRejected);
  const labelId = useId();
  const empty = tokens.length === 0 && tail === '';
  const output = (
    <output
      className="output-text"
      aria-labelledby={labelId}
      aria-busy={run === 'running' || run === 'stopping'}
      lang={TARGET_LANGUAGE.code}
      data-testid="output"
      data-run={run}
    >
      {empty ? (
        run !== 'failed' && (
          <span className="placeholder">
            {race ? 'Starts when the autoregressive run ends.' : 'The translation will appear here.'}
          </span>
        )
      ) : (
        <TokenOverlay tokens={tokens} tail={tail} showRejected={showRejected} />
      )}
    </output>
  );
  return (
    <div className="pane" data-testid="output-pane">
      {race ? (
        <div className="race-lanes" data-testid="race">
          <RacePane />
          <div className="race-lane">
            <span className="pane-label" id={labelId}>
              Speculative decoding
            </span>
            <LaneCounter tokens={tokens.length} />
            {output}
          </div>
        </div>
      ) : (
        <>
          <span className="pane-label" id={labelId}>
            {TARGET_LANGUAGE.label} translation
          </span>
          {output}
        </>
      )}
      <RunError />
      <div className="output-actions">
        <CopyButton />
      </div>
      {race && <RaceResult />}
      <RunStats />
      {!empty && <OverlayLegend />}
    </div>
  );
}

/** Live token count (and speed) of the speculative lane. */
function LaneCounter({ tokens }: { tokens: number }) {
  const tokensPerSecond = useTandem((state) => state.stats?.tokensPerSecond ?? 0);
  return (
    <span className="lane-counter" data-testid="race-speculative-count" data-tokens={tokens}>
      {tokens} tokens · {tokensPerSecond.toFixed(1)} tokens/s
    </span>
  );
}
