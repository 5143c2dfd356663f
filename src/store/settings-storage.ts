import type { StoreApi } from 'zustand/vanilla';
import { isTargetChoice } from './model-slice.ts';
import type { ModelChoice, SettingsSlice, TandemState } from './types.ts';

/**
 * Settings and the chosen model survive a reload through localStorage: only these knobs, never
 * the text or its translation. Restored values go through the slices' own setters, so a
 * hand-edited or outdated entry is clamped or ignored rather than trusted.
 */
const KEY = 'tandem.settings.v1';

type Stored = Partial<Record<keyof SettingsSlice | 'model', unknown>>;
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
  'model',
] as const;

function readStored(storage: Storage): Stored {
  try {
    const saved: unknown = JSON.parse(storage.getItem(KEY) ?? '{}');
    return saved !== null && typeof saved === 'object' ? (saved as Stored) : {};
  } catch {
    return {}; // unreadable: keep the defaults
  }
}

export function restoreSettings<S extends TandemState>(store: StoreApi<S>, storage: Storage): void {
  const saved = readStored(storage);
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

/**
 * Picks the model chosen before the reload, once the worker is connected (picking one loads it
 * there). An imported model that is gone is not picked; the registry's targets are.
 */
export async function restoreModelChoice<S extends TandemState & { userModels?: readonly { id: string }[] }>(
  store: StoreApi<S>,
  storage: Storage | undefined = browserStorage(),
): Promise<void> {
  const model = storage ? readStored(storage).model : undefined;
  if (typeof model !== 'string' || model === 'none' || store.getState().model !== 'none') return;
  if (!isKnownChoice(model, store.getState().userModels ?? [])) return;
  await store.getState().selectModel(model);
}

function isKnownChoice(model: string, userModels: readonly { id: string }[]): model is ModelChoice {
  if (model === 'demo') return true;
  if (!isTargetChoice(model as ModelChoice)) return false;
  const id = model.slice('target:'.length);
  return id.startsWith('user:') ? userModels.some((m) => `user:${m.id}` === id) : id !== '';
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
