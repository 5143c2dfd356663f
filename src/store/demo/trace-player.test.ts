import { describe, expect, it } from 'vitest';
import type { TranslateEvent, TranslateStep } from '../../protocol/protocol.ts';
import type { GenerationStats } from '../../speculative/events.ts';
import type { TimedEvent } from './trace-format.ts';
import { type Pacing, type PlayerClock, type PlayerProgress, TracePlayer } from './trace-player.ts';

/** A clock that moves only when told; timers fire in due order. */
class FakeClock implements PlayerClock {
  private time = 0;
  private timers: { due: number; callback: () => void; id: number }[] = [];
  private ids = 0;

  now(): number {
    return this.time;
  }

  schedule(callback: () => void, ms: number): () => void {
    const id = this.ids++;
    this.timers.push({ due: this.time + ms, callback, id });
    return () => {
      this.timers = this.timers.filter((timer) => timer.id !== id);
    };
  }

  advance(ms: number): void {
    const end = this.time + ms;
    for (;;) {
      this.timers.sort((a, b) => a.due - b.due || a.id - b.id);
      const timer = this.timers[0];
      if (!timer || timer.due > end) break;
      this.timers.shift();
      this.time = timer.due;
      timer.callback();
    }
    this.time = end;
  }
}

const STATS = { targetPasses: 0, emittedTokens: 0 } as GenerationStats;

function step(n: number, draftLength = 2): TranslateStep {
  const emitted = [{ id: n, text: `t${n}`, source: 'target' as const }];
  return {
    type: 'step',
    lane: 'speculative',
    step: n,
    segment: 0,
    paragraph: 0,
    draftLength,
    emitted,
    rejected: [],
    stats: STATS,
  };
}

const laneDone: TranslateEvent = {
  type: 'lane-done',
  lane: 'speculative',
  finishReason: 'eos',
  stats: STATS,
  tail: '',
  text: '',
};
const done: TranslateEvent = { type: 'done', finishReason: 'eos', stats: STATS, tail: '', text: '', segments: 1 };

/** Steps at 100, 250 and 600 ms, then lane-done and done at 610 ms. */
const RECORDED: TimedEvent[] = [
  { atMs: 100, event: step(0, 0) },
  { atMs: 250, event: step(1) },
  { atMs: 600, event: step(2) },
  { atMs: 610, event: laneDone },
  { atMs: 610, event: done },
];

function setup(pacing: Pacing, events: TimedEvent[] = RECORDED, finished = true) {
  const clock = new FakeClock();
  const delivered: string[] = [];
  const previews: (number | null)[] = [];
  let progress: PlayerProgress | null = null;
  const player = new TracePlayer(
    {
      deliver: (event) => delivered.push(event.type === 'step' ? `step ${event.step}` : event.type),
      preview: (s) => previews.push(s?.step ?? null),
      progress: (p) => void (progress = p),
    },
    clock,
    pacing,
  );
  player.append(...events);
  if (finished) player.finish();
  return { clock, delivered, previews, player, progress: () => progress };
}

describe('TracePlayer at real speed', () => {
  it('delivers each event when its recorded time comes, not before', () => {
    const { clock, delivered, player, progress } = setup({ kind: 'real', speed: 1 });
    expect(progress()).toEqual({ state: 'paused', passesShown: 0, passesTotal: 3 });
    player.play();
    expect(delivered).toEqual([]);
    clock.advance(99);
    expect(delivered).toEqual([]);
    clock.advance(1);
    expect(delivered).toEqual(['step 0']);
    clock.advance(149);
    expect(delivered).toEqual(['step 0']);
    clock.advance(1);
    expect(delivered).toEqual(['step 0', 'step 1']);
    clock.advance(360);
    expect(delivered).toEqual(['step 0', 'step 1', 'step 2', 'lane-done', 'done']);
    expect(progress()).toEqual({ state: 'ended', passesShown: 3, passesTotal: 3 });
  });

  it('slowed, stretches the recorded times by 1/speed', () => {
    const { clock, delivered, player } = setup({ kind: 'real', speed: 0.25 });
    player.play();
    clock.advance(399);
    expect(delivered).toEqual([]);
    clock.advance(1);
    expect(delivered).toEqual(['step 0']);
    clock.advance(600);
    expect(delivered).toEqual(['step 0', 'step 1']);
  });

  it('pause holds the trace time; play goes on from it', () => {
    const { clock, delivered, player, progress } = setup({ kind: 'real', speed: 1 });
    player.play();
    clock.advance(200); // trace time 200: step 0 shown, step 1 due in 50 ms
    player.pause();
    expect(progress()?.state).toBe('paused');
    clock.advance(10_000);
    expect(delivered).toEqual(['step 0']);
    player.play();
    clock.advance(49);
    expect(delivered).toEqual(['step 0']);
    clock.advance(1);
    expect(delivered).toEqual(['step 0', 'step 1']);
  });

  it('step shows one pass at a time, paused; the last step brings the run’s end', () => {
    const { delivered, player, progress } = setup({ kind: 'real', speed: 1 });
    player.step();
    expect(delivered).toEqual(['step 0']);
    expect(progress()).toEqual({ state: 'paused', passesShown: 1, passesTotal: 3 });
    player.step();
    expect(delivered).toEqual(['step 0', 'step 1']);
    player.step();
    expect(delivered).toEqual(['step 0', 'step 1', 'step 2', 'lane-done', 'done']);
    expect(progress()?.state).toBe('ended');
    player.step();
    expect(delivered).toHaveLength(5);
  });

  it('after a step, playing resumes from that pass’s recorded time', () => {
    const { clock, delivered, player } = setup({ kind: 'real', speed: 1 });
    player.step(); // at 100 ms
    player.play();
    clock.advance(149);
    expect(delivered).toEqual(['step 0']);
    clock.advance(1);
    expect(delivered).toEqual(['step 0', 'step 1']);
  });

  it('follows a live source that is still growing, and ends when it finishes', () => {
    const { clock, delivered, player, progress } = setup({ kind: 'real', speed: 1 }, RECORDED.slice(0, 2), false);
    player.play();
    clock.advance(300);
    expect(delivered).toEqual(['step 0', 'step 1']);
    expect(progress()?.state).toBe('waiting');
    player.append(...RECORDED.slice(2));
    clock.advance(299);
    expect(delivered).toHaveLength(2);
    clock.advance(1);
    expect(delivered).toHaveLength(3);
    clock.advance(10);
    expect(delivered).toHaveLength(5);
    expect(progress()?.state).toBe('waiting');
    player.finish();
    expect(progress()?.state).toBe('ended');
  });

  it('dispose stops it for good', () => {
    const { clock, delivered, player } = setup({ kind: 'real', speed: 1 });
    player.play();
    player.dispose();
    clock.advance(1000);
    player.step();
    expect(delivered).toEqual([]);
  });
});

describe('TracePlayer in slow motion', () => {
  it('shows each pass’s drafts for half its time, then the verdict', () => {
    const { clock, delivered, previews, player } = setup({ kind: 'per-pass', passMs: 1000 });
    player.play();
    // Pass 0 drafted nothing: no preview, its verdict after half a pass.
    expect(previews).toEqual([null]);
    clock.advance(500);
    expect(delivered).toEqual(['step 0']);
    clock.advance(500);
    expect(previews.at(-1)).toBe(1);
    expect(delivered).toEqual(['step 0']);
    clock.advance(499);
    expect(delivered).toEqual(['step 0']);
    clock.advance(1);
    expect(delivered).toEqual(['step 0', 'step 1']);
    expect(previews.at(-1)).toBeNull();
    clock.advance(1000);
    expect(delivered).toEqual(['step 0', 'step 1', 'step 2']);
    clock.advance(500);
    expect(delivered).toEqual(['step 0', 'step 1', 'step 2', 'lane-done', 'done']);
  });

  it('a pause mid-preview keeps the drafts on show; step gives the verdict', () => {
    const { clock, delivered, previews, player } = setup({ kind: 'per-pass', passMs: 1000 });
    player.play();
    clock.advance(1000); // pass 1's drafts on show
    player.pause();
    clock.advance(5000);
    expect(delivered).toEqual(['step 0']);
    expect(previews.at(-1)).toBe(1);
    player.step();
    expect(delivered).toEqual(['step 0', 'step 1']);
    expect(previews.at(-1)).toBeNull();
  });

  it('switching to real time mid-run goes on from the last pass shown', () => {
    const { clock, delivered, player } = setup({ kind: 'per-pass', passMs: 1000 });
    player.play();
    clock.advance(500); // step 0 (recorded at 100 ms) shown
    player.setPacing({ kind: 'real', speed: 1 });
    clock.advance(149);
    expect(delivered).toEqual(['step 0']);
    clock.advance(1);
    expect(delivered).toEqual(['step 0', 'step 1']);
  });

  it('flush shows everything received at once', () => {
    const { delivered, previews, player } = setup({ kind: 'per-pass', passMs: 1000 });
    player.play();
    player.flush();
    expect(delivered).toEqual(['step 0', 'step 1', 'step 2', 'lane-done', 'done']);
    expect(previews.at(-1)).toBeNull();
  });
});
