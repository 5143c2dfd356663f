import { describe, expect, it } from 'vitest';
import { MAX_DRAFT_LENGTH } from '../speculative/draft-policy.ts';
import { bindSettingsStorage } from './settings-storage.ts';
import { createTandemStore } from './tandem-store.ts';

function memoryStorage(initial: Record<string, string> = {}) {
  const data = new Map(Object.entries(initial));
  return { getItem: (k: string) => data.get(k) ?? null, setItem: (k: string, v: string) => void data.set(k, v), data };
}

describe('settings storage', () => {
  it('writes settings on change and restores them in a new store', () => {
    const storage = memoryStorage();
    const first = createTandemStore();
    bindSettingsStorage(first, storage);
    first.getState().setDraftPolicy('fixed');
    first.getState().setDraftLength(3);
    first.getState().setDecoding('sample');
    first.getState().setSourceText('never stored');
    expect([...storage.data.values()].join()).not.toContain('never stored');

    const second = createTandemStore();
    bindSettingsStorage(second, storage);
    expect(second.getState()).toMatchObject({ draftPolicy: 'fixed', draftLength: 3, decoding: 'sample' });
  });

  it('clamps or ignores bad stored values and survives garbage', () => {
    const store = createTandemStore();
    bindSettingsStorage(
      store,
      memoryStorage({ 'tandem.settings.v1': '{"draftLength":500,"draftPolicy":"yolo","race":"yes"}' }),
    );
    expect(store.getState()).toMatchObject({ draftLength: MAX_DRAFT_LENGTH, draftPolicy: 'heuristic', race: false });
    const other = createTandemStore();
    expect(() => bindSettingsStorage(other, memoryStorage({ 'tandem.settings.v1': '{not json' }))).not.toThrow();
    expect(bindSettingsStorage(createTandemStore(), undefined)).toBeTypeOf('function');
  });
});
