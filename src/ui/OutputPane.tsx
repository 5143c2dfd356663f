import { useId } from 'react';
import { TARGET_LANGUAGE } from '../store/languages.ts';
import { useTandem } from '../store/tandem-store.ts';
import { OverlayLegend } from './OverlayLegend.tsx';
import { RunStats } from './RunStats.tsx';
import { TokenOverlay } from './TokenOverlay.tsx';

/** The translation, as it arrives, with the acceptance overlay. */
export function OutputPane() {
  const tokens = useTandem((state) => state.tokens);
  const tail = useTandem((state) => state.tail);
  const run = useTandem((state) => state.run);
  const labelId = useId();
  const empty = tokens.length === 0 && tail === '';
  return (
    <div className="pane">
      <span className="pane-label" id={labelId}>
        {TARGET_LANGUAGE.label} translation
      </span>
      <output
        className="output-text"
        aria-labelledby={labelId}
        aria-busy={run === 'running' || run === 'stopping'}
        lang={TARGET_LANGUAGE.code}
        data-testid="output"
        data-run={run}
      >
        {empty ? <span className="placeholder">The translation will appear here.</span> : <TokenOverlay tokens={tokens} tail={tail} />}
      </output>
      <RunStats />
      {!empty && <OverlayLegend />}
    </div>
  );
}
