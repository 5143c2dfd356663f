import { describe, expect, it } from 'vitest';
import { TINY_DRAFTER_DIR, TINY_TARGET_DIR } from '../../scripts/fixtures/paths.ts';
import type { TandemWorkerApi } from '../../workers/protocol.ts';
import { TandemService } from '../../workers/tandem-service.ts';
import { nodeFolderSource } from '../models/node-folder-source.ts';
import { connectWorker } from './connect-worker.ts';
import { selectNoModels, selectTranslateBlocker } from './selectors.ts';
import { createTandemStore } from './tandem-store.ts';

const service = new TandemService({
  gpu: () => undefined,
  demoSources: () => ({ target: nodeFolderSource(TINY_TARGET_DIR), drafter: nodeFolderSource(TINY_DRAFTER_DIR) }),
});

async function demoStore(api: TandemWorkerApi = service) {
  const store = createTandemStore();
  await connectWorker(store, api);
  await store.getState().selectModel('demo');
  store.getState().setSourceText('Guten Morgen, wie geht es dir?');
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

  it('blocks a second Translate while one runs; Stop ends it and says so', async () => {
    const store = await demoStore();
    const running = store.getState().requestTranslate();
    expect(selectTranslateBlocker(store.getState())).toBe('A translation is running: stop it first.');
    await store.getState().requestStop();
    await running;
    expect(store.getState()).toMatchObject({ run: 'done', finishReason: 'aborted', notice: 'Stopped.' });
    expect(store.getState().tokens.length).toBeLessThan(48);

    await store.getState().requestTranslate();
    expect(store.getState()).toMatchObject({ run: 'done', finishReason: 'max-tokens', notice: null });
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
