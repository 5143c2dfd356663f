import { describe, expect, it } from 'vitest';
import type { TandemWorkerApi, TranslateRequest } from '../protocol/protocol.ts';
import { TandemService } from '../worker/tandem-service.ts';
import { nodeFolderSource } from '../../scripts/lib/node-folder-source.ts';
import { connectWorker } from './connect-worker.ts';
import { selectNoModels, selectTranslateBlocker } from './selectors.ts';
import { createTandemStore } from './tandem-store.ts';
import { fixtureDemoSources } from '../worker/testing/fixture-demo-sources.ts';

const service = new TandemService({
  gpu: () => undefined,
  demoSources: fixtureDemoSources,
});

/** The service's methods as plain functions, to wrap some of them. */
function bound(api: TandemService): TandemWorkerApi {
  return {
    probeGpu: () => api.probeGpu(),
    status: () => api.status(),
    loadDemo: () => api.loadDemo(),
    loadPair: (selection, onProgress) => api.loadPair(selection, onProgress),
    translate: (request, onEvent) => api.translate(request, onEvent),
    stop: (runId) => api.stop(runId),
    ping: () => api.ping(),
    forge: (command, onEvent) => api.forge(command, onEvent),
  };
}

async function until(condition: () => boolean): Promise<void> {
  while (!condition()) await new Promise((resolve) => setTimeout(resolve, 5));
}

async function demoStore(api: TandemWorkerApi = service) {
  const store = createTandemStore();
  await connectWorker(store, api);
  await store.getState().selectModel('demo');
  store.getState().setSourceText('Guten Morgen, wie geht es dir?');
  store.getState().setSourceLanguage('de');
  return store;
}

describe('run slice with the in-thread service and the demo pair', () => {
  it('picking the demo loads it and enables Translate, even without a GPU (it runs on the CPU)', async () => {
    const store = await demoStore();
    expect(store.getState().demo).toMatchObject({ phase: 'ready', info: { id: 'demo' } });
    expect(selectNoModels(store.getState())).toBe(false);
    expect(selectTranslateBlocker(store.getState())).toBeNull();
  });

  it('streams tokens with provenance and step numbers into the store, then the final stats', async () => {
    const store = await demoStore();
    await store.getState().requestTranslate();
    const { run, tokens, stats, finishReason } = store.getState();
    expect(run).toBe('done');
    expect(finishReason).toBe('max-tokens');
    expect(tokens).toHaveLength(48);
    expect(stats?.emittedTokens).toBe(48);
    expect(tokens.filter((t) => t.source === 'accepted')).toHaveLength(stats!.acceptedTokens);
    expect(tokens[0]).toMatchObject({ step: 0, source: 'target' });
    for (const token of tokens) {
      if (token.source !== 'correction') expect(token.rejected).toEqual([]);
    }
  });

  it('queues a Translate asked for while one runs; Stop ends the running one and the queue goes on', async () => {
    const store = await demoStore();
    store.getState().setMaxNewTokens(1000);
    const running = store.getState().requestTranslate();
    await until(() => store.getState().tokens.length > 0);
    expect(selectTranslateBlocker(store.getState())).toBeNull();
    store.getState().setMaxNewTokens(8);
    await store.getState().requestTranslate(); // queued: returns at once
    expect(store.getState().queue).toHaveLength(1);
    expect(store.getState().notice).toBe('Queued: 1 waiting.');
    expect(store.getState().queue[0].request.maxNewTokens).toBe(8); // the settings when asked

    await store.getState().requestStop();
    await running; // resolves once the queue has drained
    expect(store.getState()).toMatchObject({ run: 'done', finishReason: 'max-tokens', queue: [], notice: null });
    expect(store.getState().tokens).toHaveLength(8);
  });

  it('ignores a repeat of what runs or waits (same text, same settings), and says so', async () => {
    const store = await demoStore();
    store.getState().setMaxNewTokens(1000);
    const running = store.getState().requestTranslate();
    await until(() => store.getState().run === 'running');
    for (let i = 0; i < 4; i++) await store.getState().requestTranslate(); // four more Ctrl+Enter
    expect(store.getState().queue).toEqual([]);
    expect(store.getState().notice).toBe('Already translating this text with these settings.');
    store.getState().setMaxNewTokens(8); // other settings: another translation, queued once
    await store.getState().requestTranslate();
    await store.getState().requestTranslate();
    expect(store.getState().queue).toHaveLength(1);
    await store.getState().requestStop();
    await running;
    expect(store.getState().tokens).toHaveLength(8);
  });

  it("sends the settings' request to the worker as built, with a run id, and Stop stops that run by id", async () => {
    const requests: TranslateRequest[] = [];
    const stops: (string | undefined)[] = [];
    const recording: TandemWorkerApi = {
      ...bound(service),
      translate: (request, onEvent) => (requests.push(request), service.translate(request, onEvent)),
      stop: (runId) => (stops.push(runId), service.stop(runId)),
    };
    const store = await demoStore(recording);
    store.getState().setMaxNewTokens(1000);
    const running = store.getState().requestTranslate();
    await until(() => store.getState().tokens.length > 0);
    await store.getState().requestStop();
    await running;
    expect(store.getState()).toMatchObject({ run: 'done', finishReason: 'aborted', notice: 'Stopped.' });
    expect(store.getState().tokens.length).toBeLessThan(1000);
    expect(requests).toHaveLength(1);
    expect(requests[0].runId).toMatch(/^app-/);
    expect(requests[0]).toMatchObject({ from: 'de', to: 'en', maxNewTokens: 1000 });
    expect(stops).toEqual([requests[0].runId]);
  });

  it('clears waiting translations without touching the running one', async () => {
    const store = await demoStore();
    store.getState().setMaxNewTokens(30);
    const running = store.getState().requestTranslate();
    store.getState().setSourceText('Wie spät ist es?');
    await store.getState().requestTranslate();
    store.getState().setSourceText('Bis morgen!');
    await store.getState().requestTranslate();
    expect(store.getState().queue).toHaveLength(2);
    store.getState().clearQueue();
    expect(store.getState().queue).toEqual([]);
    await running;
    expect(store.getState()).toMatchObject({ run: 'done', finishReason: 'max-tokens' });
    expect(store.getState().tokens).toHaveLength(30);
  });

  it('a race streams both lanes and keeps the measured speedup for the stats bar', async () => {
    const store = await demoStore();
    store.getState().setRace(true);
    store.getState().setMaxNewTokens(16);
    await store.getState().requestTranslate();
    const { raceTokens, tokens, raceResult, knownSpeedup, mode, currentDraftLength } = store.getState();
    expect(mode).toBe('race');
    expect(raceTokens.map((t) => t.id)).toEqual(tokens.map((t) => t.id)); // greedy is lossless
    expect(raceTokens.every((t) => t.source === 'target')).toBe(true);
    expect(raceResult!.speedup).toBeGreaterThan(0);
    expect(knownSpeedup).toBe(raceResult!.speedup);
    expect(currentDraftLength).toBeGreaterThan(0);
  });

  it('detects German before translating with "Detect language", and refuses English plainly', async () => {
    const store = await demoStore();
    store.getState().setSourceLanguage('auto');
    store.getState().setMaxNewTokens(4);
    await store.getState().requestTranslate();
    expect(store.getState().detection).toMatchObject({ phase: 'done', result: { kind: 'supported', language: 'de' } });
    expect(store.getState().tokens).toHaveLength(4);

    store.getState().setSourceText('Good morning, how are you doing today?');
    await store.getState().requestTranslate();
    expect(store.getState().notice).toMatch(/^Cannot translate yet: this looks like English/);
  });

  it('shows a failed load by error name', async () => {
    const broken = new TandemService({
      gpu: () => undefined,
      demoSources: () => ({ target: nodeFolderSource('/nonexistent'), drafter: nodeFolderSource('/nonexistent') }),
    });
    const store = await demoStore(broken);
    expect(store.getState().demo).toMatchObject({ phase: 'failed', error: { name: 'TokenizerError' } });
    expect(selectTranslateBlocker(store.getState())).toBe('The demo models failed to load.');
  });
});
