import type { StoreApi } from 'zustand/vanilla';
import type { SettingsSlice, TandemState } from './types.ts';

/**
 * Settings survive a reload through localStorage: only these knobs, never the text or its
 * translation. Restored values go through the slice's own setters, so a hand-edited or outdated
 * entry is clamped or ignored rather than trusted.
 */
const KEY = 'tandem.settings.v1';

type Stored = Partial<Record<keyof SettingsSlice, unknown>>;
type Storage = Pick<globalThis.Storage, 'getItem' | 'setItem'>;

const PERSISTED = [
  'maxNewTokens',
  'decoding',
  'temperature',
  'topP',
  'draftPolicy',
  'draftLength',
  'drafter',
  'race',
  'showRejected',
] as const;

export function restoreSettings<S extends TandemState>(store: StoreApi<S>, storage: Storage): void {
  let saved: Stored;
  try {
    saved = JSON.parse(storage.getItem(KEY) ?? '{}') as Stored;
  } catch {
    return; // unreadable: keep the defaults
  }
  const s = store.getState();
  const number = (value: unknown, apply: (n: number) => void) => typeof value === 'number' && apply(value);
  const oneOf = <T extends string>(value: unknown, allowed: readonly T[], apply: (v: T) => void) =>
    allowed.includes(value as T) && apply(value as T);
  number(saved.maxNewTokens, s.setMaxNewTokens);
  number(saved.temperature, s.setTemperature);
  number(saved.topP, s.setTopP);
  number(saved.draftLength, s.setDraftLength);
  oneOf(saved.decoding, ['greedy', 'sample'] as const, s.setDecoding);
  oneOf(saved.draftPolicy, ['fixed', 'heuristic', 'confidence'] as const, s.setDraftPolicy);
  oneOf(saved.drafter, ['auto', 'none'] as const, s.setDrafter);
  if (typeof saved.race === 'boolean') store.getState().setRace(saved.race && store.getState().drafter !== 'none');
  if (typeof saved.showRejected === 'boolean') s.setShowRejected(saved.showRejected);
}

/** Restores, then writes the settings back whenever one changes. Returns the unsubscribe. */
export function bindSettingsStorage<S extends TandemState>(
  store: StoreApi<S>,
  storage: Storage | undefined = browserStorage(),
): () => void {
  if (!storage) return () => {};
  restoreSettings(store, storage);
  return store.subscribe((state, previous) => {
    if (PERSISTED.every((key) => state[key] === previous[key])) return;
    try {
      storage.setItem(KEY, JSON.stringify(Object.fromEntries(PERSISTED.map((key) => [key, state[key]]))));
    } catch {
      // Storage full or denied (private mode): settings just won't survive a reload.
    }
  });
}

/** localStorage where there is one (not in Node tests, not where the browser denies it). */
function browserStorage(): Storage | undefined {
  try {
    return globalThis.localStorage ?? undefined;
  } catch {
    return undefined;
  }
}
