import type { StateCreator } from 'zustand';
import type { TranslateEvent, TranslateRequest } from '../../workers/protocol.ts';
import type { LanguageCode } from '../models/prompt.ts';
import { errorInfo } from './error-info.ts';
import { selectTranslateBlocker } from './selectors.ts';
import type { OutputToken, RunSlice, TandemState } from './types.ts';

export const createRunSlice: StateCreator<TandemState, [], [], RunSlice> = (set, get) => {
  /** Identifies the run this store is showing; results of an older run are ignored. */
  let currentRun = 0;
  return {
    run: 'idle',
    tokens: [],
    tail: '',
    stats: null,
    finishReason: null,
    runError: null,
    notice: null,

    requestTranslate: async () => {
      const state = get();
      const blocker = selectTranslateBlocker(state);
      if (blocker || !state.api) {
        set({ notice: `Cannot translate yet: ${lowerFirst(blocker ?? 'The translation worker is not connected.')}` });
        return;
      }
      const run = ++currentRun;
      set({ run: 'running', tokens: [], tail: '', stats: null, finishReason: null, runError: null, notice: null });
      const onEvent = (event: TranslateEvent): void => {
        if (run === currentRun && event.type === 'step') set((s) => appendStep(s, event));
      };
      try {
        const done = await state.api.translate(buildRequest(state), onEvent);
        if (run !== currentRun) return;
        const stopped = done.finishReason === 'aborted';
        set({ run: 'done', stats: done.stats, tail: done.tail, finishReason: done.finishReason, notice: stopped ? 'Stopped.' : null });
      } catch (error) {
        if (run !== currentRun) return;
        const info = errorInfo(error);
        set({ run: 'failed', runError: info, notice: `Translation failed (${info.name}): ${info.message}` });
      }
    },

    requestStop: async () => {
      const { run, api } = get();
      if (run !== 'running' || !api) return;
      set({ run: 'stopping' });
      try {
        await api.stop();
      } catch (error) {
        set({ notice: `Stop failed: ${errorInfo(error).message}` });
      }
    },
  };
};

function buildRequest(state: TandemState): TranslateRequest {
  // Language detection is not built yet; "Detect" asks for German, the paper's main pair.
  const from: LanguageCode = state.sourceLanguage === 'auto' ? 'de' : state.sourceLanguage;
  return { text: state.sourceText, from, to: 'en', mode: 'speculative', maxNewTokens: state.maxNewTokens };
}

type StepEvent = Extract<TranslateEvent, { type: 'step' }>;

function appendStep(state: TandemState, event: StepEvent): Partial<TandemState> {
  const added: OutputToken[] = event.emitted.map((token) => ({
    id: token.id,
    text: token.text,
    source: token.source,
    step: event.step,
    // The correction is where the drafts went wrong: it carries what the target turned down.
    rejected: token.source === 'correction' ? event.rejected : [],
  }));
  return { tokens: [...state.tokens, ...added], stats: event.stats };
}

function lowerFirst(text: string): string {
  return text.charAt(0).toLowerCase() + text.slice(1);
}
