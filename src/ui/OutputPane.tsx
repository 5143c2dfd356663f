import { useId } from 'react';
import { TARGET_LANGUAGE } from '../store/languages.ts';
import { useTandem } from '../store/tandem-store.ts';

/** The translation, as it arrives. */
export function OutputPane() {
  const output = useTandem((state) => state.output);
  const labelId = useId();
  return (
    <div className="pane">
      <span className="pane-label" id={labelId}>
        {TARGET_LANGUAGE.label} translation
      </span>
      <output className="output-text" aria-labelledby={labelId} lang={TARGET_LANGUAGE.code} data-testid="output">
        {output || <span className="placeholder">The translation will appear here.</span>}
      </output>
    </div>
  );
}
