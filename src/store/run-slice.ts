import type { StateCreator } from 'zustand';
import type { TranslateEvent, TranslateRequest } from '../protocol/protocol.ts';
import { errorInfo } from './error-info.ts';
import { frameBatcher } from './frame-batch.ts';
import { withPair } from './model-slice.ts';
import { buildRequest } from './run-options.ts';
import { selectResolvedSource, selectTranslateBlocker } from './selectors.ts';
import type { RunSlice, TandemState } from './types.ts';

/** What a new run starts from (fresh arrays each time: the store never shares them). */
export function cleared(): Pick<
  RunSlice,
  | 'tokens'
  | 'tail'
  | 'stats'
  | 'raceTokens'
  | 'raceTail'
  | 'raceStats'
  | 'raceResult'
  | 'currentDraftLength'
  | 'finishReason'
  | 'runError'
  | 'notice'
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

  /** Stop asks the worker to end this run, by its id (the worker may serve other callers too). */
  let running: { runId: string; stop: () => Promise<void> } | null = null;
  /** The request in flight: the same text with the same settings again is not a new translation. */
  let runningRequest: TranslateRequest | null = null;
  /** Step events wait for the next frame: one store update (and render) per frame, however many steps. */
  const steps = frameBatcher<TranslateEvent>((events) => get().receiveLiveEvents(events));

  /** Runs one request to its end, then the next queued one: one translation at a time. */
  const start = async (request: TranslateRequest): Promise<void> => {
    const api = get().api;
    if (!api) return;
    const run = ++currentRun;
    const runId = `app-${run}-${Math.random().toString(36).slice(2, 8)}`;
    let stopped = false;
    const mine = {
      runId,
      stop: async (): Promise<void> => {
        stopped = true;
        await api.stop(runId);
      },
    };
    running = mine;
    runningRequest = request;
    steps.clear(); // an older run's last steps are not this run's
    set({ ...cleared(), run: 'running', mode: request.mode });
    // The demo slice records the run as a trace and shows its events (src/store/run-display.ts).
    get().beginLiveRun(request);
    const onStep = (event: TranslateEvent): void => {
      if (run !== currentRun) return;
      if (event.type !== 'done') {
        steps.push(event);
        return;
      }
      steps.flush();
      get().receiveLiveEvent(event);
    };
    try {
      // The request goes to the worker as the settings built it: the one request type UI → loop.
      await api.translate({ ...request, runId }, onStep);
    } catch (error) {
      if (run === currentRun) {
        steps.flush(); // what streamed before the failure or the stop stays in view
        if (stopped) {
          // Stopped: what streamed so far stays, with the last step's totals.
          set({ run: 'done', finishReason: 'aborted', notice: 'Stopped.' });
        } else {
          const info = errorInfo(error);
          // The words and what to do are in the output pane (RunError); the status line just says so.
          set({ run: 'failed', runError: info, notice: 'Translation failed: see the output pane.' });
        }
      }
    } finally {
      if (running === mine) {
        running = null;
        runningRequest = null;
      }
    }
    if (run !== currentRun) return;
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
      // A trace replay gives way to a live run.
      if (get().playback?.source === 'trace') get().stopPlayback();
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
        // A repeat (five Ctrl+Enter presses) of what runs or waits already would only translate it again.
        const pending = [
          ...(runningRequest && state.run === 'running' ? [runningRequest] : []),
          ...state.queue.map((q) => q.request),
        ];
        if (pending.some((other) => sameRequest(other, request))) {
          set({ notice: 'Already translating this text with these settings.' });
          return;
        }
        const queue = [...state.queue, { id: nextQueueId++, request }];
        set({ queue, notice: `Queued: ${queue.length} waiting.` });
        return;
      }
      await start(request);
    },

    requestStop: async () => {
      // Stop ends a replay; a live run in slow motion shows what it has so far, then stops.
      if (get().stopPlayback()) return;
      if (get().run !== 'running' || !running) return;
      set({ run: 'stopping' });
      await running.stop().catch(() => {});
    },

    clearQueue: () => set({ queue: [], notice: 'Queue cleared.' }),
  };
};

/** Same text, languages, model and settings (requests are plain data from buildRequest/withPair). */
function sameRequest(a: TranslateRequest, b: TranslateRequest): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

function lowerFirst(text: string): string {
  return text.charAt(0).toLowerCase() + text.slice(1);
}
