import { describe, expect, it } from 'vitest';
import { bestFit, canonicalTag } from './language-tags.ts';

describe('language tags', () => {
  it('canonicalizes valid tags and throws RangeError for invalid ones', () => {
    expect(canonicalTag('EN-us')).toBe('en-US');
    expect(canonicalTag('zh-hant-tw')).toBe('zh-Hant-TW');
    expect(canonicalTag('iw')).toBe('he');
    for (const bad of ['', 'e', 'not a tag', 'en_US', '123']) expect(() => canonicalTag(bad)).toThrow(RangeError);
    expect(() => canonicalTag(Symbol('x'))).toThrow(TypeError);
  });

  it('best-fits by cutting subtags (Lookup), skipping extensions and private use', () => {
    const available = ['de', 'fr', 'zh', 'en'];
    expect(bestFit(available, 'de-CH')).toBe('de');
    expect(bestFit(available, 'zh-Hant-TW')).toBe('zh');
    expect(bestFit(available, 'en-u-ca-gregory')).toBe('en');
    expect(bestFit(available, 'fr-x-private')).toBe('fr');
    expect(bestFit(available, 'es')).toBeUndefined();
    expect(bestFit(['zh-Hant', 'zh'], 'zh-Hant-HK')).toBe('zh-Hant');
  });
});
