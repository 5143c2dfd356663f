/**
 * Collects items that arrive faster than the page paints (a worker event per decoding step) and
 * hands them over at most once a frame: one store update, one render, per frame, however many
 * steps the worker made in it. `flush()` hands over at once (a run's end must not wait for
 * a frame, and a hidden tab has none); `clear()` drops what waits (a new run began).
 */
export interface FrameBatcher<T> {
  push(item: T): void;
  flush(): void;
  clear(): void;
}

export type ScheduleFrame = (callback: () => void) => void;

/**
 * A frame's time (16 ms) on a timer, deliberately not requestAnimationFrame: a rAF callback runs
 * inside the frame's own task, so the store update and React's commit join that frame's style,
 * layout and paint and the whole frame becomes one long task. Measured with `npm run
 * bench:longtasks` (1 024 tokens, headless Chromium): tens of long tasks with rAF, about none with
 * the timer, which commits between frames. A timer also keeps running in a hidden tab (throttled).
 */
export const nextFrame: ScheduleFrame = (callback) => {
  setTimeout(callback, FRAME_MS);
};

const FRAME_MS = 16;

export function frameBatcher<T>(apply: (items: T[]) => void, schedule: ScheduleFrame = nextFrame): FrameBatcher<T> {
  let pending: T[] = [];
  let scheduled = false;
  const flush = (): void => {
    scheduled = false;
    if (pending.length === 0) return;
    const items = pending;
    pending = [];
    apply(items);
  };
  return {
    push(item) {
      pending.push(item);
      if (scheduled) return;
      scheduled = true;
      schedule(flush);
    },
    flush,
    clear() {
      pending = [];
    },
  };
}
