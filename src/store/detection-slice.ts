import type { StateCreator } from 'zustand';
import { detectLanguage, type Detection } from '../models/detect-language.ts';
import { errorInfo } from './error-info.ts';
import type { DetectionSlice, TandemState } from './types.ts';

/**
 * "Detect language": eld runs in the page (a lazily loaded chunk, no network) on the text as it
 * is typed (debounced by the component) and once more before a translation, so Translate never
 * uses a stale answer. Each answer records the text it was for.
 */
export const createDetectionSlice: StateCreator<TandemState, [], [], DetectionSlice> = (set, get) => ({
  detection: { phase: 'idle' },
  detectSource: async () => {
    const text = get().sourceText;
    const current = get().detection;
    if (current.phase === 'done' && current.text === text) return current.result;
    if (text.trim() === '') {
      set({ detection: { phase: 'idle' } });
      return null;
    }
    set({ detection: { phase: 'detecting', text } });
    try {
      const result: Detection = await detectLanguage(text);
      // A newer call (the user kept typing) owns the slot now; still answer this caller.
      if (isLatest(get(), text)) set({ detection: { phase: 'done', text, result } });
      return result;
    } catch (error) {
      if (isLatest(get(), text)) set({ detection: { phase: 'failed', text, error: errorInfo(error) } });
      return null;
    }
  },
});

function isLatest(state: TandemState, text: string): boolean {
  return state.detection.phase === 'detecting' && state.detection.text === text;
}
