import { describe, expect, it } from 'vitest';
import catalogue from './drafters.json';
import { DRAFTERS, drafterById, drafterFor, parseDrafterCatalogue } from './drafters.ts';

describe('the drafter registry', () => {
  it('has one drafter per source language and one generic drafter, each with its own folder', () => {
    for (const language of ['de', 'fr', 'ru', 'ja', 'zh'] as const) {
      const drafter = drafterFor(language);
      expect(drafter).toMatchObject({
        sourceLanguage: language,
        targetLanguage: 'en',
        format: 'safetensors',
        runtime: 'llama-webgpu',
      });
      expect(drafter.url).toBe(`/models/${drafter.id}/`);
    }
    expect(drafterFor(null).id).toBe('vicuna-68m');
    expect(new Set(DRAFTERS.map((d) => d.id)).size).toBe(7);
    expect(DRAFTERS.filter((d) => d.sourceLanguage === null).map((d) => d.id)).toEqual(['vicuna-68m', 'llama-160m']);
  });

  it('marks every drafter not installed (the paper’s drafters are not downloadable here)', () => {
    expect(DRAFTERS.every((d) => d.status === 'not-installed')).toBe(true);
  });

  it('falls back to the generic drafter for a language without its own', () => {
    const withoutJapanese = DRAFTERS.filter((d) => d.sourceLanguage !== 'ja');
    expect(drafterFor('ja', withoutJapanese).id).toBe('vicuna-68m');
  });

  it('names a drafter by id and refuses unknown ids', () => {
    expect(drafterById('vicuna-68m').sourceLanguage).toBeNull();
    expect(() => drafterById('nope')).toThrow(/no drafter "nope"/);
  });

  it('refuses a malformed catalogue, naming the entry and field', () => {
    const entries = structuredClone(catalogue) as Record<string, unknown>[];
    expect(() => parseDrafterCatalogue({})).toThrow(/must be an array/);
    expect(() => parseDrafterCatalogue([{ ...entries[0], format: 'gguf' }, entries[5]])).toThrow(
      /drafter "tandem-drafter-68m-de-en": format must be "safetensors"/,
    );
    expect(() => parseDrafterCatalogue([{ ...entries[0], url: 'https://example.com/x' }, entries[5]])).toThrow(
      /url must be/,
    );
    expect(() => parseDrafterCatalogue([{ ...entries[0], sourceLanguage: 'xx' }, entries[5]])).toThrow(
      /sourceLanguage/,
    );
    expect(() => parseDrafterCatalogue([entries[0], entries[0], entries[5]])).toThrow(/repeats an id/);
    expect(() => parseDrafterCatalogue([entries[0]])).toThrow(/needs a generic drafter/);
  });
});
