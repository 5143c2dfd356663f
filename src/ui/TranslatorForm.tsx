import type { FormEvent, KeyboardEvent } from 'react';
import { useTandem } from '../store/tandem-store.ts';
import { LanguagePair } from './LanguagePair.tsx';
import { OutputPane } from './OutputPane.tsx';
import { SourceInput } from './SourceInput.tsx';
import { TranslateButton } from './TranslateButton.tsx';

/** The translator's frame; Ctrl+Enter (⌘+Enter on a Mac) anywhere in it asks to translate. */
export function TranslatorForm() {
  const requestTranslate = useTandem((state) => state.requestTranslate);
  const onSubmit = (event: FormEvent) => {
    event.preventDefault();
    requestTranslate();
  };
  const onKeyDown = (event: KeyboardEvent) => {
    if (event.key === 'Enter' && (event.ctrlKey || event.metaKey)) {
      event.preventDefault();
      requestTranslate();
    }
  };
  return (
    <form className="translator" aria-label="Translator" onSubmit={onSubmit} onKeyDown={onKeyDown}>
      <LanguagePair />
      <div className="panes">
        <SourceInput />
        <OutputPane />
      </div>
      <TranslateButton />
    </form>
  );
}
