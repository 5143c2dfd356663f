import type { TrainingExample } from '../../training/types.ts';

/**
 * Learning from use (Online Speculative Decoding, Liu et al. 2023): every finished greedy
 * translation adds (prompt, the target's output) to a local replay buffer. The buffer is plain data
 * (kept in IndexedDB by its owner), bounded, free of duplicates, and split for good: an entry is
 * held out by a hash of its prompt, so the same sentence is always on the same side and the
 * held-out α that decides a promotion is never measured on text the drafter trained on.
 */

export interface ReplayEntry {
  /** The whole prompt's token ids (system prompt and user turn). */
  prompt: number[];
  /** The target's output ids (its EOS appended when it ended there). */
  response: number[];
  /** When it was added (ms since the epoch): the oldest go first when the buffer is full. */
  at: number;
}

export interface ReplayBuffer {
  capacity: number;
  entries: ReplayEntry[];
}

export const DEFAULT_REPLAY_CAPACITY = 512;
/** One entry in this many is held out. */
export const HELD_OUT_EVERY = 5;

export function emptyReplayBuffer(capacity = DEFAULT_REPLAY_CAPACITY): ReplayBuffer {
  return { capacity, entries: [] };
}

/** The buffer with `entry` added: a repeated prompt replaces its older entry; past capacity the oldest goes. */
export function addToReplayBuffer(buffer: ReplayBuffer, entry: ReplayEntry): ReplayBuffer {
  if (entry.prompt.length === 0 || entry.response.length === 0) return buffer;
  const key = promptKey(entry.prompt);
  const kept = buffer.entries.filter((e) => promptKey(e.prompt) !== key);
  const entries = [...kept, entry];
  return { capacity: buffer.capacity, entries: entries.slice(Math.max(0, entries.length - buffer.capacity)) };
}

export function isHeldOut(entry: Pick<ReplayEntry, 'prompt'>): boolean {
  return hashTokens(entry.prompt) % HELD_OUT_EVERY === 0;
}

export function trainingExamples(buffer: ReplayBuffer): TrainingExample[] {
  return buffer.entries.filter((e) => !isHeldOut(e)).map(toExample);
}

export function heldOutEntries(buffer: ReplayBuffer): ReplayEntry[] {
  return buffer.entries.filter(isHeldOut);
}

function toExample(entry: ReplayEntry): TrainingExample {
  return { prompt: entry.prompt, response: entry.response };
}

function promptKey(prompt: readonly number[]): string {
  return prompt.join(',');
}

/** FNV-1a over the ids: stable across sessions and browsers. */
export function hashTokens(tokens: readonly number[]): number {
  let hash = 0x811c9dc5;
  for (const token of tokens) {
    for (let shift = 0; shift < 32; shift += 8) {
      hash ^= (token >>> shift) & 0xff;
      hash = Math.imul(hash, 0x01000193) >>> 0;
    }
  }
  return hash >>> 0;
}
