import { useId, type ChangeEvent } from 'react';
import { SOURCE_LANGUAGES, TARGET_LANGUAGE, isSourceLanguage } from '../store/languages.ts';
import { useTandem } from '../store/tandem-store.ts';

/** Source language (or Detect) → English. */
export function LanguagePair() {
  const sourceLanguage = useTandem((state) => state.sourceLanguage);
  const setSourceLanguage = useTandem((state) => state.setSourceLanguage);
  const fromId = useId();
  const onChange = (event: ChangeEvent<HTMLSelectElement>) => {
    if (isSourceLanguage(event.target.value)) setSourceLanguage(event.target.value);
  };
  return (
    <fieldset className="language-pair">
      <legend className="visually-hidden">Language pair</legend>
      <label htmlFor={fromId}>From</label>
      <select id={fromId} value={sourceLanguage} onChange={onChange}>
        {SOURCE_LANGUAGES.map(({ code, label }) => (
          <option key={code} value={code}>
            {label}
          </option>
        ))}
      </select>
      <span className="pair-target">
        <span className="pair-arrow" aria-hidden="true">
          →
        </span>
        <span className="pair-to">To</span>
        <strong className="target-language" data-testid="target-language" lang={TARGET_LANGUAGE.code}>
          {TARGET_LANGUAGE.label}
        </strong>
      </span>
    </fieldset>
  );
}
