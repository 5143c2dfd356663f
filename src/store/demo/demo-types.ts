import type { TranslateEvent, TranslateRequest, TranslateStep } from '../../protocol/protocol.ts';
import type { ErrorInfo } from '../error-info.ts';
import type { PassRecord } from './pass-records.ts';
import type { Trace } from './trace-format.ts';
import type { PlayerState } from './trace-player.ts';

/** How a replay (or a live run in slow motion) stands; null while a live run shows as it comes. */
export interface PlaybackState {
  /** 'trace': a trace opened from a file; 'live': this tab's run, followed in slow motion. */
  source: 'trace' | 'live';
  state: PlayerState;
  passesShown: number;
  passesTotal: number;
}

export interface OpenedTrace {
  trace: Trace;
  fileName: string;
}

export interface TraceFileProblem {
  fileName: string;
  error: ErrorInfo;
}

/**
 * The live demo: what the charts draw, recording every run as a trace, replaying a trace through
 * the same path as live events, and the presenter's view and pacing.
 */
export interface DemoSlice {
  /** One record per target pass of the main output's lane (the speculative one in a race). */
  passes: PassRecord[];
  /** In a race: the autoregressive lane's passes. */
  racePasses: PassRecord[];
  /** Slow motion: the pass whose drafts are on show, before the target's verdict. */
  draftPreview: TranslateStep | null;
  playback: PlaybackState | null;
  /** A live run has been recorded this session (lastRunTrace has something to give once it ends). */
  hasRecording: boolean;
  /** The last trace opened from a file, ready to replay. */
  openedTrace: OpenedTrace | null;
  /** Why the last file could not be opened. */
  traceProblem: TraceFileProblem | null;
  /** Slow motion: every target pass (live or replayed) takes passMs, drafts first, then the verdict. */
  slowMotion: boolean;
  passMs: number;
  /** A replay's speed when not in slow motion: 1 = as recorded. */
  replaySpeed: number;
  presenter: boolean;
  /** The charts can be hidden (they cost a little on every pass; the replay bench compares both). */
  chartsShown: boolean;

  /** The run slice: a live run starts (recording begins, the charts clear). */
  beginLiveRun(request: TranslateRequest): void;
  /** The run slice: an event of the live run in view. */
  receiveLiveEvent(event: TranslateEvent): void;
  /** Several step events at once (one frame's worth): recorded one by one, shown in one update. */
  receiveLiveEvents(events: readonly TranslateEvent[]): void;
  /** The last live run as a trace (a stopped run's ends with an 'aborted' done); null before any run. */
  lastRunTrace(): Trace | null;
  /** Parses a trace file's text: openedTrace, or traceProblem saying what is wrong. */
  openTraceText(text: string, fileName: string): boolean;
  /** Reads a chosen or dropped file, then as openTraceText. */
  openTraceFile(file: File): Promise<boolean>;
  /** Replays the opened trace from its start, paused when `paused`. */
  startReplay(options?: { paused?: boolean }): void;
  playbackPlay(): void;
  playbackPause(): void;
  /** Pauses and shows the next target pass (with nothing playing: the opened trace's first). */
  playbackStep(): void;
  /** Ends a replay where it is (true), or catches a slowed live run up at once (false); false when neither. */
  stopPlayback(): boolean;
  setSlowMotion(on: boolean): void;
  setPassMs(ms: number): void;
  setReplaySpeed(speed: number): void;
  setPresenter(on: boolean): void;
  setChartsShown(on: boolean): void;
}
