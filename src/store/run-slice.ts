import type { StateCreator } from 'zustand';
import type { TranslateEvent, TranslateRequest } from '../../workers/protocol.ts';
import { errorInfo } from './error-info.ts';
import { applyRunEvent } from './run-events.ts';
import { withPair } from './model-slice.ts';
import { buildRequest } from './run-options.ts';
import { selectResolvedSource, selectTranslateBlocker } from './selectors.ts';
import type { RunSlice, TandemState } from './types.ts';

/** What a new run starts from (fresh arrays each time: the store never shares them). */
function cleared(): Pick<
  RunSlice,
  'tokens' | 'tail' | 'stats' | 'raceTokens' | 'raceTail' | 'raceStats' | 'raceResult' | 'currentDraftLength' | 'finishReason' | 'runError' | 'notice'
> {
  return {
    tokens: [],
    tail: '',
    stats: null,
    raceTokens: [],
    raceTail: '',
    raceStats: null,
    raceResult: null,
    currentDraftLength: null,
    finishReason: null,
    runError: null,
    notice: null,
  };
}

export const createRunSlice: StateCreator<TandemState, [], [], RunSlice> = (set, get) => {
  /** Identifies the run this store is showing; events of an older run are ignored. */
  let currentRun = 0;
  let nextQueueId = 1;

  /** Runs one request to its end, then the next queued one: one translation at a time. */
  const start = async (request: TranslateRequest): Promise<void> => {
    const api = get().api;
    if (!api) return;
    const run = ++currentRun;
    set({ ...cleared(), run: 'running', mode: request.mode });
    const onEvent = (event: TranslateEvent): void => {
      if (run === currentRun) set((s) => applyRunEvent(s, event));
    };
    try {
      const done = await api.translate(request, onEvent);
      if (run !== currentRun) return;
      const stopped = done.finishReason === 'aborted';
      set((s) => ({
        run: 'done',
        stats: done.stats,
        tail: done.tail,
        finishReason: done.finishReason,
        raceResult: done.race ?? null,
        knownSpeedup: done.race && done.race.speedup > 0 ? done.race.speedup : s.knownSpeedup,
        notice: stopped ? 'Stopped.' : null,
      }));
    } catch (error) {
      if (run !== currentRun) return;
      const info = errorInfo(error);
      set({ run: 'failed', runError: info, notice: `Translation failed (${info.name}): ${info.message}` });
    }
    const [next, ...rest] = get().queue;
    if (next) {
      set({ queue: rest });
      await start(next.request);
    }
  };

  return {
    run: 'idle',
    mode: null,
    ...cleared(),
    knownSpeedup: null,
    queue: [],

    requestTranslate: async () => {
      // "Detect language" answers for the text as it is now, before anything else is judged.
      if (get().sourceLanguage === 'auto') await get().detectSource();
      const state = get();
      const blocker = selectTranslateBlocker(state);
      const from = selectResolvedSource(state);
      if (blocker || !state.api || !from) {
        set({ notice: `Cannot translate yet: ${lowerFirst(blocker ?? 'The translation worker is not connected.')}` });
        return;
      }
      const request = withPair(buildRequest(state, state.sourceText, from), state);
      if (state.run === 'running' || state.run === 'stopping') {
        const queue = [...state.queue, { id: nextQueueId++, request }];
        set({ queue, notice: `Queued: ${queue.length} waiting.` });
        return;
      }
      await start(request);
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

    clearQueue: () => set({ queue: [], notice: 'Queue cleared.' }),
  };
};

function lowerFirst(text: string): string {
  return text.charAt(0).toLowerCase() + text.slice(1);
}
