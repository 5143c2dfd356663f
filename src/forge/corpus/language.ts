import {
  detectWith,
  OTHER_NAMES,
  type DetectableLanguage,
  type LanguageDetector,
} from '../../models/detect-language.ts';
import { LANGUAGE_NAMES } from '../../models/prompt.ts';
import { CorpusLanguageError } from '../errors.ts';

/**
 * Is the corpus in the language the drafter is for? eld judges an even sample of sentences; the
 * corpus passes when at least half of those eld recognises are in the chosen language. A drafter
 * distilled on the wrong language learns the wrong thing for hours, so this runs before any work.
 */

/** Sentences judged: enough for a stable majority, few enough to be instant. */
export const LANGUAGE_SAMPLE = 60;
export const MIN_LANGUAGE_SHARE = 0.5;

export interface LanguageVerdict {
  judged: number;
  matching: number;
  /** The most frequent language eld found (ISO 639-1), or null when it recognised none. */
  majority: string | null;
}

export function judgeCorpusLanguage(
  sentences: readonly string[],
  language: DetectableLanguage,
  detector: LanguageDetector,
): LanguageVerdict {
  const step = Math.max(1, Math.floor(sentences.length / LANGUAGE_SAMPLE));
  const counts = new Map<string, number>();
  let judged = 0;
  for (let i = 0; i < sentences.length && judged < LANGUAGE_SAMPLE; i += step) {
    const detection = detectWith(detector, sentences[i]!);
    if (detection.kind === 'unknown') continue;
    const code = detection.kind === 'supported' ? detection.language : detection.code;
    counts.set(code, (counts.get(code) ?? 0) + 1);
    judged += 1;
  }
  const majority = [...counts.entries()].sort((a, b) => b[1] - a[1])[0]?.[0] ?? null;
  return { judged, matching: counts.get(language) ?? 0, majority };
}

/** Throws CorpusLanguageError, naming what the corpus looks like, unless it is in `language`. */
export function checkCorpusLanguage(
  sentences: readonly string[],
  language: DetectableLanguage,
  detector: LanguageDetector,
): LanguageVerdict {
  const verdict = judgeCorpusLanguage(sentences, language, detector);
  const name = LANGUAGE_NAMES[language];
  if (verdict.judged === 0) {
    throw new CorpusLanguageError(`Could not tell the language of the corpus; the forge needs ${name} sentences.`);
  }
  if (verdict.matching / verdict.judged < MIN_LANGUAGE_SHARE) {
    const found = verdict.majority === null ? 'another language' : languageName(verdict.majority);
    throw new CorpusLanguageError(
      `The corpus looks like ${found} (${verdict.matching} of ${verdict.judged} sampled sentences are ${name}): ` +
        `a ${name} drafter must learn from ${name} text. Pick a ${name} corpus, or the corpus's own language.`,
    );
  }
  return verdict;
}

function languageName(code: string): string {
  if (Object.hasOwn(LANGUAGE_NAMES, code)) return LANGUAGE_NAMES[code as keyof typeof LANGUAGE_NAMES];
  return OTHER_NAMES[code] ?? `language "${code}"`;
}
