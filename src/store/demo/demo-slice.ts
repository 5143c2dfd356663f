import type { StateCreator } from 'zustand';
import type { TranslateEvent } from '../../protocol/protocol.ts';
import { errorInfo } from '../error-info.ts';
import { displayRunEvent, displayRunEvents } from '../run-display.ts';
import { cleared } from '../run-slice.ts';
import type { TandemState } from '../types.ts';
import type { DemoSlice } from './demo-types.ts';
import { recordingContext } from './recording-context.ts';
import type { Trace } from './trace-format.ts';
import { parseTrace } from './trace-parse.ts';
import { type Pacing, type PlayerClock, TracePlayer } from './trace-player.ts';
import { TraceRecorder } from './trace-recorder.ts';

/** The page's clock: performance.now and setTimeout. */
export const browserClock: PlayerClock = {
  now: () => performance.now(),
  schedule: (callback, ms) => {
    const id = setTimeout(callback, ms);
    return () => clearTimeout(id);
  },
};

/** Slow motion's default time per target pass: long enough to read the drafts before the verdict. */
export const DEFAULT_PASS_MS = 1600;

/**
 * Records every live run, and replays traces through displayRunEvent, the path live events take,
 * so a replay draws the same overlay and charts. In slow motion a live run is recorded as it
 * comes and shown by a player that follows the recording at the presenter's pace.
 */
export function createDemoSlice(clock: PlayerClock = browserClock): StateCreator<TandemState, [], [], DemoSlice> {
  return (set, get, store) => {
    let recorder: TraceRecorder | null = null;
    let player: TracePlayer | null = null;
    /** True while the player shows the live run (slow motion), false for a trace replay. */
    let followsLive = false;

    const pacing = (): Pacing => {
      const { slowMotion, passMs, replaySpeed } = get();
      return slowMotion ? { kind: 'per-pass', passMs } : { kind: 'real', speed: replaySpeed };
    };

    const newPlayer = (source: 'trace' | 'live'): TracePlayer => {
      player?.dispose();
      followsLive = source === 'live';
      const created: TracePlayer = new TracePlayer(
        {
          deliver: (event) => set((state) => displayRunEvent(state, event)),
          preview: (step) => set({ draftPreview: step }),
          progress: (progress) => {
            if (player === created) set({ playback: { source, ...progress } });
          },
        },
        clock,
        pacing(),
      );
      player = created;
      return created;
    };

    const dropPlayer = (): void => {
      player?.dispose();
      player = null;
      followsLive = false;
    };

    // A live run that fails shows what it streamed at once, whatever the slow motion's pace.
    store.subscribe((state, previous) => {
      if (state.run === 'failed' && previous.run !== 'failed' && followsLive) {
        player?.flush();
        dropPlayer();
        set({ playback: null, draftPreview: null });
      }
    });

    return {
      passes: [],
      racePasses: [],
      draftPreview: null,
      playback: null,
      hasRecording: false,
      openedTrace: null,
      traceProblem: null,
      slowMotion: false,
      passMs: DEFAULT_PASS_MS,
      replaySpeed: 1,
      presenter: false,
      chartsShown: true,

      beginLiveRun: (request) => {
        dropPlayer();
        recorder = new TraceRecorder(recordingContext(get(), request, new Date()), clock.now());
        set({ passes: [], racePasses: [], draftPreview: null, playback: null, hasRecording: true });
        if (get().slowMotion) newPlayer('live').play();
      },

      receiveLiveEvents: (events: readonly TranslateEvent[]) => {
        if (player && followsLive) {
          for (const event of events) get().receiveLiveEvent(event);
          return;
        }
        for (const event of events) recorder?.push(event, clock.now());
        set((state) => displayRunEvents(state, events));
      },

      receiveLiveEvent: (event: TranslateEvent) => {
        const timed = recorder?.push(event, clock.now());
        if (player && followsLive && timed) {
          player.append(timed);
          if (event.type === 'done') player.finish();
          return;
        }
        set((state) => displayRunEvent(state, event));
      },

      lastRunTrace: (): Trace | null => {
        if (!recorder) return null;
        const running = get().run === 'running' || get().run === 'stopping';
        return running && !recorder.finished ? null : recorder.trace(clock.now());
      },

      openTraceText: (text, fileName) => {
        try {
          set({ openedTrace: { trace: parseTrace(text), fileName }, traceProblem: null });
          return true;
        } catch (error) {
          set({ traceProblem: { fileName, error: errorInfo(error) } });
          return false;
        }
      },

      openTraceFile: async (file) => {
        let text: string;
        try {
          text = await file.text();
        } catch (error) {
          set({ traceProblem: { fileName: file.name, error: errorInfo(error) } });
          return false;
        }
        return get().openTraceText(text, file.name);
      },

      startReplay: (options) => {
        const opened = get().openedTrace;
        if (!opened) return;
        const { run, playback } = get();
        if ((run === 'running' || run === 'stopping') && playback?.source !== 'trace') {
          set({ notice: 'A translation is running: stop it before replaying a trace.' });
          return;
        }
        const replay = newPlayer('trace');
        set({
          ...cleared(),
          passes: [],
          racePasses: [],
          draftPreview: null,
          run: 'running',
          mode: opened.trace.run.mode,
        });
        replay.append(...opened.trace.events);
        replay.finish();
        if (!options?.paused) replay.play();
      },

      playbackPlay: () => player?.play(),
      playbackPause: () => player?.pause(),
      playbackStep: () => {
        // With no replay under way, Step starts the opened trace's again, at its first pass.
        const idle = !player || (!followsLive && player.progress.state === 'ended');
        if (idle && get().openedTrace) get().startReplay({ paused: true });
        player?.step();
      },

      stopPlayback: () => {
        if (!player) return false;
        if (followsLive) {
          player.flush();
          dropPlayer();
          set({ playback: null, draftPreview: null });
          return false;
        }
        const ended = player.progress.state === 'ended';
        dropPlayer();
        set({ playback: null, draftPreview: null });
        if (!ended) set({ run: 'done', finishReason: 'aborted', notice: 'Replay stopped.' });
        return true;
      },

      setSlowMotion: (slowMotion) => {
        set({ slowMotion });
        player?.setPacing(pacing());
      },
      setPassMs: (passMs) => {
        set({ passMs });
        player?.setPacing(pacing());
      },
      setReplaySpeed: (replaySpeed) => {
        set({ replaySpeed });
        player?.setPacing(pacing());
      },
      setPresenter: (presenter) => set({ presenter }),
      setChartsShown: (chartsShown) => set({ chartsShown }),
    };
  };
}
