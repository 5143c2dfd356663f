import { describe, expect, it } from 'vitest';
import { TINY_DRAFTER_DIR } from '../../scripts/fixtures/paths.ts';
import { InvalidArgumentError, VocabularyMismatchError } from '../errors.ts';
import { loadLlamaCpu } from '../engines/llama-cpu/llama-cpu.ts';
import { loadDemoPair } from './demo-models.ts';
import type { PairSelection, TranslateEvent, TranslateRequest } from '../protocol/protocol.ts';
import { TandemService } from './tandem-service.ts';
import { REAL_GPU, SWIFTSHADER } from './testing/gpu-reports.ts';
import { nodePairDeps, recordingLoaders } from './testing/node-pair-deps.ts';
import { fixtureDemoSources } from './testing/fixture-demo-sources.ts';

const PAIR: PairSelection = { target: 'user:tiny-target', drafter: 'user:tiny-drafter' };
const request: TranslateRequest = {
  text: 'Guten Morgen, wie geht es dir heute?',
  from: 'de',
  to: 'en',
  mode: 'speculative',
  maxNewTokens: 16,
  sampling: { temperature: 0, topP: 1 },
  draftPolicy: { kind: 'heuristic' },
};

function service() {
  const log: string[] = [];
  const { engines, calls } = recordingLoaders();
  const tracked = {
    ...engines,
    llamaCpu: async (...args: Parameters<typeof engines.llamaCpu>) => {
      log.push(`load ${args[0].description.split('/').filter(Boolean).at(-1)}`);
      const model = await engines.llamaCpu(...args);
      const dispose = model.dispose!.bind(model);
      return Object.assign(model, {
        dispose: async () => (log.push(`dispose ${args[0].description.split('/').filter(Boolean).at(-1)}`), dispose()),
      });
    },
  };
  const svc = new TandemService({
    gpu: () => undefined,
    demoSources: fixtureDemoSources,
    pairDeps: (gpu) => nodePairDeps(gpu, tracked),
  });
  return { svc, log, calls };
}

const events = () => {
  const all: TranslateEvent[] = [];
  return { all, onEvent: (e: TranslateEvent) => all.push(structuredClone(e)) };
};

describe('TandemService with a real pair (imported fixture folders, CPU engine: Node has no WebGPU)', () => {
  it('loads a pair once and keeps it warm', async () => {
    const { svc, calls } = service();
    const [a, b] = await Promise.all([svc.loadPair(PAIR), svc.loadPair({ ...PAIR })]);
    expect(a).toEqual(b);
    expect(a).toMatchObject({
      id: 'pair',
      target: { engine: 'llama-cpu', layers: 4 },
      drafter: { engine: 'llama-cpu', layers: 1 },
    });
    await svc.translate({ ...request, pair: PAIR }, () => {});
    expect(calls.loads).toHaveLength(2); // target and drafter, once
  });

  it('translates greedily with the imported pair to exactly the demo pair’s output (same weights)', async () => {
    const { svc } = service();
    const demo = events();
    const demoDone = await svc.translate(request, demo.onEvent);
    const pair = events();
    const pairDone = await svc.translate({ ...request, pair: PAIR }, pair.onEvent);
    expect(pairDone.text).toBe(demoDone.text);
    expect(pairDone.stats.emittedTokens).toBe(16);
    const ids = (e: TranslateEvent[]) => e.flatMap((x) => (x.type === 'step' ? x.emitted.map((t) => t.id) : []));
    expect(ids(pair.all)).toEqual(ids(demo.all));
    expect(pairDone.stats.acceptedTokens).toBeGreaterThan(0); // the drafter drafted and was accepted
  });

  it('disposes the old engines before loading another pair', async () => {
    const { svc, log } = service();
    await svc.loadPair(PAIR);
    log.length = 0;
    const info = await svc.loadPair({ target: 'user:tiny-target', drafter: null });
    expect(info.drafter).toBeNull();
    expect(log).toEqual(['dispose tiny-target', 'dispose tiny-drafter', 'load tiny-target']);
    // status() names the warm pair, so the Translator API need not load it again.
    expect((await svc.status()).loaded.pair).toEqual({ target: 'user:tiny-target', drafter: null });
  });

  it('waits for the running translation before swapping pairs under it', async () => {
    const { svc, log } = service();
    await svc.loadPair(PAIR);
    const order: string[] = [];
    const running = svc.translate(
      { ...request, pair: PAIR, maxNewTokens: 30 },
      (e) => e.type === 'done' && order.push('done'),
    );
    const switched = svc.loadPair({ target: 'user:tiny-drafter', drafter: null }).then(() => order.push('switched'));
    await Promise.all([running, switched]);
    expect(order).toEqual(['done', 'switched']);
    expect(log.filter((l) => l.startsWith('dispose'))).toEqual(['dispose tiny-target', 'dispose tiny-drafter']);
  });

  it('runs a pair without a drafter autoregressively, and refuses speculative mode for it by name', async () => {
    const { svc } = service();
    const alone = { target: 'user:tiny-target', drafter: null };
    const done = await svc.translate({ ...request, mode: 'autoregressive', pair: alone }, () => {});
    expect(done.stats).toMatchObject({ emittedTokens: 16, draftedTokens: 0 });
    const error = await svc.translate({ ...request, pair: alone }, () => {}).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(InvalidArgumentError);
    expect((error as Error).message).toBe(
      'this pair has no drafter, so it cannot run "speculative": choose a drafter, or drafter "none"',
    );
  });

  it('refuses a vocabulary mismatch, and loads again after the failure', async () => {
    const { svc, calls } = service();
    await expect(
      svc.loadPair({ target: 'user:tiny-target', drafter: 'user:tiny-drafter-vocab-mismatch' }),
    ).rejects.toThrow(VocabularyMismatchError);
    expect(calls.loads).toEqual([]);
    await expect(svc.loadPair(PAIR)).resolves.toMatchObject({ id: 'pair' });
  });
});

describe('the demo pair’s drafter engine', () => {
  const fakeWebGpu =
    (calls: string[]) =>
    async (
      source: Parameters<typeof loadLlamaCpu>[0],
      options: { vocabId?: string; maxSequenceLength: number; maxDraft?: number },
    ) => {
      calls.push(`${source.description} maxDraft ${options.maxDraft}`);
      return loadLlamaCpu(source, options); // stands in for llama-webgpu: Node has no WebGPU
    };

  it('runs the demo drafter on llama-webgpu on a real GPU', async () => {
    const calls: string[] = [];
    const pair = await loadDemoPair(fixtureDemoSources(), { gpu: REAL_GPU, webgpu: fakeWebGpu(calls) });
    expect(calls).toEqual([`${TINY_DRAFTER_DIR} maxDraft 32`]);
    expect(pair.info).toMatchObject({
      engine: 'llama-cpu',
      drafterEngine: 'llama-webgpu',
      drafter: { layers: 1, vocabSize: 32000 },
    });
  });

  it('keeps it on llama-cpu on SwiftShader (a fallback adapter) and without a GPU', async () => {
    const calls: string[] = [];
    const swift = await loadDemoPair(fixtureDemoSources(), { gpu: SWIFTSHADER, webgpu: fakeWebGpu(calls) });
    const none = await loadDemoPair(fixtureDemoSources(), { webgpu: fakeWebGpu(calls) });
    expect(calls).toEqual([]);
    expect(swift.info.drafterEngine).toBeUndefined();
    expect(none.info.drafterEngine).toBeUndefined();
  });
});
