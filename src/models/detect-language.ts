import { LANGUAGE_NAMES, type LanguageCode } from './prompt.ts';
import { languageName } from './language-names.ts';

/**
 * Source-language detection with eld (Nito-ELD, n-gram based, no network). The extra-small
 * database (~0.95 MB of JS, ~0.26 MB gzipped, ~37 MB RAM per eld's README) is loaded on first use
 * as its own chunk, so the page starts without it; it is accurate enough on single sentences,
 * which is what the drafter choice needs. The paper found the drafter's source language is what
 * matters, so the answer picks the drafter (src/models/registry/drafters.ts).
 */

/** Every language Tandem translates from (→ English): the prompt's languages but English. */
export type DetectableLanguage = Exclude<LanguageCode, 'en'>;
export const DETECTABLE_LANGUAGES: readonly DetectableLanguage[] = (
  Object.keys(LANGUAGE_NAMES) as LanguageCode[]
).filter((code): code is DetectableLanguage => code !== 'en');
/** The paper's five, each with its own fine-tuned drafter; the rest use the generic drafter or none. */
export const DRAFTER_LANGUAGES = ['de', 'fr', 'ru', 'ja', 'zh'] as const satisfies readonly DetectableLanguage[];

export type Detection =
  /** A language Tandem translates from. `reliable` is eld's own verdict (score and n-gram count). */
  | { kind: 'supported'; language: DetectableLanguage; reliable: boolean }
  /** eld found a language Tandem does not translate from (`code` is ISO 639-1; English among them). */
  | { kind: 'unsupported'; code: string; reliable: boolean }
  /** Too little text, or nothing eld recognises (digits, emoji, a single symbol). */
  | { kind: 'unknown' };

/** eld's detector, reduced to what Tandem uses, so tests can pass a stand-in. */
export interface LanguageDetector {
  detect(text: string): { language: string; isReliable(): boolean };
}

let detector: Promise<LanguageDetector> | null = null;

/** Loads eld once (dynamic import: a separate chunk, fetched from the app's own origin). */
export function loadDetector(): Promise<LanguageDetector> {
  detector ??= import('eld/extrasmall')
    .then(({ eld }) => eld)
    .catch((error: unknown) => {
      detector = null; // a failed chunk load may succeed later
      throw error;
    });
  return detector;
}

/** Long inputs are judged on their start: enough for n-grams, and detection stays fast. */
const SAMPLE_CHARS = 1000;

export function detectWith(model: LanguageDetector, text: string): Detection {
  const sample = text.trim().slice(0, SAMPLE_CHARS);
  if (sample === '') return { kind: 'unknown' };
  const result = model.detect(sample);
  if (result.language === '') return { kind: 'unknown' };
  const reliable = result.isReliable();
  if (isDetectable(result.language)) return { kind: 'supported', language: result.language, reliable };
  return { kind: 'unsupported', code: result.language, reliable };
}

export async function detectLanguage(text: string): Promise<Detection> {
  return detectWith(await loadDetector(), text);
}

export function isDetectable(code: string): code is DetectableLanguage {
  return (DETECTABLE_LANGUAGES as readonly string[]).includes(code);
}

/** English names of the languages eld may answer with that users are likely to paste. */
export const OTHER_NAMES: Record<string, string> = {
  en: 'English',
  es: 'Spanish',
  it: 'Italian',
  pt: 'Portuguese',
  nl: 'Dutch',
  pl: 'Polish',
  uk: 'Ukrainian',
  ko: 'Korean',
};

/** A plain sentence for a detection that cannot pick a drafter; null when it can. */
export function describeUnusable(detection: Detection): string | null {
  switch (detection.kind) {
    case 'supported':
      return null;
    case 'unknown':
      return 'Could not tell the language of this text: pick it under From.';
    case 'unsupported': {
      if (detection.code === 'en')
        return 'This looks like English, which is what Tandem translates into: pick the source language under From if it is not.';
      return `This looks like ${languageName(detection.code)}, which Tandem does not translate from yet: pick the language under From if it is another one.`;
    }
  }
}
