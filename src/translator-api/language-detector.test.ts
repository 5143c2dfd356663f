import { describe, expect, it } from 'vitest';
import { rejection } from './fake-backend.test-support.ts';
import { detectionResults, LanguageDetector, type DetectorBackend } from './language-detector.ts';

function expectDomError(error: unknown, name: string): void {
  expect(error).toBeInstanceOf(DOMException);
  expect((error as DOMException).name).toBe(name);
}

describe('LanguageDetector on eld', () => {
  it('detects German first, sorted by confidence, with "und" last, summing to at most 1', async () => {
    const detector = await LanguageDetector.create();
    const results = await detector.detect('Guten Morgen, wie geht es dir heute? Ich hoffe, es geht dir gut.');
    expect(results[0]!.detectedLanguage).toBe('de');
    expect(results[0]!.confidence).toBeGreaterThan(0.9);
    const und = results.at(-1)!;
    expect(und.detectedLanguage).toBe('und');
    expect(und.confidence).toBeGreaterThan(0);
    const rest = results.slice(0, -1);
    for (let i = 1; i < rest.length; i++) expect(rest[i]!.confidence).toBeLessThanOrEqual(rest[i - 1]!.confidence);
    for (const r of rest) expect(r.confidence).toBeGreaterThan(und.confidence);
    expect(results.reduce((a, r) => a + r.confidence, 0)).toBeLessThanOrEqual(1 + 1e-9);
    expect((await detector.detect('今日は良い天気ですね。'))[0]!.detectedLanguage).toBe('ja');
  });

  it('answers only "und" (confidence 1) for text with no language in it', async () => {
    const detector = await LanguageDetector.create();
    expect(await detector.detect('12345')).toEqual([{ detectedLanguage: 'und', confidence: 1 }]);
    expect(await detector.detect('')).toEqual([{ detectedLanguage: 'und', confidence: 1 }]);
  });

  it('checks expectedInputLanguages: canonical, best-fit, deduplicated, null when empty; unknown → unavailable', async () => {
    expect(await LanguageDetector.availability()).toBe('available');
    expect(await LanguageDetector.availability({ expectedInputLanguages: ['de-CH', 'ja'] })).toBe('available');
    expect(await LanguageDetector.availability({ expectedInputLanguages: ['de', 'tlh'] })).toBe('unavailable');
    await expect(LanguageDetector.availability({ expectedInputLanguages: ['not a tag'] })).rejects.toThrow(RangeError);
    await expect(LanguageDetector.create({ expectedInputLanguages: 'de' as never })).rejects.toThrow(TypeError); // not a sequence
    expectDomError(await rejection(LanguageDetector.create({ expectedInputLanguages: ['tlh'] })), 'NotSupportedError');
    const detector = await LanguageDetector.create({ expectedInputLanguages: ['EN-us', 'de', 'en'] });
    expect(detector.expectedInputLanguages).toEqual(['en', 'de']);
    expect(Object.isFrozen(detector.expectedInputLanguages)).toBe(true);
    expect((await LanguageDetector.create({ expectedInputLanguages: [] })).expectedInputLanguages).toBeNull();
    expect((await LanguageDetector.create()).expectedInputLanguages).toBeNull();
  });
});

/** A detector whose detect() waits until released, to abort it mid-way. */
function slowDetector(): DetectorBackend & { release: () => void } {
  let release = (): void => {};
  return {
    release: () => release(),
    languages: async () => ['de', 'en'],
    detect: () => new Promise((resolve) => (release = () => resolve({ scores: { de: 0.9 }, reliable: true }))),
  };
}

describe('LanguageDetector lifecycle', () => {
  it("fires downloadprogress 0 then 1, and rejects with the monitor's own error", async () => {
    const loaded: number[] = [];
    await LanguageDetector.create({
      monitor: (m) => m.addEventListener('downloadprogress', (e) => loaded.push((e as ProgressEvent).loaded)),
    });
    expect(loaded).toEqual([0, 1]);
    const thrown = new Error('monitor bug');
    expect(
      await rejection(
        LanguageDetector.create({
          monitor: () => {
            throw thrown;
          },
        }),
      ),
    ).toBe(thrown);
  });

  it('rejects with the signal reason: create() before, detect() before and during', async () => {
    const aborted = new AbortController();
    aborted.abort();
    expectDomError(await rejection(LanguageDetector.create({ signal: aborted.signal })), 'AbortError');
    const fake = slowDetector();
    const detector = await LanguageDetector.create({ tandem: { detector: fake } });
    expectDomError(await rejection(detector.detect('Hallo', { signal: aborted.signal })), 'AbortError');
    const during = new AbortController();
    const pending = detector.detect('Hallo', { signal: during.signal });
    const reason = new Error('enough');
    during.abort(reason);
    expect(await rejection(pending)).toBe(reason);
    fake.release();
  });

  it('destroy() fails what runs and every later call with AbortError', async () => {
    const fake = slowDetector();
    const detector = await LanguageDetector.create({ tandem: { detector: fake } });
    const pending = detector.detect('Hallo');
    detector.destroy();
    expectDomError(await rejection(pending), 'AbortError');
    expectDomError(await rejection(detector.detect('Hallo')), 'AbortError');
    expectDomError(await rejection(detector.measureInputUsage('Hallo')), 'AbortError');
    fake.release();
  });

  it('has no input quota (eld reads a bounded sample), so usage is 0', async () => {
    const detector = await LanguageDetector.create();
    expect(detector.inputQuota).toBe(Infinity);
    expect(await detector.measureInputUsage('x'.repeat(100_000))).toBe(0);
  });
});

describe("detectionResults (the spec's post-processing)", () => {
  it('keeps languages above "und" until 99 %, then appends "und"', () => {
    const results = detectionResults({ scores: { de: 0.83, nl: 0.62, sv: 0.49 }, reliable: true });
    // nl (~1.5 %) is above "und" (1 %) and de alone is under 99 %; sv (~0.1 %) is noise.
    expect(results.map((r) => r.detectedLanguage)).toEqual(['de', 'nl', 'und']);
    expect(results[2]!.confidence).toBe(0.01);
    expect(results[0]!.confidence + results[1]!.confidence).toBeGreaterThan(0.98);
    const unsure = detectionResults({ scores: { de: 0.5, nl: 0.49 }, reliable: false });
    expect(unsure.map((r) => r.detectedLanguage)).toEqual(['und']); // each below the 0.5 left to "und"
  });
});
