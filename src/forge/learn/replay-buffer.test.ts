import { describe, expect, it } from 'vitest';
import {
  addToReplayBuffer,
  emptyReplayBuffer,
  HELD_OUT_EVERY,
  heldOutEntries,
  isHeldOut,
  trainingExamples,
  type ReplayEntry,
} from './replay-buffer.ts';

const entry = (n: number, at = n): ReplayEntry => ({ prompt: [1, 100 + n], response: [200 + n, 2], at });

describe('replay buffer', () => {
  it('keeps the newest entries up to its capacity, oldest out first', () => {
    let buffer = emptyReplayBuffer(3);
    for (let n = 0; n < 5; n++) buffer = addToReplayBuffer(buffer, entry(n));
    expect(buffer.entries.map((e) => e.at)).toEqual([2, 3, 4]);
  });

  it('replaces a repeated prompt instead of storing it twice', () => {
    let buffer = addToReplayBuffer(emptyReplayBuffer(8), entry(1, 10));
    buffer = addToReplayBuffer(buffer, entry(2, 11));
    buffer = addToReplayBuffer(buffer, { ...entry(1, 12), response: [999, 2] });
    expect(buffer.entries.map((e) => [e.prompt[1], e.at])).toEqual([
      [102, 11],
      [101, 12],
    ]);
    expect(buffer.entries[1]!.response).toEqual([999, 2]);
  });

  it('ignores empty prompts and outputs', () => {
    const buffer = addToReplayBuffer(emptyReplayBuffer(), { prompt: [], response: [1], at: 0 });
    expect(addToReplayBuffer(buffer, { prompt: [1], response: [], at: 0 }).entries).toEqual([]);
  });

  it('holds out about one prompt in HELD_OUT_EVERY, always the same ones, never in training', () => {
    let buffer = emptyReplayBuffer(1000);
    for (let n = 0; n < 1000; n++) buffer = addToReplayBuffer(buffer, entry(n));
    const held = heldOutEntries(buffer);
    const train = trainingExamples(buffer);
    expect(held.length + train.length).toBe(1000);
    expect(held.length / 1000).toBeGreaterThan(1 / HELD_OUT_EVERY - 0.05);
    expect(held.length / 1000).toBeLessThan(1 / HELD_OUT_EVERY + 0.05);
    const heldKeys = new Set(held.map((e) => e.prompt.join()));
    expect(train.some((e) => heldKeys.has(e.prompt.join()))).toBe(false);
    // The split depends on the prompt alone: the same prompt later is on the same side.
    expect(held.every((e) => isHeldOut({ prompt: [...e.prompt] }))).toBe(true);
  });
});
