import { describe, expect, it } from 'vitest';
import { MAX_DRAFT_LENGTH } from '../speculative/draft-policy.ts';
import type { TandemWorkerApi } from '../protocol/protocol.ts';
import { DEMO_INFO } from '../protocol/testing/demo-info.ts';
import { bindSettingsStorage, restoreModelChoice } from './settings-storage.ts';
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

  it('remembers the chosen model and picks it again once the worker is connected', async () => {
    const storage = memoryStorage();
    const first = createTandemStore();
    bindSettingsStorage(first, storage);
    await first.getState().selectModel('demo'); // no worker here: the choice is stored all the same
    expect(JSON.parse(storage.data.get('tandem.settings.v1')!)).toMatchObject({ model: 'demo' });

    const second = createTandemStore();
    bindSettingsStorage(second, storage);
    expect(second.getState().model).toBe('none'); // nothing loads before there is a worker
    const loads: string[] = [];
    second.getState().setApi({ loadDemo: async () => (loads.push('demo'), DEMO_INFO) } as unknown as TandemWorkerApi);
    await restoreModelChoice(second, storage);
    expect(second.getState()).toMatchObject({ model: 'demo', demo: { phase: 'ready' } });
    expect(loads).toEqual(['demo']);
  });

  it('does not pick again an imported model that is gone, nor anything unknown', async () => {
    for (const model of ['target:user:deleted', 'warp', 42]) {
      const store = createTandemStore();
      await restoreModelChoice(store, memoryStorage({ 'tandem.settings.v1': JSON.stringify({ model }) }));
      expect(store.getState().model).toBe('none');
    }
  });
});
