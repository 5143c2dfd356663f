import { describe, expect, it } from 'vitest';
import { createStore } from 'zustand/vanilla';
import { createModelStore } from '../models/storage/index.ts';
import { fakeEnvironment, pickedFile, shapedBytes } from '../models/storage/fakes.test-support.ts';
import type { UserModel } from '../models/storage/user-models.ts';
import { createModelManagerSlice, type ModelManagerSlice } from './model-manager-slice.ts';

const DEMO_NAMES = [
  'config.json',
  'generation_config.json',
  'model.safetensors',
  'onnx/model.onnx',
  'tokenizer.json',
  'tokenizer_config.json',
];

function setup() {
  const files: Record<string, Uint8Array> = {};
  for (const id of ['tiny-target', 'tiny-drafter']) {
    for (const name of DEMO_NAMES) {
      files[`/models/${id}/${name}`] = shapedBytes(name, 1500);
      files[`http://app.test/models/${id}/${name}`] = shapedBytes(name, 1500); // as "Add a model by URL" asks for them
    }
  }
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
  return { store, saved, env };
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
    await store
      .getState()
      .importModelFolder([
        pickedFile('My Model/config.json', 15),
        pickedFile('My Model/model.safetensors', 50),
        pickedFile('My Model/tokenizer.json', 15),
      ]);
    expect(store.getState().importState).toEqual({ phase: 'done', id: 'my-model', bytes: 80 });
    expect(store.getState().userModels).toEqual([
      { id: 'my-model', folder: 'My Model', format: 'safetensors', bytes: 80 },
    ]);
    expect(store.getState().cachedBytes['my-model']).toBe(80);
    await store.getState().deleteRow('user:my-model');
    expect(store.getState().userModels).toEqual([]);
    expect(saved.at(-1)).toEqual([]);
  });

  it('keeps the named error of a folder that is not a model', async () => {
    const { store } = setup();
    await store
      .getState()
      .importModelFolder([pickedFile('bad/config.json', 5), pickedFile('bad/model.safetensors', 5)]);
    expect(store.getState().importState).toEqual({
      phase: 'failed',
      error: { name: 'ModelFolderError', message: '"bad" is not a model folder: it has no tokenizer.json.' },
    });
  });

  it('adds a model by URL: progress, listed with its size and source, then deleted', async () => {
    const { store, saved } = setup();
    const percents: (number | null)[] = [];
    store.subscribe((s) => {
      if (s.urlImportState.phase === 'downloading') percents.push(s.urlImportState.progress.percent);
    });
    // The fake serves the demo folders at app paths: a same-origin path is accepted as a folder URL.
    await store.getState().addModelByUrl('/models/tiny-drafter', 'onnx');
    expect(store.getState().urlImportState).toEqual({
      phase: 'done',
      id: 'tiny-drafter',
      name: 'tiny-drafter',
      bytes: 7500,
    });
    expect(percents.at(-1)).toBe(100);
    const model = {
      id: 'tiny-drafter',
      folder: 'tiny-drafter',
      format: 'onnx',
      bytes: 7500,
      sourceUrl: 'http://app.test/models/tiny-drafter/',
    };
    expect(store.getState().userModels).toEqual([model]);
    expect(saved.at(-1)).toEqual([model]);
    expect(store.getState().cachedBytes['tiny-drafter']).toBe(7500);
    await store.getState().deleteRow('user:tiny-drafter');
    expect(store.getState().userModels).toEqual([]);
    expect(store.getState().cachedBytes).toEqual({});
  });

  it('says why a URL cannot be added, and lists nothing', async () => {
    const { store, saved } = setup();
    await store.getState().addModelByUrl('nope', 'safetensors');
    expect(store.getState().urlImportState).toMatchObject({ phase: 'failed', error: { name: 'ModelUrlError' } });
    await store.getState().addModelByUrl('/models/missing/', 'safetensors');
    expect(store.getState().urlImportState).toEqual({
      phase: 'failed',
      error: {
        name: 'ModelDownloadHttpError',
        message:
          'Downloading model.safetensors from http://app.test/models/missing/ failed: the server answered HTTP 404 Not Found.',
      },
    });
    expect(store.getState().userModels).toEqual([]);
    expect(saved).toEqual([]);
    expect(store.getState().cachedBytes).toEqual({});
  });

  it('stops adding a model by URL on request, keeping nothing', async () => {
    const { store } = setup();
    store.subscribe((s) => {
      if (s.urlImportState.phase === 'downloading' && s.urlImportState.progress.bytes >= 1000) s.cancelUrlImport();
    });
    await store.getState().addModelByUrl('/models/tiny-target/', 'safetensors');
    expect(store.getState().urlImportState).toEqual({ phase: 'stopped', name: 'tiny-target' });
    expect(store.getState().userModels).toEqual([]);
    expect(store.getState().cachedBytes).toEqual({});
  });

  it('shows a Vicuna target’s bytes from web-llm’s own caches, and deletes them there', async () => {
    const { store, env } = setup();
    const folder = 'http://app.test/models/vicuna-7b-v1.3-q4f16_1-MLC/resolve/main/';
    const model = await env.caches.open('webllm/model');
    await model.put(`${folder}params_shard_0.bin`, new Response(new Uint8Array(4000)));
    await model.put(`${folder}tensor-cache.json`, new Response(new Uint8Array(100)));
    const config = await env.caches.open('webllm/config');
    await config.put(`${folder}mlc-chat-config.json`, new Response(new Uint8Array(10)));
    await store.getState().refreshModels();
    expect(store.getState().cachedBytes).toEqual({ 'webllm:vicuna-7b-v1.3-q4f16_1-MLC': 4110 });

    await store.getState().deleteRow('vicuna-7b-v1.3-q4f16_1-MLC');
    expect(store.getState().cachedBytes).toEqual({});
    expect(await model.keys()).toEqual([]);
    expect(await config.keys()).toEqual([]);
  });

  it('records the persistence the browser granted', async () => {
    const { store } = setup();
    await store.getState().refreshModels();
    expect(store.getState().persistence).toBe('not-persisted');
    await store.getState().requestPersistence();
    expect(store.getState().persistence).toBe('persisted');
  });
});
