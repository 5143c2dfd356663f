import type { TranslateEvent, TranslateStep } from '../../protocol/protocol.ts';
import type { TimedEvent } from './trace-format.ts';

/**
 * Plays recorded run events back into a sink (the store's one path for run events), so a replay
 * shows exactly what the live run showed. Pure: time comes from an injected clock, so tests drive
 * it with a fake one. The source may still be growing (a live run followed in slow motion):
 * `append` adds events, `finish` says no more will come.
 */

export type Pacing =
  /** As recorded, scaled: speed 1 is real time, 0.25 four times slower. */
  | { kind: 'real'; speed: number }
  /** Slow motion: each target pass takes passMs; for its first half its drafts show, then the verdict. */
  | { kind: 'per-pass'; passMs: number };

export interface PlayerClock {
  now(): number;
  /** Calls back once after ms; returns a function that cancels it. */
  schedule(callback: () => void, ms: number): () => void;
}

/** 'waiting': playing, but a live source has sent nothing more yet. */
export type PlayerState = 'playing' | 'paused' | 'waiting' | 'ended';

export interface PlayerProgress {
  state: PlayerState;
  /** Target passes (step events) delivered, and known so far. */
  passesShown: number;
  passesTotal: number;
}

export interface PlayerSink {
  deliver(event: TranslateEvent): void;
  /** Slow motion: a pass's drafts before the target's verdict; null once the verdict is shown. */
  preview(step: TranslateStep | null): void;
  progress(progress: PlayerProgress): void;
}

export class TracePlayer {
  private readonly events: TimedEvent[] = [];
  private next = 0;
  private finished = false;
  private disposed = false;
  private paused = true;
  private pacing: Pacing;
  private cancelTimer: (() => void) | null = null;
  /** Trace time reached, ms: where real-time pacing resumes from. */
  private traceMs = 0;
  /** While playing in real time: the wall time and trace time playback is measured from. */
  private anchor: { wall: number; trace: number } | null = null;
  /** Slow motion: the step whose drafts are on show, its verdict still to come. */
  private previewing: TranslateStep | null = null;
  private passesShown = 0;
  private passesTotal = 0;

  constructor(
    private readonly sink: PlayerSink,
    private readonly clock: PlayerClock,
    pacing: Pacing,
  ) {
    this.pacing = pacing;
  }

  /** Adds recorded events (a live source calls this as they arrive). */
  append(...events: TimedEvent[]): void {
    if (this.disposed) return;
    for (const timed of events) {
      this.events.push(timed);
      if (timed.event.type === 'step') this.passesTotal += 1;
    }
    if (!this.paused && this.cancelTimer === null) this.pump();
    else this.report();
  }

  /** No more events will come: the player ends after the last one. */
  finish(): void {
    this.finished = true;
    if (!this.paused && this.cancelTimer === null) this.pump();
    else this.report();
  }

  play(): void {
    if (this.disposed || !this.paused) return;
    this.paused = false;
    this.anchor = { wall: this.clock.now(), trace: this.traceMs };
    // A pass paused mid-preview gets its full preview time again before the verdict.
    if (this.previewing && this.pacing.kind === 'per-pass') this.wait(this.pacing.passMs / 2);
    else this.pump();
  }

  pause(): void {
    if (this.disposed || this.paused) return;
    this.traceMs = this.traceNow();
    this.paused = true;
    this.anchor = null;
    this.stopTimer();
    this.report();
  }

  /** Pauses, then shows the next target pass at once, with the events up to the pass after it. */
  step(): void {
    if (this.disposed) return;
    this.pause();
    this.setPreview(null);
    const stepAt = this.events.findIndex((timed, index) => index >= this.next && timed.event.type === 'step');
    if (stepAt < 0) {
      if (this.finished) this.deliverThrough(this.events.length - 1);
    } else {
      const following = this.events.findIndex((timed, index) => index > stepAt && timed.event.type === 'step');
      // The next pass's events wait for it; those after the last pass (lane-done, done) come with it.
      const endsAt = following >= 0 ? following - 1 : this.finished ? this.events.length - 1 : stepAt;
      this.deliverThrough(endsAt);
    }
    this.report();
  }

  setPacing(pacing: Pacing): void {
    if (this.disposed) return;
    const wasPlaying = !this.paused;
    if (wasPlaying) this.pause();
    if (pacing.kind !== 'per-pass') this.setPreview(null);
    this.pacing = pacing;
    if (wasPlaying) this.play();
  }

  /** Shows every event received so far at once (a followed live run that was stopped). */
  flush(): void {
    if (this.disposed) return;
    this.stopTimer();
    this.setPreview(null);
    this.deliverThrough(this.events.length - 1);
    this.report();
  }

  dispose(): void {
    this.stopTimer();
    this.disposed = true;
  }

  get progress(): PlayerProgress {
    return { state: this.state(), passesShown: this.passesShown, passesTotal: this.passesTotal };
  }

  private state(): PlayerState {
    if (this.next >= this.events.length && this.finished) return 'ended';
    if (this.paused) return 'paused';
    return this.next >= this.events.length ? 'waiting' : 'playing';
  }

  /** Delivers whatever is due and sets a timer for what comes next. */
  private pump = (): void => {
    this.cancelTimer = null;
    if (this.disposed || this.paused) return;
    if (this.pacing.kind === 'real') this.pumpRealTime(this.pacing.speed);
    else this.pumpPerPass(this.pacing.passMs);
    this.report();
  };

  private pumpRealTime(speed: number): void {
    const anchor = this.anchor ?? { wall: this.clock.now(), trace: this.traceMs };
    while (this.next < this.events.length) {
      const dueIn = anchor.wall + (this.events[this.next].atMs - anchor.trace) / speed - this.clock.now();
      if (dueIn > 0) {
        this.wait(dueIn);
        return;
      }
      this.deliverThrough(this.next);
    }
  }

  private pumpPerPass(passMs: number): void {
    while (this.next < this.events.length) {
      const { event } = this.events[this.next];
      if (event.type !== 'step') {
        this.deliverThrough(this.next);
        continue;
      }
      if (this.previewing !== event) {
        // First half of the pass: its drafts (if any), the verdict still to come.
        this.setPreview(event);
        this.wait(passMs / 2);
        return;
      }
      this.setPreview(null);
      this.deliverThrough(this.next);
      this.wait(passMs / 2);
      return;
    }
  }

  private deliverThrough(last: number): void {
    for (; this.next <= last; this.next++) {
      const { atMs, event } = this.events[this.next];
      this.traceMs = Math.max(this.traceMs, atMs);
      if (event.type === 'step') this.passesShown += 1;
      this.sink.deliver(event);
    }
  }

  private traceNow(): number {
    if (!this.anchor || this.pacing.kind !== 'real') return this.traceMs;
    const elapsed = (this.clock.now() - this.anchor.wall) * this.pacing.speed;
    const nextAt = this.events[this.next]?.atMs ?? Number.POSITIVE_INFINITY;
    return Math.min(this.anchor.trace + elapsed, nextAt);
  }

  private setPreview(step: TranslateStep | null): void {
    if (this.previewing === step) return;
    this.previewing = step;
    this.sink.preview(step && step.draftLength > 0 ? step : null);
  }

  private wait(ms: number): void {
    this.stopTimer();
    this.cancelTimer = this.clock.schedule(this.pump, ms);
  }

  private stopTimer(): void {
    this.cancelTimer?.();
    this.cancelTimer = null;
  }

  private report(): void {
    if (!this.disposed) this.sink.progress(this.progress);
  }
}
