import type { FormEvent, KeyboardEvent } from 'react';
import { useTandem } from '../store/tandem-store.ts';
import { LanguagePair } from './LanguagePair.tsx';
import { DetectedLanguage } from './DetectedLanguage.tsx';
import { ModelPicker } from './ModelPicker.tsx';
import { OutputPane } from './OutputPane.tsx';
import { QueueStatus } from './QueueStatus.tsx';
import { SettingsPanel } from './SettingsPanel.tsx';
import { SourceInput } from './SourceInput.tsx';
import { TranslateButton } from './TranslateButton.tsx';

/**
 * The translator's frame; Ctrl+Enter (⌘+Enter on a Mac) anywhere in it asks to translate and
 * Esc stops a running translation.
 */
export function TranslatorForm() {
  const requestTranslate = useTandem((state) => state.requestTranslate);
  const requestStop = useTandem((state) => state.requestStop);
  const onSubmit = (event: FormEvent) => {
    event.preventDefault();
    void requestTranslate();
  };
  const onKeyDown = (event: KeyboardEvent) => {
    if (event.key === 'Enter' && (event.ctrlKey || event.metaKey)) {
      event.preventDefault();
      void requestTranslate();
    } else if (event.key === 'Escape') {
      void requestStop();
    }
  };
  return (
    <form className="translator" aria-label="Translator" onSubmit={onSubmit} onKeyDown={onKeyDown}>
      <div className="run-options">
        <ModelPicker />
      </div>
      <SettingsPanel />
      <div className="language-row">
        <LanguagePair />
        <DetectedLanguage />
      </div>
      <div className="panes">
        <SourceInput />
        <OutputPane />
      </div>
      <TranslateButton />
      <QueueStatus />
    </form>
  );
}
