import { useId } from 'react';
import { MAX_NEW_TOKENS_LIMIT } from '../store/settings-slice.ts';
import { useTandem } from '../store/tandem-store.ts';

/** How long each sentence's translation may get: short for a quick look, long to watch the overlay build up. */
export function MaxTokensInput() {
  const maxNewTokens = useTandem((state) => state.maxNewTokens);
  const setMaxNewTokens = useTandem((state) => state.setMaxNewTokens);
  const id = useId();
  return (
    <div className="setting max-tokens">
      <label htmlFor={id}>Max new tokens per sentence</label>
      <input
        id={id}
        type="number"
        min={1}
        max={MAX_NEW_TOKENS_LIMIT}
        step={1}
        value={maxNewTokens}
        onChange={(event) => setMaxNewTokens(event.target.valueAsNumber)}
      />
    </div>
  );
}
