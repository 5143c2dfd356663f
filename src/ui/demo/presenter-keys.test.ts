import { describe, expect, it } from 'vitest';
import { commandForKey, nextPassMs, nextReplaySpeed, PRESENTER_KEYS } from './presenter-keys.ts';

const press = (key: string, modifiers: Partial<Record<'ctrlKey' | 'metaKey' | 'altKey', boolean>> = {}) =>
  commandForKey({ key, ctrlKey: false, metaKey: false, altKey: false, ...modifiers });

describe('presenter keys', () => {
  it('maps each documented key to its command, letters in either case', () => {
    expect(press('1')).toEqual({ kind: 'sample', index: 0 });
    expect(press('3')).toEqual({ kind: 'sample', index: 2 });
    expect(press(' ')).toEqual({ kind: 'pause' });
    expect(press('ArrowRight')).toEqual({ kind: 'step' });
    expect(press('N')).toEqual({ kind: 'step' });
    expect(press('?')).toEqual({ kind: 'help' });
    expect(press('Escape')).toEqual({ kind: 'escape' });
    expect(press('=')).toEqual({ kind: 'faster' });
  });

  it('leaves other keys and modified presses to the browser', () => {
    expect(press('9')).toBeNull();
    expect(press('Tab')).toBeNull();
    expect(press('r', { ctrlKey: true })).toBeNull();
  });

  it('gives every key one command only', () => {
    const keys = PRESENTER_KEYS.flatMap((entry) => entry.keys);
    expect(new Set(keys).size).toBe(keys.length);
  });

  it('steps the pace through the offered values, stopping at the ends', () => {
    expect(nextPassMs(1600, 'slower')).toBe(3000);
    expect(nextPassMs(5000, 'slower')).toBe(5000);
    expect(nextPassMs(1600, 'faster')).toBe(800);
    expect(nextPassMs(800, 'faster')).toBe(800);
    expect(nextReplaySpeed(1, 'slower')).toBe(0.5);
    expect(nextReplaySpeed(0.1, 'slower')).toBe(0.1);
    expect(nextReplaySpeed(0.25, 'faster')).toBe(0.5);
    expect(nextReplaySpeed(1, 'faster')).toBe(1);
  });
});
