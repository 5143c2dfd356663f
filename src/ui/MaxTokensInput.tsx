import { MAX_NEW_TOKENS_LIMIT } from '../store/settings-slice.ts';
import { useTandem } from '../store/tandem-store.ts';
import { NumberField } from './NumberField.tsx';

/** How long each sentence's translation may get: short for a quick look, long to watch the overlay build up. */
export function MaxTokensInput() {
  const maxNewTokens = useTandem((state) => state.maxNewTokens);
  const setMaxNewTokens = useTandem((state) => state.setMaxNewTokens);
  return (
    <div className="setting max-tokens">
      <NumberField
        label="Max new tokens per sentence"
        value={maxNewTokens}
        min={1}
        max={MAX_NEW_TOKENS_LIMIT}
        step={1}
        integer
        onCommit={setMaxNewTokens}
      />
    </div>
  );
}
