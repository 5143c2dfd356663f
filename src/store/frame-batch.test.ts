import { describe, expect, it } from 'vitest';
import { frameBatcher } from './frame-batch.ts';

/** Frames the test fires by hand. */
function manualFrames() {
  const callbacks: (() => void)[] = [];
  return {
    schedule: (callback: () => void) => void callbacks.push(callback),
    fire: () => callbacks.splice(0).forEach((callback) => callback()),
    waiting: () => callbacks.length,
  };
}

describe('frameBatcher', () => {
  it('hands over everything that arrived in a frame in one call, in order', () => {
    const frames = manualFrames();
    const applied: number[][] = [];
    const batch = frameBatcher<number>((items) => applied.push(items), frames.schedule);
    for (let step = 1; step <= 5; step++) batch.push(step);
    expect(applied).toEqual([]); // nothing before the frame
    expect(frames.waiting()).toBe(1); // one frame asked for, not five
    frames.fire();
    expect(applied).toEqual([[1, 2, 3, 4, 5]]);
    batch.push(6);
    frames.fire();
    expect(applied).toEqual([[1, 2, 3, 4, 5], [6]]);
  });

  it('flushes at once when asked, and drops what waits on clear', () => {
    const frames = manualFrames();
    const applied: number[][] = [];
    const batch = frameBatcher<number>((items) => applied.push(items), frames.schedule);
    batch.push(1);
    batch.flush();
    expect(applied).toEqual([[1]]);
    frames.fire(); // the frame asked for earlier finds nothing left
    expect(applied).toEqual([[1]]);
    batch.push(2);
    batch.clear();
    frames.fire();
    expect(applied).toEqual([[1]]);
  });
});
