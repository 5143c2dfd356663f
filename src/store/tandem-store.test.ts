import { describe, expect, it } from 'vitest';
import type { ProbeGpu } from '../worker/gpu-probe.ts';
import type { TandemWorkerApi } from '../protocol/protocol.ts';
import { TandemService } from '../worker/tandem-service.ts';
import { connectWorker } from './connect-worker.ts';
import { selectNoModels, selectTranslateBlocker } from './selectors.ts';
import { createTandemStore } from './tandem-store.ts';
import { SWIFTSHADER_LIMITS } from '../protocol/testing/swiftshader-limits.ts';

const noGpu = () => undefined;
const swiftShader: ProbeGpu = {
  requestAdapter: async () => ({
    info: { vendor: 'google', architecture: 'swiftshader', device: '', description: '', isFallbackAdapter: true },
    features: new Set(['subgroups']),
    limits: SWIFTSHADER_LIMITS,
  }),
};

describe('tandem store', () => {
  it('starts blocked on the worker and with nothing to show', () => {
    const store = createTandemStore();
    const state = store.getState();
    expect(state.gpu).toEqual({ phase: 'probing' });
    expect(selectTranslateBlocker(state)).toBe('The translation worker is starting.');
    expect(selectNoModels(state)).toBe(false);
  });

  it('records the in-thread service: GPU found, no models, Translate explains itself', async () => {
    const store = createTandemStore();
    await connectWorker(store, new TandemService(() => swiftShader));
    const state = store.getState();
    expect(state.gpu).toMatchObject({ phase: 'done', report: { available: true, adapterName: 'google swiftshader' } });
    expect(state.worker).toMatchObject({ phase: 'ready', status: { loaded: { demo: false, pair: null } } });
    expect(selectNoModels(state)).toBe(true);
    // An imported model is installed as far as the page knows (the worker cannot see localStorage).
    expect(
      selectNoModels({
        ...state,
        userModels: [{ id: 'my-llama', folder: 'my-llama', format: 'safetensors', bytes: 1 }],
      }),
    ).toBe(false);
    expect(selectNoModels({ ...state, cachedBytes: { 'webllm:vicuna-7b-v1.3-q4f16_1-MLC': 4e9 } })).toBe(false);
    expect(selectTranslateBlocker(state)).toBe('No model is chosen: pick the demo under Model.');
    expect(selectTranslateBlocker({ ...state, userModels: [{ id: 'm', folder: 'm', format: 'onnx', bytes: 1 }] })).toBe(
      'No model is chosen: pick one under Model.',
    );

    state.setSourceText('Guten Morgen');
    await store.getState().requestTranslate();
    expect(store.getState().notice).toBe('Cannot translate yet: no model is chosen: pick the demo under Model.');
    expect(store.getState().tokens).toEqual([]);
    expect(store.getState().run).toBe('idle');
  });

  it('records a browser without WebGPU', async () => {
    const store = createTandemStore();
    await connectWorker(store, new TandemService(noGpu));
    expect(store.getState().gpu).toMatchObject({ phase: 'done', report: { available: false, code: 'no-webgpu' } });
  });

  it('records a worker that fails, by error name, without rejecting', async () => {
    class WorkerCrashedError extends Error {
      override name = 'WorkerCrashedError';
    }
    const broken: TandemWorkerApi = {
      probeGpu: () => Promise.reject(new WorkerCrashedError('could not be loaded')),
      status: () => Promise.reject(new WorkerCrashedError('could not be loaded')),
      loadDemo: () => Promise.reject(new WorkerCrashedError('could not be loaded')),
      loadPair: () => Promise.reject(new WorkerCrashedError('could not be loaded')),
      translate: () => Promise.reject(new WorkerCrashedError('could not be loaded')),
      stop: () => Promise.reject(new WorkerCrashedError('could not be loaded')),
      ping: () => Promise.reject(new WorkerCrashedError('could not be loaded')),
      forge: () => Promise.reject(new WorkerCrashedError('could not be loaded')),
    };
    const store = createTandemStore();
    await connectWorker(store, broken);
    const error = { name: 'WorkerCrashedError', message: 'could not be loaded' };
    expect(store.getState().gpu).toEqual({ phase: 'failed', error });
    expect(store.getState().worker).toEqual({ phase: 'failed', error });
    expect(selectTranslateBlocker(store.getState())).toBe('The translation worker failed to start.');
  });

  it('keeps language and text in their own slices', () => {
    const store = createTandemStore();
    store.getState().setSourceLanguage('ja');
    store.getState().setSourceText('こんにちは');
    expect(store.getState()).toMatchObject({ sourceLanguage: 'ja', sourceText: 'こんにちは' });
  });
});
