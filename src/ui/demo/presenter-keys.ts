import { PASS_TIMES, REPLAY_SPEEDS } from './pacing-options.ts';
import { PRESENTER_TEXTS } from './presenter-texts.ts';

/** What a key does in the presenter's view. */
export type PresenterCommand =
  | { kind: 'help' }
  | { kind: 'sample'; index: number }
  | { kind: 'translate' }
  | { kind: 'race' }
  | { kind: 'replay' }
  | { kind: 'pause' }
  | { kind: 'step' }
  | { kind: 'slow-motion' }
  | { kind: 'slower' }
  | { kind: 'faster' }
  | { kind: 'open' }
  | { kind: 'export' }
  | { kind: 'stop' }
  | { kind: 'escape' };

export interface PresenterKey {
  /** KeyboardEvent.key values that give the command. */
  keys: readonly string[];
  /** How the help shows the keys. */
  shown: string;
  does: string;
  command: PresenterCommand;
}

/** Every key of the presenter's view: the help (`?`) lists this table, and keydown reads it. */
export const PRESENTER_KEYS: readonly PresenterKey[] = [
  ...PRESENTER_TEXTS.map((sample, index) => ({
    keys: [String(index + 1)],
    shown: String(index + 1),
    does: `translate sample text ${index + 1} (${sample.title}) with the chosen model, or the demo`,
    command: { kind: 'sample', index } as const,
  })),
  { keys: ['Enter'], shown: 'Enter', does: 'translate the text in the source box', command: { kind: 'translate' } },
  { keys: ['a'], shown: 'A', does: 'race against autoregressive decoding on or off', command: { kind: 'race' } },
  { keys: ['r'], shown: 'R', does: 'replay the opened trace from the start', command: { kind: 'replay' } },
  { keys: [' '], shown: 'Space', does: 'pause or resume', command: { kind: 'pause' } },
  {
    keys: ['ArrowRight', 'n'],
    shown: '→ or N',
    does: 'step forward one target pass (pauses)',
    command: { kind: 'step' },
  },
  {
    keys: ['s'],
    shown: 'S',
    does: 'slow motion on or off: each pass held, drafts before the verdict',
    command: { kind: 'slow-motion' },
  },
  { keys: ['-', 'ArrowDown'], shown: '− or ↓', does: 'slower', command: { kind: 'slower' } },
  { keys: ['+', '=', 'ArrowUp'], shown: '+ or ↑', does: 'faster', command: { kind: 'faster' } },
  { keys: ['o'], shown: 'O', does: 'open a trace file', command: { kind: 'open' } },
  { keys: ['e'], shown: 'E', does: 'export the last run as a trace', command: { kind: 'export' } },
  { keys: ['x'], shown: 'X', does: 'stop the run or replay', command: { kind: 'stop' } },
  { keys: ['?'], shown: '?', does: 'show or hide these keys', command: { kind: 'help' } },
  {
    keys: ['Escape'],
    shown: 'Esc',
    does: 'close these keys; else stop what runs; else leave the presenter’s view',
    command: { kind: 'escape' },
  },
];

/** The command for a key press, or null (modified presses are the browser's). */
export function commandForKey(event: Pick<KeyboardEvent, 'key' | 'ctrlKey' | 'metaKey' | 'altKey'>) {
  if (event.ctrlKey || event.metaKey || event.altKey) return null;
  const key = event.key.length === 1 ? event.key.toLowerCase() : event.key;
  return PRESENTER_KEYS.find((entry) => entry.keys.includes(key))?.command ?? null;
}

/** Slow motion: the next longer (slower) or shorter pass time offered. */
export function nextPassMs(current: number, direction: 'slower' | 'faster'): number {
  const times = [...PASS_TIMES];
  if (direction === 'slower') return times.find((ms) => ms > current) ?? times[times.length - 1];
  return [...times].reverse().find((ms) => ms < current) ?? times[0];
}

/** Replay: the next lower (slower) or higher speed offered. */
export function nextReplaySpeed(current: number, direction: 'slower' | 'faster'): number {
  const speeds = [...REPLAY_SPEEDS]; // fastest first
  if (direction === 'slower') return speeds.find((speed) => speed < current) ?? speeds[speeds.length - 1];
  return [...speeds].reverse().find((speed) => speed > current) ?? speeds[0];
}
