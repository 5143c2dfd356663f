import { describe, expect, it } from 'vitest';
import type { TranslateEvent } from '../protocol/protocol.ts';
import { FakeBackend, readAll, rejection, sleep } from './fake-backend.test-support.ts';
import { Translator } from './translator.ts';

const pair = (backend: FakeBackend, extra: object = {}) => ({
  sourceLanguage: 'de',
  targetLanguage: 'en',
  tandem: { backend },
  ...extra,
});

async function ready(backend = new FakeBackend()): Promise<{ translator: Translator; backend: FakeBackend }> {
  backend.state = 'available';
  return { translator: await Translator.create(pair(backend)), backend };
}

function expectDomError(error: unknown, name: string): void {
  expect(error).toBeInstanceOf(DOMException);
  expect((error as DOMException).name).toBe(name);
}

describe('Translator arguments', () => {
  it('rejects a missing language with TypeError and an invalid tag with RangeError', async () => {
    const backend = new FakeBackend();
    await expect(Translator.availability({ sourceLanguage: 'de', tandem: { backend } } as never)).rejects.toThrow(
      TypeError,
    );
    await expect(Translator.create({ targetLanguage: 'en', tandem: { backend } } as never)).rejects.toThrow(TypeError);
    await expect(Translator.availability(pair(backend, { sourceLanguage: 'not a tag!' }))).rejects.toThrow(RangeError);
    await expect(Translator.create(pair(backend, { targetLanguage: 'e' }))).rejects.toThrow(RangeError);
    await expect(Translator.create(pair(backend, { monitor: 'no' }))).rejects.toThrow(TypeError);
  });

  it('says "unavailable" for a pair Tandem lacks and create() rejects it with NotSupportedError', async () => {
    const backend = new FakeBackend();
    for (const [s, t] of [
      ['en', 'de'],
      ['sw', 'en'],
      ['de', 'fr'],
      ['yo', 'en'],
    ]) {
      expect(await Translator.availability(pair(backend, { sourceLanguage: s, targetLanguage: t }))).toBe(
        'unavailable',
      );
      expectDomError(
        await rejection(Translator.create(pair(backend, { sourceLanguage: s, targetLanguage: t }))),
        'NotSupportedError',
      );
    }
    expect(backend.downloadSignals).toHaveLength(0);
  });

  it('translates languages without a drafter of their own (generic drafter, or the target alone)', async () => {
    const backend = new FakeBackend();
    backend.state = 'available';
    for (const source of ['pt-BR', 'ar', 'ro', 'es', 'ko']) {
      expect(await Translator.availability(pair(backend, { sourceLanguage: source }))).toBe('available');
    }
    const translator = await Translator.create(pair(backend, { sourceLanguage: 'pt-BR' }));
    expect(translator.sourceLanguage).toBe('pt');
    await translator.translate('Olá');
    expect(backend.requests[0]).toMatchObject({ from: 'pt', to: 'en' });
  });

  it('best-fits regional tags to the pair (de-CH → de, en-US → en) and canonicalizes case', async () => {
    const backend = new FakeBackend();
    backend.state = 'available';
    expect(await Translator.availability(pair(backend, { sourceLanguage: 'DE-ch', targetLanguage: 'en-US' }))).toBe(
      'available',
    );
    const translator = await Translator.create(
      pair(backend, { sourceLanguage: 'ZH-Hant-TW', targetLanguage: 'en-GB' }),
    );
    expect([translator.sourceLanguage, translator.targetLanguage]).toEqual(['zh', 'en']);
    await translator.translate('你好');
    expect(backend.requests[0]).toMatchObject({ from: 'zh', to: 'en', text: '你好' });
  });

  it('treats a same-language pair as the identity translation (the spec: always available)', async () => {
    const backend = new FakeBackend();
    expect(await Translator.availability(pair(backend, { sourceLanguage: 'en', targetLanguage: 'en-GB' }))).toBe(
      'available',
    );
    const translator = await Translator.create(pair(backend, { sourceLanguage: 'fr-CA', targetLanguage: 'fr' }));
    expect(await translator.translate('Bonjour')).toBe('Bonjour');
    expect(backend.requests).toHaveLength(0);
  });
});

describe('Translator.create() and its monitor', () => {
  it('downloads a downloadable model: progress from 0 to exactly 1, spec-shaped, then loads it', async () => {
    const backend = new FakeBackend();
    const events: ProgressEvent[] = [];
    const availability: string[] = [await Translator.availability(pair(backend))];
    const created = Translator.create(
      pair(backend, {
        monitor: (m: EventTarget) => m.addEventListener('downloadprogress', (e) => events.push(e as ProgressEvent)),
      }),
    );
    await sleep(30);
    availability.push(await Translator.availability(pair(backend)));
    const translator = await created;
    availability.push(await Translator.availability(pair(backend)));
    expect(availability).toEqual(['downloadable', 'downloading', 'available']);
    const loaded = events.map((e) => e.loaded);
    expect(loaded[0]).toBe(0);
    expect(loaded.at(-1)).toBe(1);
    expect(loaded.length).toBeGreaterThan(2);
    for (const [i, e] of events.entries()) {
      expect(e.type).toBe('downloadprogress');
      expect(e.total).toBe(1);
      expect(e.lengthComputable).toBe(true);
      expect(e.loaded % (1 / 0x10000)).toBe(0);
      if (i > 0) expect(e.loaded).toBeGreaterThan(events[i - 1]!.loaded);
    }
    expect(backend.initialized).toBe(1);
    expect(translator.inputQuota).toBe(backend.inputQuota);
  });

  it('fires 0 then 1 for a model already stored, through ondownloadprogress too', async () => {
    const backend = new FakeBackend();
    backend.state = 'available';
    const loaded: number[] = [];
    await Translator.create(
      pair(backend, {
        monitor: (m: { ondownloadprogress: unknown }) =>
          (m.ondownloadprogress = (e: ProgressEvent) => loaded.push(e.loaded)),
      }),
    );
    expect(loaded).toEqual([0, 1]);
    expect(backend.downloadSignals).toHaveLength(0);
  });

  it('rejects with the signal reason when aborted before, and aborts the download when aborted during', async () => {
    const backend = new FakeBackend();
    const before = new AbortController();
    before.abort();
    expectDomError(await rejection(Translator.create(pair(backend, { signal: before.signal }))), 'AbortError');

    const during = new AbortController();
    const loaded: number[] = [];
    const created = Translator.create(
      pair(backend, {
        signal: during.signal,
        monitor: (m: EventTarget) =>
          m.addEventListener('downloadprogress', (e) => loaded.push((e as ProgressEvent).loaded)),
      }),
    );
    await sleep(130); // two progress steps in
    const reason = new Error('user gave up');
    during.abort(reason);
    expect(await rejection(created)).toBe(reason);
    const seen = loaded.length;
    await sleep(200);
    expect(loaded).toHaveLength(seen); // nothing fired after the abort
    expect(loaded).not.toContain(1);
    expect(backend.downloadSignals[0]!.aborted).toBe(true);
    expect(backend.initialized).toBe(0);
  });

  it("rejects with the monitor callback's own error, and with OperationError when loading fails", async () => {
    const backend = new FakeBackend();
    backend.state = 'available';
    const thrown = new Error('monitor bug');
    expect(
      await rejection(
        Translator.create(
          pair(backend, {
            monitor: () => {
              throw thrown;
            },
          }),
        ),
      ),
    ).toBe(thrown);
    backend.failInitialize = new Error('weights are corrupt');
    expectDomError(await rejection(Translator.create(pair(backend))), 'OperationError');
  });
});

describe('Translator.translate() and translateStreaming()', () => {
  it("streams deltas whose concatenation is translate()'s result", async () => {
    const { translator } = await ready();
    const whole = await translator.translate('Hallo Welt.');
    const chunks = await readAll(translator.translateStreaming('Hallo Welt.'));
    expect(whole).toBe('Hello world.');
    expect(chunks).toEqual(['Hello', ' wor', 'ld', '.']);
    expect(chunks.join('')).toBe(whole);
  });

  it('streams only the speculative lane of a race, and the tail a lane held back', async () => {
    const backend = new FakeBackend();
    backend.tail = '!';
    const { translator } = await ready(backend);
    const chunks = await readAll(translator.translateStreaming('Hallo', { tandem: { mode: 'race' } }));
    expect(chunks.join('')).toBe('Hello world.!');
    expect(backend.requests[0]!.mode).toBe('race');
  });

  it('gives every worker event to tandem.onStep, and passes the run options through', async () => {
    const backend = new FakeBackend();
    backend.state = 'available';
    const fromCreate: TranslateEvent[] = [];
    const perCall: TranslateEvent[] = [];
    const translator = await Translator.create(
      pair(backend, { tandem: { backend, onStep: (e: TranslateEvent) => fromCreate.push(e), maxNewTokens: 7 } }),
    );
    await translator.translate('Hallo', {
      tandem: { onStep: (e) => perCall.push(e), mode: 'autoregressive', sampling: { temperature: 0.7, topP: 0.9 } },
    });
    expect(perCall.map((e) => e.type)).toEqual(['step', 'step', 'step', 'step', 'lane-done', 'done']);
    expect(fromCreate).toHaveLength(0); // the call's onStep replaces the default
    expect(backend.requests[0]).toMatchObject({
      mode: 'autoregressive',
      maxNewTokens: 7,
      sampling: { temperature: 0.7, topP: 0.9 },
    });
    await translator.translate('Hallo');
    expect(fromCreate).toHaveLength(6);
  });

  it('runs a pair installed with the model manager: the request names it; a pair not installed is NotSupportedError', async () => {
    const model = { target: 'user:my-target', drafter: 'tandem-drafter-68m-de-en' };
    const missing = new FakeBackend();
    missing.state = 'unavailable';
    expectDomError(
      await rejection(
        Translator.create({ sourceLanguage: 'de', targetLanguage: 'en', tandem: { backend: missing, model } }),
      ),
      'NotSupportedError',
    );
    expect(missing.initialized).toBe(0);
    expect(
      await Translator.availability({
        sourceLanguage: 'de',
        targetLanguage: 'en',
        tandem: { backend: missing, model },
      }),
    ).toBe('unavailable');

    const backend = new FakeBackend();
    backend.state = 'available';
    const translator = await Translator.create({
      sourceLanguage: 'de',
      targetLanguage: 'en',
      tandem: { backend, model },
    });
    expect(backend.models).toEqual([model]);
    await translator.translate('Hallo');
    expect(backend.requests[0]!.pair).toEqual(model);
  });

  it('echoes input with nothing to translate, without running the model', async () => {
    const { translator, backend } = await ready();
    for (const input of ['', ' ', ' \r\n\t', '\u0001']) expect(await translator.translate(input)).toBe(input);
    expect(await readAll(translator.translateStreaming(''))).toEqual([]);
    expect(backend.requests).toHaveLength(0);
  });

  it("rejects (and errors the stream) with an aborted signal's reason before anything runs", async () => {
    const { translator, backend } = await ready();
    const controller = new AbortController();
    controller.abort();
    expectDomError(await rejection(translator.translate('Hallo', { signal: controller.signal })), 'AbortError');
    expect(() => translator.translateStreaming('Hallo', { signal: controller.signal })).toThrow(DOMException);
    const custom = new AbortController();
    const reason = new Error('mine');
    custom.abort(reason);
    expect(await rejection(translator.translate('Hallo', { signal: custom.signal }))).toBe(reason);
    expect(backend.requests).toHaveLength(0);
  });

  it('aborts mid-stream: the stream errors with AbortError, the run is stopped, the next call works', async () => {
    const { translator, backend } = await ready();
    backend.stepMs = 30;
    const controller = new AbortController();
    const reader = translator.translateStreaming('Hallo Welt.', { signal: controller.signal }).getReader();
    expect((await reader.read()).value).toBe('Hello');
    controller.abort();
    expectDomError(await rejection(reader.read()), 'AbortError');
    expect(backend.translateSignals[0]!.aborted).toBe(true);
    expect(await translator.translate('Hallo Welt.')).toBe('Hello world.');
  });

  it("aborts translate() mid-run with the signal's reason, at once", async () => {
    const { translator, backend } = await ready();
    backend.stepMs = 200;
    // "At once": the caller's promise rejects while the backend is still inside its step.
    let backendSettled = false;
    const translate = backend.translate.bind(backend);
    backend.translate = (...args) => translate(...args).finally(() => (backendSettled = true));
    const controller = new AbortController();
    const pending = translator.translate('Hallo', { signal: controller.signal });
    await sleep(20);
    const reason = new DOMException('stop', 'TimeoutError');
    controller.abort(reason);
    expect(await rejection(pending)).toBe(reason);
    expect(backendSettled).toBe(false);
  });

  it('stops the run (without an error) when the reader cancels the stream', async () => {
    const { translator, backend } = await ready();
    backend.stepMs = 30;
    const reader = translator.translateStreaming('Hallo').getReader();
    await reader.read();
    await reader.cancel();
    expect(backend.translateSignals[0]!.aborted).toBe(true);
  });

  it('fails with QuotaExceededError (requested, quota) when the input is over inputQuota', async () => {
    const { translator, backend } = await ready();
    backend.inputQuota = 5;
    expect(await translator.measureInputUsage('123456')).toBe(6);
    const error = (await rejection(translator.translate('123456'))) as DOMException & {
      requested: number;
      quota: number;
    };
    expectDomError(error, 'QuotaExceededError');
    expect([error.requested, error.quota]).toEqual([6, 5]);
    expectDomError(await rejection(readAll(translator.translateStreaming('123456'))), 'QuotaExceededError');
    expect(await translator.translate('12345')).toBe('Hello world.');
  });

  it('turns an engine failure into UnknownError, keeping the cause', async () => {
    const { translator, backend } = await ready();
    backend.failTranslate = new Error('device lost');
    const error = await rejection(translator.translate('Hallo'));
    expectDomError(error, 'UnknownError');
    expect((error as { cause?: unknown }).cause).toBe(backend.failTranslate);
  });

  it('cannot be constructed directly, only by create()', () => {
    expect(() => new (Translator as unknown as new () => Translator)()).toThrow(TypeError);
  });

  it('requires the input argument', async () => {
    const { translator } = await ready();
    await expect((translator.translate as () => Promise<string>)()).rejects.toThrow(TypeError);
    expect(() => (translator.translateStreaming as () => unknown)()).toThrow(TypeError);
  });
});

describe('Translator.destroy()', () => {
  it('aborts what runs and fails every later call with AbortError', async () => {
    const { translator, backend } = await ready();
    backend.stepMs = 30;
    const running = translator.translate('Hallo');
    const reader = translator.translateStreaming('Hallo').getReader();
    await sleep(10);
    const measuring = translator.measureInputUsage('Hallo');
    translator.destroy();
    expectDomError(await rejection(running), 'AbortError');
    expectDomError(await rejection(reader.read()), 'AbortError');
    expectDomError(await rejection(measuring), 'AbortError');
    expectDomError(await rejection(translator.translate('Hallo')), 'AbortError');
    expectDomError(await rejection(translator.measureInputUsage('Hallo')), 'AbortError');
    expect(() => translator.translateStreaming('Hallo')).toThrow(/destroyed/);
    expect(backend.translateSignals).toHaveLength(2);
    expect(backend.translateSignals.every((s) => s.aborted)).toBe(true);
    translator.destroy(); // twice is fine
  });

  it('is what aborting the create() signal does after creation, with that reason', async () => {
    const backend = new FakeBackend();
    backend.state = 'available';
    const controller = new AbortController();
    const translator = await Translator.create(pair(backend, { signal: controller.signal }));
    const reason = new Error('page closed the panel');
    controller.abort(reason);
    expect(await rejection(translator.translate('Hallo'))).toBe(reason);
    expect(await rejection(translator.measureInputUsage('Hallo'))).toBe(reason);
  });
});
