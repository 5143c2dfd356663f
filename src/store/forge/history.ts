/**
 * The user's own past source texts, kept only when they opt in and only in this browser
 * (localStorage), for the forge's "your past translations" corpus. Bounded: the newest stay.
 */
export const HISTORY_KEY = 'tandem-translation-history';
export const HISTORY_OPT_IN_KEY = 'tandem-translation-history-opt-in';
export const HISTORY_LIMIT = 2000;

type KeyValue = Pick<Storage, 'getItem' | 'setItem' | 'removeItem'>;

function storage(): KeyValue | undefined {
  try {
    return globalThis.localStorage;
  } catch {
    return undefined;
  }
}

export function loadHistory(store: KeyValue | undefined = storage()): string[] {
  try {
    const parsed: unknown = JSON.parse(store?.getItem(HISTORY_KEY) ?? '[]');
    return Array.isArray(parsed) ? parsed.filter((t): t is string => typeof t === 'string') : [];
  } catch {
    return [];
  }
}

export function addToHistory(text: string, store: KeyValue | undefined = storage()): void {
  const trimmed = text.trim();
  if (trimmed === '') return;
  const history = [...loadHistory(store).filter((t) => t !== trimmed), trimmed];
  store?.setItem(HISTORY_KEY, JSON.stringify(history.slice(-HISTORY_LIMIT)));
}

export function historyOptedIn(store: KeyValue | undefined = storage()): boolean {
  return store?.getItem(HISTORY_OPT_IN_KEY) === 'true';
}

/** Opting out forgets the history too. */
export function setHistoryOptIn(on: boolean, store: KeyValue | undefined = storage()): void {
  store?.setItem(HISTORY_OPT_IN_KEY, String(on));
  if (!on) store?.removeItem(HISTORY_KEY);
}
