import { describe, expect, it } from 'vitest';
import { TINY_TARGET_DIR } from '../../scripts/fixtures/paths.ts';
import { nodeFolderSource } from '../../scripts/lib/node-folder-source.ts';
import { loadTokenizer } from '../models/tokenizer.ts';
import type { TranslateDone, TranslateEvent, TranslateRequest, TranslateStep } from '../protocol/protocol.ts';
import { TandemService } from './tandem-service.ts';
import { fixtureDemoSources } from './testing/fixture-demo-sources.ts';

const request: TranslateRequest = {
  text: 'Guten Morgen, wie geht es dir?',
  from: 'de',
  to: 'en',
  mode: 'speculative',
  maxNewTokens: 24,
};

function collect(): { events: TranslateEvent[]; steps: () => TranslateStep[]; onEvent: (e: TranslateEvent) => void } {
  const events: TranslateEvent[] = [];
  return {
    events,
    steps: () => events.filter((e): e is TranslateStep => e.type === 'step'),
    onEvent: (event) => events.push(structuredClone(event)), // as it would cross the worker boundary
  };
}

// One service for the file: the point of the worker is that engines load once and stay warm.
const service = new TandemService({ gpu: () => undefined, demoSources: fixtureDemoSources });

describe('TandemService.translate with the demo pair (CPU reference engine, fixture models)', () => {
  it('loads the demo pair once and describes it; status() then says the demo is warm', async () => {
    expect(
      (await new TandemService({ gpu: () => undefined, demoSources: fixtureDemoSources }).status()).loaded,
    ).toEqual({ demo: false, pair: null });
    const [a, b] = await Promise.all([service.loadDemo(), service.loadDemo()]);
    expect((await service.status()).loaded).toEqual({ demo: true, pair: null });
    expect(a).toEqual(b);
    expect(a).toMatchObject({
      id: 'demo',
      engine: 'llama-cpu',
      target: { layers: 4, vocabSize: 32000 },
      drafter: { layers: 1 },
    });
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

  it('queues a translation asked for while one runs, and runs it afterwards, in order', async () => {
    const order: string[] = [];
    const first = service.translate(request, (e) => e.type === 'done' && order.push('first'));
    const second = service.translate(
      { ...request, maxNewTokens: 4 },
      (e) => e.type === 'step' && order.push('second step'),
    );
    const [a, b] = await Promise.all([first, second]);
    expect(order[0]).toBe('first');
    expect(order.slice(1).every((o) => o === 'second step')).toBe(true);
    expect([a.stats.emittedTokens, b.stats.emittedTokens]).toEqual([24, 4]);
  });

  it('stop() ends the running translation only; the queued one still runs in full', async () => {
    const running = service.translate({ ...request, maxNewTokens: 400 }, (event) => {
      if (event.type === 'step' && event.step === 1) void service.stop();
    });
    const queued = service.translate(request, () => {});
    expect((await running).finishReason).toBe('aborted');
    expect(await queued).toMatchObject({ finishReason: 'max-tokens', stats: { emittedTokens: 24 } });
  });

  it('translates each sentence under its own prompt and keeps the paragraph layout', async () => {
    const { events, steps, onEvent } = collect();
    const text = 'Guten Morgen. Wie geht es dir?\n\nZweiter Absatz.\n\n\nDritter Absatz.';
    const done = await service.translate({ ...request, text, maxNewTokens: 5 }, onEvent);
    expect(done.segments).toBe(4);
    expect(done.stats.emittedTokens).toBe(20);
    expect(new Set(steps().map((s) => s.segment))).toEqual(new Set([0, 1, 2, 3]));
    expect(steps().map((s) => s.step)).toEqual(steps().map((_, i) => i)); // numbered across segments
    const firsts = steps().filter((s, i, all) => i === 0 || all[i - 1].segment !== s.segment);
    expect(firsts.map((s) => [s.paragraph, s.emitted[0].before])).toEqual([
      [0, undefined],
      [0, ' '],
      [1, '\n\n'],
      [2, '\n\n\n'],
    ]);
    const joined =
      steps()
        .flatMap((s) => s.emitted.map((t) => (t.before ?? '') + t.text))
        .join('') + done.tail;
    expect(joined).toBe(done.text);
    expect(done.text.split(/\n\s*\n/)).toHaveLength(3);
    expect(events.filter((e) => e.type === 'lane-done')).toHaveLength(1);
  });

  it('races autoregressive then speculative decoding and reports the measured speedup', async () => {
    const { events, steps, onEvent } = collect();
    const done = await service.translate({ ...request, mode: 'race' }, onEvent);
    const lanes = steps().map((s) => s.lane);
    // Sequential: every autoregressive step comes before the first speculative one.
    expect(lanes.indexOf('speculative')).toBe(lanes.lastIndexOf('autoregressive') + 1);
    const laneDone = events.filter((e) => e.type === 'lane-done');
    expect(laneDone.map((e) => e.lane)).toEqual(['autoregressive', 'speculative']);
    expect(laneDone[0].text).toBe(laneDone[1].text); // greedy: lossless
    expect(done.race).toBeDefined();
    const { autoregressive, speculative, speedup } = done.race!;
    expect(speedup).toBeCloseTo(speculative.tokensPerSecond / autoregressive.tokensPerSecond, 10);
    expect(autoregressive.draftedTokens).toBe(0);
    expect(speculative.emittedTokens).toBe(24);
    expect(
      steps()
        .filter((s) => s.lane === 'autoregressive')
        .every((s) => s.draftLength === 0),
    ).toBe(true);
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

  it('samples with temperature/top-p and drafts by confidence, with provenance still adding up', async () => {
    const { steps, onEvent } = collect();
    const sampled = {
      ...request,
      sampling: { temperature: 0.8, topP: 0.9 },
      draftPolicy: { kind: 'confidence' },
    } as const;
    const done = await service.translate(sampled, onEvent);
    expect(done).toMatchObject({ finishReason: 'max-tokens', stats: { emittedTokens: 24 } });
    const emitted = steps().flatMap((s) => s.emitted);
    expect(emitted.filter((t) => t.source === 'accepted')).toHaveLength(done.stats.acceptedTokens);
    expect(steps().every((s) => s.draftLength <= 12)).toBe(true); // the confidence policy's cap
  });

  it('stop(runId) stops only the run with that id: a queued one ends at once, the running one goes on', async () => {
    const first = collect();
    let stopSent = false;
    const running = service.translate({ ...request, runId: 'app-1' }, (event) => {
      first.onEvent(event);
      if (event.type === 'step' && !stopSent) {
        stopSent = true;
        void service.stop('api-7'); // queued behind app-1: app-1 must not notice
      }
    });
    const queued = collect();
    const stoppedWhileQueued = service.translate({ ...request, runId: 'api-7' }, queued.onEvent);
    const after = service.translate({ ...request, runId: 'app-2' }, () => {});
    await expect(running).resolves.toMatchObject({ finishReason: 'max-tokens' });
    const done = await stoppedWhileQueued;
    expect(done.finishReason).toBe('aborted');
    expect(queued.steps()).toHaveLength(0); // never decoded a token
    await expect(after).resolves.toMatchObject({ finishReason: 'max-tokens' }); // the stop was used up
  });

  it('stop(runId) stops the running run that has that id, within one step', async () => {
    const { steps, onEvent } = collect();
    let stoppedAt = -1;
    const done = await service.translate({ ...request, runId: 'r-1' }, (event) => {
      onEvent(event);
      if (event.type === 'step' && stoppedAt < 0) {
        stoppedAt = event.step;
        void service.stop('r-1');
      }
    });
    expect(done.finishReason).toBe('aborted');
    expect(steps().at(-1)!.step).toBeLessThanOrEqual(stoppedAt + 1);
  });

  it('stop() with nothing running is harmless', async () => {
    await expect(service.stop()).resolves.toBeUndefined();
  });
});
