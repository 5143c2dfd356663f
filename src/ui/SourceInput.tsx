import { useId } from 'react';
import { useTandem } from '../store/tandem-store.ts';

/** The text to translate. */
export function SourceInput() {
  const sourceText = useTandem((state) => state.sourceText);
  const setSourceText = useTandem((state) => state.setSourceText);
  const sourceLanguage = useTandem((state) => state.sourceLanguage);
  const id = useId();
  return (
    <div className="pane">
      <label className="pane-label" htmlFor={id}>
        Text to translate
      </label>
      <textarea
        id={id}
        className="source-text"
        value={sourceText}
        onChange={(event) => setSourceText(event.target.value)}
        lang={sourceLanguage === 'auto' ? undefined : sourceLanguage}
        dir="auto"
        placeholder="Type or paste the text to translate into English."
        rows={10}
      />
    </div>
  );
}
