import { describe, expect, it } from 'vitest';
import { createStore } from 'zustand/vanilla';
import { createModelStore } from '../models/storage/index.ts';
import { fakeEnvironment, pickedFile } from '../models/storage/fakes.test-support.ts';
import type { UserModel } from '../models/storage/user-models.ts';
import { createModelManagerSlice, type ModelManagerSlice } from './model-manager-slice.ts';

const DEMO_NAMES = ['config.json', 'generation_config.json', 'model.safetensors', 'onnx/model.onnx', 'tokenizer.json', 'tokenizer_config.json'];

function setup() {
  const files: Record<string, Uint8Array> = {};
  for (const id of ['tiny-target', 'tiny-drafter']) for (const name of DEMO_NAMES) files[`/models/${id}/${name}`] = new Uint8Array(1500);
  const env = fakeEnvironment(files);
  const saved: UserModel[][] = [];
  const store = createStore<ModelManagerSlice>()(
    createModelManagerSlice({
      store: () => createModelStore(env),
      storageEstimate: async () => ({ usage: 1_000_000, quota: 50_000_000 }),
      persistence: async () => 'not-persisted',
      requestPersistence: async () => 'persisted',
      loadUserModels: () => [],
      saveUserModels: (models) => saved.push([...models]),
    }),
  );
  return { store, saved };
}

describe('model manager slice', () => {
  it('downloads the demo pair with progress, then deletes it', async () => {
    const { store } = setup();
    const percents: (number | null)[] = [];
    store.subscribe((s) => {
      const a = s.rowActivity.demo;
      if (a?.phase === 'downloading') percents.push(a.progress.percent);
    });
    await store.getState().downloadRow('demo');
    expect(percents.at(-1)).toBe(100);
    expect(store.getState().cachedBytes).toEqual({ 'tiny-drafter': 9000, 'tiny-target': 9000 });
    expect(store.getState().rowActivity.demo).toEqual({ phase: 'idle' });
    expect(store.getState().storageFigures).toEqual({ usage: 1_000_000, quota: 50_000_000 });
    await store.getState().deleteRow('demo');
    expect(store.getState().cachedBytes).toEqual({});
  });

  it('does not download entries whose URLs are placeholders', async () => {
    const { store } = setup();
    await store.getState().downloadRow('tandem-drafter-68m-de-en');
    expect(store.getState().rowActivity).toEqual({});
  });

  it('imports a folder as a user model, remembers it, and deleting forgets it', async () => {
    const { store, saved } = setup();
    await store.getState().importModelFolder([pickedFile('My Model/config.json', 5), pickedFile('My Model/model.safetensors', 50), pickedFile('My Model/tokenizer.json', 5)]);
    expect(store.getState().importState).toEqual({ phase: 'done', id: 'my-model', bytes: 60 });
    expect(store.getState().userModels).toEqual([{ id: 'my-model', folder: 'My Model', format: 'safetensors', bytes: 60 }]);
    expect(store.getState().cachedBytes['my-model']).toBe(60);
    await store.getState().deleteRow('user:my-model');
    expect(store.getState().userModels).toEqual([]);
    expect(saved.at(-1)).toEqual([]);
  });

  it('keeps the named error of a folder that is not a model', async () => {
    const { store } = setup();
    await store.getState().importModelFolder([pickedFile('bad/config.json', 5), pickedFile('bad/model.safetensors', 5)]);
    expect(store.getState().importState).toEqual({
      phase: 'failed',
      error: { name: 'ModelFolderError', message: '"bad" is not a model folder: it has no tokenizer.json.' },
    });
  });

  it('records the persistence the browser granted', async () => {
    const { store } = setup();
    await store.getState().refreshModels();
    expect(store.getState().persistence).toBe('not-persisted');
    await store.getState().requestPersistence();
    expect(store.getState().persistence).toBe('persisted');
  });
});
