import { describe, expect, it } from 'vitest';
import type { PairInfo, PairSelection, TandemWorkerApi, TranslateRequest } from '../protocol/protocol.ts';
import { TandemService } from '../worker/tandem-service.ts';
import { nodePairDeps, recordingLoaders } from '../worker/testing/node-pair-deps.ts';
import { connectWorker } from './connect-worker.ts';
import { downloadableTargets } from './installed-targets.ts';
import { installedTargets, selectPairSelection, targetChoice, withPair } from './model-slice.ts';
import { selectTranslateBlocker } from './selectors.ts';
import { createTandemStore } from './tandem-store.ts';
import { fixtureDemoSources } from '../worker/testing/fixture-demo-sources.ts';

/** The in-thread worker over the fixture folders (CPU engine: Node has no WebGPU), recording what the page asks. */
function recordingService() {
  const { engines } = recordingLoaders();
  const service = new TandemService({
    gpu: () => undefined,
    demoSources: fixtureDemoSources,
    pairDeps: (gpu) => nodePairDeps(gpu, engines),
  });
  const loads: PairSelection[] = [];
  const requests: TranslateRequest[] = [];
  const api: TandemWorkerApi = {
    probeGpu: () => service.probeGpu(),
    status: () => service.status(),
    loadDemo: () => service.loadDemo(),
    loadPair: (selection, onProgress) => (loads.push(selection), service.loadPair(selection, onProgress)),
    translate: (request, onEvent) => (requests.push(request), service.translate(request, onEvent)),
    stop: () => service.stop(),
    ping: () => service.ping(),
    forge: (command, onEvent) => service.forge(command, onEvent),
  };
  return { api, loads, requests };
}

async function until(condition: () => boolean): Promise<void> {
  while (!condition()) await new Promise((resolve) => setTimeout(resolve, 5));
}

async function pairStore() {
  const worker = recordingService();
  const store = createTandemStore();
  await connectWorker(store, worker.api);
  store.getState().setSourceText('Guten Morgen, wie geht es dir?');
  store.getState().setSourceLanguage('de');
  store.getState().setMaxNewTokens(8);
  return { store, ...worker };
}

describe('model slice: a real pair chosen in the page', () => {
  it('loads the chosen target with the drafter setting’s imported drafter, and Translate sends that pair', async () => {
    const { store, loads, requests } = await pairStore();
    store.getState().setDrafter('user:tiny-drafter');
    const picking = store.getState().selectModel(targetChoice('user:tiny-target'));
    expect(selectTranslateBlocker(store.getState())).toBe('The models are loading.');
    await picking;
    expect(loads).toEqual([{ target: 'user:tiny-target', drafter: 'user:tiny-drafter' }]);
    expect(store.getState().pair).toMatchObject({
      phase: 'ready',
      info: { target: { engine: 'llama-cpu' }, drafter: { layers: 1 } },
    });
    expect(selectTranslateBlocker(store.getState())).toBeNull();

    await store.getState().requestTranslate();
    expect(requests[0]).toMatchObject({
      mode: 'speculative',
      pair: { target: 'user:tiny-target', drafter: 'user:tiny-drafter' },
    });
    expect(store.getState()).toMatchObject({ run: 'done', stats: { emittedTokens: 8 } });
  });

  it('follows the drafter setting: "none" loads the target alone and translates autoregressively', async () => {
    const { store, loads, requests } = await pairStore();
    store.getState().setDrafter('user:tiny-drafter');
    await store.getState().selectModel(targetChoice('user:tiny-target'));
    store.getState().setDrafter('none');
    await until(() => store.getState().pair.phase === 'ready' && loads.length === 2);
    expect(loads[1]).toEqual({ target: 'user:tiny-target', drafter: null });
    await store.getState().requestTranslate();
    expect(requests[0]).toMatchObject({ mode: 'autoregressive', pair: { drafter: null } });
    expect(requests[0]!.draftPolicy).toBeUndefined();
  });

  it('keeps a failed load’s error, and blocks Translate with it', async () => {
    const { store } = await pairStore();
    store.getState().setDrafter('user:tiny-drafter-vocab-mismatch');
    await store.getState().selectModel(targetChoice('user:tiny-target'));
    expect(store.getState().pair).toMatchObject({ phase: 'failed', error: { name: 'VocabularyMismatchError' } });
    expect(selectTranslateBlocker(store.getState())).toBe('The models failed to load.');
  });

  it('records the pair a restarted worker reloaded', async () => {
    const { store } = await pairStore();
    store.getState().setDrafter('user:tiny-drafter');
    await store.getState().selectModel(targetChoice('user:tiny-target'));
    const info = (store.getState().pair as { info: object }).info;
    const cause = new Error('boom');
    store.getState().recordRecovery({ type: 'restarting', cause });
    store.getState().recordRecovery({
      type: 'restarted',
      cause,
      gpu: { ok: false, error: new Error('x') },
      status: { ok: false, error: new Error('x') },
      demo: null,
      pair: { ok: false, error: Object.assign(new Error('gone'), { name: 'ModelFileMissingError' }) },
    });
    expect(store.getState().pair).toMatchObject({
      phase: 'failed',
      error: { name: 'ModelFileMissingError', message: 'gone' },
    });
    store.getState().recordRecovery({ type: 'restarting', cause });
    const reloaded = { ...(info as PairInfo), loadMs: 42 };
    store.getState().recordRecovery({
      type: 'restarted',
      cause,
      gpu: { ok: false, error: cause },
      status: { ok: false, error: cause },
      demo: null,
      pair: { ok: true, value: reloaded },
    });
    expect(store.getState().pair).toEqual({ phase: 'ready', selection: reloaded.selection, info: reloaded });
  });
});

describe('pair selection and request (pure)', () => {
  const base = createTandemStore().getState();
  const request: TranslateRequest = {
    text: 'x',
    from: 'de',
    to: 'en',
    mode: 'race',
    draftPolicy: { kind: 'heuristic' },
  };

  it('is null for the demo and for no model', () => {
    expect(selectPairSelection({ ...base, model: 'demo' })).toBeNull();
    expect(selectPairSelection({ ...base, model: 'none' })).toBeNull();
    expect(withPair(request, { ...base, model: 'demo' })).toBe(request);
  });

  it('"auto" takes the registry drafter for the source language only when it is in the model cache', () => {
    const state = { ...base, model: targetChoice('vicuna-7b-v1.3'), drafter: 'auto', sourceLanguage: 'de' } as const;
    expect(selectPairSelection(state)).toEqual({ target: 'vicuna-7b-v1.3', drafter: null });
    expect(selectPairSelection({ ...state, cachedBytes: { 'tandem-drafter-68m-de-en': 136e6 } })).toEqual({
      target: 'vicuna-7b-v1.3',
      drafter: 'tandem-drafter-68m-de-en',
    });
    expect(
      selectPairSelection({ ...state, sourceLanguage: 'fr', cachedBytes: { 'tandem-drafter-68m-de-en': 136e6 } })
        ?.drafter,
    ).toBeNull();
    // The language's own drafter missing, an installed generic one drafts (vicuna-68m from the Hub).
    const generic = { 'vicuna-68m': 272e6, 'llama-160m': 324e6 };
    expect(selectPairSelection({ ...state, sourceLanguage: 'fr', cachedBytes: generic })?.drafter).toBe('vicuna-68m');
    expect(selectPairSelection({ ...state, cachedBytes: { 'llama-160m': 1 } })?.drafter).toBe('llama-160m');
  });

  it('never drafts with the target itself, and without a drafter asks for autoregressive decoding', () => {
    const state = { ...base, model: targetChoice('user:a'), drafter: 'user:a' } as const;
    expect(selectPairSelection(state)).toEqual({ target: 'user:a', drafter: null });
    expect(withPair(request, state)).toEqual({
      text: 'x',
      from: 'de',
      to: 'en',
      mode: 'autoregressive',
      pair: { target: 'user:a', drafter: null },
    });
    expect(withPair(request, { ...state, drafter: 'user:b' })).toEqual({
      ...request,
      pair: { target: 'user:a', drafter: 'user:b' },
    });
  });
});

describe('installed targets (the model picker’s list)', () => {
  it('lists web-llm targets with a cached build, then imported models, and nothing else', () => {
    const user = [{ id: 'tiny-target', folder: 'tiny-target', format: 'safetensors' as const, bytes: 1 }];
    expect(installedTargets([], {})).toEqual([]);
    expect(installedTargets(user, { 'webllm:vicuna-7b-v1.3-q4f32_1-MLC': 4e9, 'tandem-drafter-68m-de-en': 1 })).toEqual(
      [
        { id: 'vicuna-7b-v1.3', label: 'Vicuna-7B v1.3 (web-llm; cached: q4f32_1)' },
        { id: 'user:tiny-target', label: 'tiny-target (imported, safetensors)' },
      ],
    );
    // A Hub build downloaded from the model manager serves every context size of its target.
    expect(installedTargets([], { 'webllm:llama-2-7b-chat-q4f16_1': 3.8e9 }).map((t) => t.id)).toEqual([
      'llama-2-7b-chat-4k',
      'llama-2-7b-chat-1k',
    ]);
  });

  it('offers a web-llm target with no cached build as downloaded when chosen, and not once a build is cached', () => {
    expect(downloadableTargets({})).toEqual([
      { id: 'vicuna-7b-v1.3', label: 'Vicuna-7B v1.3 (web-llm, 3.8–4.2 GB, downloaded when chosen)' },
    ]);
    expect(downloadableTargets({ 'webllm:vicuna-7b-v1.3-q4f16_1-MLC': 3.8e9 })).toEqual([]);
  });
});
