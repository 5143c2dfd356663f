import { describe, expect, it } from 'vitest';
import { TandemService } from '../worker/tandem-service.ts';
import { fixtureDemoSources } from '../worker/testing/fixture-demo-sources.ts';
import { FakeBackend, readAll, rejection } from './fake-backend.test-support.ts';
import { Translator, type TandemRunOptions } from './translator.ts';

async function ready(backend = new FakeBackend()): Promise<{ translator: Translator; backend: FakeBackend }> {
  backend.state = 'available';
  return {
    translator: await Translator.create({ sourceLanguage: 'de', targetLanguage: 'en', tandem: { backend } }),
    backend,
  };
}

const bad: [string, TandemRunOptions, typeof TypeError | typeof RangeError][] = [
  ['maxNewTokens -1', { maxNewTokens: -1 }, RangeError],
  ['maxNewTokens 3000', { maxNewTokens: 3000 }, RangeError],
  ['maxNewTokens 1.5', { maxNewTokens: 1.5 }, RangeError],
  ['maxNewTokens "64"', { maxNewTokens: '64' as unknown as number }, TypeError],
  ['temperature NaN', { sampling: { temperature: Number.NaN, topP: 1 } }, RangeError],
  ['temperature -1', { sampling: { temperature: -1, topP: 1 } }, RangeError],
  ['topP 0', { sampling: { temperature: 0.7, topP: 0 } }, RangeError],
  ['topP missing', { sampling: { temperature: 0.7 } as never }, TypeError],
  ["mode 'warp'", { mode: 'warp' as never }, TypeError],
  ["draftPolicy kind 'magic'", { draftPolicy: { kind: 'magic' } as never }, TypeError],
  ['draftPolicy fixed γ -2', { draftPolicy: { kind: 'fixed', draftLength: -2 } }, RangeError],
  ['onStep not a function', { onStep: 'no' as never }, TypeError],
];

describe('Tandem run options are checked up front', () => {
  it.each(bad)('create() refuses %s before any availability check or download', async (_, tandem, Kind) => {
    const backend = new FakeBackend();
    const error = await rejection(
      Translator.create({ sourceLanguage: 'de', targetLanguage: 'en', tandem: { backend, ...tandem } }),
    );
    expect(error).toBeInstanceOf(Kind);
    expect(backend.models).toEqual([]); // not even asked whether the model is there
  });

  it.each(bad)('translate() and translateStreaming() refuse %s before the run starts', async (_, tandem, Kind) => {
    const { translator, backend } = await ready();
    expect(await rejection(translator.translate('Hallo', { tandem }))).toBeInstanceOf(Kind);
    expect(() => translator.translateStreaming('Hallo', { tandem })).toThrow(Kind);
    expect(backend.requests).toEqual([]);
  });

  it('names the option and its limits', async () => {
    const { translator } = await ready();
    await expect(translator.translate('Hallo', { tandem: { maxNewTokens: 3000 } })).rejects.toThrow(
      'Translator.translate: tandem.maxNewTokens must be an integer from 1 to 1024, got 3000.',
    );
    await expect(translator.translate('Hallo', { tandem: { mode: 'warp' as never } })).rejects.toThrow(
      "tandem.mode must be one of 'speculative', 'autoregressive', 'race', got 'warp'.",
    );
  });

  it('accepts the valid ones and passes them on', async () => {
    const { translator, backend } = await ready();
    const tandem: TandemRunOptions = {
      mode: 'race',
      maxNewTokens: 1024,
      sampling: { temperature: 0.3, topP: 0.9 },
      draftPolicy: { kind: 'fixed', draftLength: 4 },
    };
    expect(await translator.translate('Hallo', { tandem })).toBe('Hello world.');
    expect(backend.requests[0]).toMatchObject(tandem);
  });
});

describe('a late failure keeps what was translated', () => {
  it('translate() rejects with the text so far on the error; the stream has delivered it already', async () => {
    const { translator, backend } = await ready();
    backend.failLate = new Error('device lost');
    const error = (await rejection(translator.translate('Hallo'))) as DOMException & { partialText?: string };
    expect(error.name).toBe('UnknownError');
    expect(error.partialText).toBe('Hello world.');
    expect(error.message).toContain('12 characters were translated before the failure');
    const chunks: string[] = [];
    const stream = translator.translateStreaming('Hallo');
    const reader = stream.getReader();
    const failure = await (async () => {
      for (;;) {
        const { value, done } = await reader.read();
        if (done) return null;
        chunks.push(value);
      }
    })().catch((e: unknown) => e);
    expect(chunks.join('')).toBe('Hello world.');
    expect((failure as { partialText?: string }).partialText).toBe('Hello world.');
    // A failure before any text carries none.
    backend.failLate = null;
    backend.failTranslate = new Error('no');
    expect((await rejection(translator.translate('Hallo'))) as object).not.toHaveProperty('partialText');
    expect(await rejection(readAll(translator.translateStreaming('Hallo')))).not.toHaveProperty('partialText');
  });
});

describe('the Translator API on the real worker service (demo pair, in-thread)', () => {
  it('translates a 1 740-character Japanese paragraph without 。 (longer than the context) to the end', async () => {
    const service = new TandemService({ gpu: () => undefined, demoSources: fixtureDemoSources });
    await service.loadDemo();
    const translator = await Translator.create({
      sourceLanguage: 'ja',
      targetLanguage: 'en',
      tandem: { client: service, mode: 'autoregressive', maxNewTokens: 2 },
    });
    const japanese = '今日は天気がとても良いので私たちは公園へ散歩に行き、'.repeat(70).slice(0, 1740);
    const text = await translator.translate(japanese);
    expect(text.length).toBeGreaterThan(0);
  });
});
