import { describe, expect, it } from 'vitest';
import { TINY_DRAFTER_DIR, TINY_TARGET_DIR } from '../scripts/fixtures/paths.ts';
import { nodeFolderSource } from '../src/models/node-folder-source.ts';
import { loadTokenizer } from '../src/models/tokenizer.ts';
import type { TranslateDone, TranslateEvent, TranslateRequest, TranslateStep } from './protocol.ts';
import { TandemService } from './tandem-service.ts';
import { TranslatorBusyError } from './translate-errors.ts';

const fixtureSources = () => ({ target: nodeFolderSource(TINY_TARGET_DIR), drafter: nodeFolderSource(TINY_DRAFTER_DIR) });
const request: TranslateRequest = { text: 'Guten Morgen, wie geht es dir?', from: 'de', to: 'en', mode: 'speculative', maxNewTokens: 24 };

function collect(): { events: TranslateEvent[]; steps: () => TranslateStep[]; onEvent: (e: TranslateEvent) => void } {
  const events: TranslateEvent[] = [];
  return {
    events,
    steps: () => events.filter((e): e is TranslateStep => e.type === 'step'),
    onEvent: (event) => events.push(structuredClone(event)), // as it would cross the worker boundary
  };
}

// One service for the file: the point of the worker is that engines load once and stay warm.
const service = new TandemService({ gpu: () => undefined, demoSources: fixtureSources });

describe('TandemService.translate with the demo pair (CPU reference engine, fixture models)', () => {
  it('loads the demo pair once and describes it', async () => {
    const [a, b] = await Promise.all([service.loadDemo(), service.loadDemo()]);
    expect(a).toEqual(b);
    expect(a).toMatchObject({ id: 'demo', engine: 'llama-cpu', target: { layers: 4, vocabSize: 32000 }, drafter: { layers: 1 } });
  });

  it('streams step events whose token texts add up to the decoded output', async () => {
    const { events, steps, onEvent } = collect();
    const done = await service.translate(request, onEvent);
    expect(events.at(-1)).toEqual(done);
    expect(done.finishReason).toBe('max-tokens');

    const emitted = steps().flatMap((s) => s.emitted);
    expect(emitted).toHaveLength(24);
    expect(emitted.map((t) => t.text).join('') + done.tail).toBe(done.text);
    const tokenizer = await loadTokenizer(nodeFolderSource(TINY_TARGET_DIR));
    expect(done.text).toBe(tokenizer.decode(emitted.map((t) => t.id)));

    // Provenance agrees with the statistics the same events carry.
    expect(emitted.filter((t) => t.source === 'accepted')).toHaveLength(done.stats.acceptedTokens);
    expect(steps().map((s) => s.step)).toEqual(steps().map((_, i) => i));
    expect(done.stats.targetPasses).toBe(steps().length);
    for (const step of steps()) for (const r of step.rejected) expect(r.text).toBe(tokenizer.tokenText(r.id));
  });

  it('gives the same tokens autoregressively, all from the target (greedy is lossless)', async () => {
    const speculative = collect();
    await service.translate(request, speculative.onEvent);
    const plain = collect();
    const done = await service.translate({ ...request, mode: 'autoregressive' }, plain.onEvent);
    const ids = (c: ReturnType<typeof collect>) => c.steps().flatMap((s) => s.emitted.map((t) => t.id));
    expect(ids(plain)).toEqual(ids(speculative));
    expect(new Set(plain.steps().flatMap((s) => s.emitted.map((t) => t.source)))).toEqual(new Set(['target']));
    expect(done.stats.acceptedTokens).toBe(0);
  });

  it('rejects a second translation while one runs, with a typed error', async () => {
    const running = service.translate(request, () => {});
    await expect(service.translate(request, () => {})).rejects.toBeInstanceOf(TranslatorBusyError);
    await running;
  });

  it('stops within one step, and translates again afterwards', async () => {
    const { steps, onEvent } = collect();
    let stopped = -1;
    const done: TranslateDone = await service.translate({ ...request, maxNewTokens: 200 }, (event) => {
      onEvent(event);
      // Stop as the page would: a separate call arriving while the run is in flight.
      if (event.type === 'step' && event.step === 2) {
        stopped = event.step;
        void service.stop();
      }
    });
    expect(done.finishReason).toBe('aborted');
    expect(steps().at(-1)!.step).toBeLessThanOrEqual(stopped + 1);
    expect(done.stats.emittedTokens).toBeLessThan(200);

    const again = collect();
    const second = await service.translate(request, again.onEvent);
    expect(second.finishReason).toBe('max-tokens');
    expect(second.stats.emittedTokens).toBe(24);
  });

  it('stop() with nothing running is harmless', async () => {
    await expect(service.stop()).resolves.toBeUndefined();
  });
});
