import { DETECTABLE_LANGUAGES, DRAFTER_LANGUAGES, type DetectableLanguage } from '../models/detect-language.ts';
import { languageName } from '../models/language-names.ts';

/** A source language, or automatic detection. */
export type SourceLanguage = 'auto' | DetectableLanguage;

export interface SourceLanguageOption {
  code: DetectableLanguage;
  /** The language's name (Intl.DisplayNames), never its code. */
  label: string;
  /** Whether it has a drafter of its own (the paper's five); the others use the generic drafter or none. */
  hasDrafter: boolean;
}

export const AUTO_DETECT_LABEL = 'Detect language';

/** Every language Tandem translates from: those with a drafter of their own first, then the rest, by name. */
export const SOURCE_LANGUAGE_OPTIONS: readonly SourceLanguageOption[] = [
  ...DRAFTER_LANGUAGES.map((code) => option(code)),
  ...DETECTABLE_LANGUAGES.filter((code) => !isDrafterLanguage(code))
    .map((code) => option(code))
    .sort((a, b) => a.label.localeCompare(b.label, 'en')),
];

/** The only target for now: the target model and drafters translate into English. */
export const TARGET_LANGUAGE = { code: 'en', label: 'English' } as const;

export function isSourceLanguage(code: string): code is SourceLanguage {
  return code === 'auto' || (DETECTABLE_LANGUAGES as readonly string[]).includes(code);
}

function option(code: DetectableLanguage): SourceLanguageOption {
  return { code, label: languageName(code), hasDrafter: isDrafterLanguage(code) };
}

function isDrafterLanguage(code: DetectableLanguage): boolean {
  return (DRAFTER_LANGUAGES as readonly string[]).includes(code);
}
