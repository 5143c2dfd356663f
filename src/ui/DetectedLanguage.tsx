import { useEffect } from 'react';
import { languageName } from '../models/language-names.ts';
import { selectLanguageProblem } from '../store/selectors.ts';
import { useTandem } from '../store/tandem-store.ts';
import type { DetectionState } from '../store/types.ts';

/** Typing pauses this long before the text is re-detected. */
const DEBOUNCE_MS = 300;

/**
 * With "Detect language": what eld found for the text as typed, or why it cannot pick a drafter.
 * Choosing a language under From overrides it (this line then disappears).
 */
export function DetectedLanguage() {
  const auto = useTandem((state) => state.sourceLanguage === 'auto');
  const text = useTandem((state) => state.sourceText);
  const detection = useTandem((state) => state.detection);
  const problem = useTandem(selectLanguageProblem);
  const detectSource = useTandem((state) => state.detectSource);
  useEffect(() => {
    if (!auto || text.trim() === '') return;
    const timer = setTimeout(() => void detectSource(), DEBOUNCE_MS);
    return () => clearTimeout(timer);
  }, [auto, text, detectSource]);
  if (!auto) return null;
  return (
    <span
      className="detected-language"
      data-testid="detected-language"
      data-language={detectedCode(detection, text)}
      aria-live="polite"
    >
      {problem ?? describe(detection, text)}
    </span>
  );
}

function detectedCode(detection: DetectionState, text: string): string | undefined {
  if (detection.phase !== 'done' || detection.text !== text) return undefined;
  return detection.result.kind === 'supported' ? detection.result.language : detection.result.kind;
}

function describe(detection: DetectionState, text: string): string {
  if (text.trim() === '') return 'The language is detected as you type.';
  if (detection.phase !== 'done' || detection.text !== text) return 'Detecting the language…';
  if (detection.result.kind !== 'supported') return '';
  const name = languageName(detection.result.language);
  return detection.result.reliable ? `Detected: ${name}.` : `Detected: ${name} (unsure: pick it under From if wrong).`;
}
