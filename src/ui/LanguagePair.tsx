import { useId, type ChangeEvent } from 'react';
import {
  AUTO_DETECT_LABEL,
  SOURCE_LANGUAGE_OPTIONS,
  TARGET_LANGUAGE,
  isSourceLanguage,
  type SourceLanguageOption,
} from '../store/languages.ts';
import { useTandem } from '../store/tandem-store.ts';

const WITH_DRAFTER = SOURCE_LANGUAGE_OPTIONS.filter((option) => option.hasDrafter);
const OTHERS = SOURCE_LANGUAGE_OPTIONS.filter((option) => !option.hasDrafter);

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
        <option value="auto">{AUTO_DETECT_LABEL}</option>
        <optgroup label="With a drafter of its own (fastest)">{options(WITH_DRAFTER)}</optgroup>
        <optgroup label="Other languages (generic drafter, or none)">{options(OTHERS)}</optgroup>
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

function options(list: readonly SourceLanguageOption[]) {
  return list.map(({ code, label }) => (
    <option key={code} value={code}>
      {label}
    </option>
  ));
}
