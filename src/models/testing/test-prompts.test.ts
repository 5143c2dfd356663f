import { describe, expect, it } from 'vitest';
import type { LanguageCode } from '../prompt.ts';
import { DRAFTERS } from '../registry/drafters.ts';
import { TEST_PROMPT_LANGUAGES, TEST_PROMPTS, testPrompts } from './test-prompts.ts';

// What each language's set must contain somewhere, so the tests that use it see these cases.
const HAS = {
  numbers: (text: string) => /\p{Nd}/u.test(text),
  emoji: (text: string) => /\p{Extended_Pictographic}/u.test(text),
  quotes: (text: string) => /["“”„«»「」『』]/u.test(text),
  question: (text: string) => /[?？]/u.test(text),
  exclamation: (text: string) => /[!！]/u.test(text),
  ellipsis: (text: string) => /…/u.test(text),
  // At least four sentences: a paragraph, not one long sentence.
  paragraph: (text: string) => (text.match(/[.。!?！？](?=\s|$|\p{Lo})/gu) ?? []).length >= 4,
};

describe('Tandem’s test prompts', () => {
  it('cover every source language of the drafter registry, and English, with several prompts each', () => {
    // The registry's languages are the paper's; the prompt template knows many more, which the
    // target translates without a drafter of their own.
    const registry = new Set(DRAFTERS.flatMap((d) => (d.sourceLanguage ? [d.sourceLanguage as LanguageCode] : [])));
    for (const language of [...registry, 'en' as LanguageCode]) {
      expect(TEST_PROMPTS.filter((p) => p.from === language).length, language).toBeGreaterThanOrEqual(5);
    }
    expect(TEST_PROMPT_LANGUAGES).toEqual(['de', 'fr', 'ru', 'ja', 'zh', 'en']);
  });

  it.each(TEST_PROMPT_LANGUAGES)(
    '%s has numbers, emoji, quotes, ?, !, …, abbreviations and a long paragraph',
    (language) => {
      const texts = TEST_PROMPTS.filter((p) => p.from === language).map((p) => p.text);
      for (const [what, has] of Object.entries(HAS)) {
        // English keeps to five prompts: no ellipsis there.
        if (language === 'en' && what === 'ellipsis') continue;
        expect(texts.some(has), `${language}: ${what}`).toBe(true);
      }
      expect(
        TEST_PROMPTS.some((p) => p.from === language && p.abbreviations),
        `${language}: abbreviations`,
      ).toBe(true);
      const last = texts.at(-1)!;
      expect(HAS.paragraph(last) && last.length > 150, `${language}: the long paragraph is last`).toBe(true);
    },
  );

  it('lists only abbreviations that are in the text, and ids are unique', () => {
    for (const prompt of TEST_PROMPTS) {
      for (const abbreviation of prompt.abbreviations ?? []) expect(prompt.text, prompt.id).toContain(abbreviation);
      expect(prompt.text.trim(), prompt.id).toBe(prompt.text);
      expect(prompt.from, prompt.id).not.toBe(prompt.to);
    }
    expect(new Set(TEST_PROMPTS.map((p) => p.id)).size).toBe(TEST_PROMPTS.length);
  });

  it('picks the first n of each language, in language order', () => {
    const two = testPrompts(2);
    expect(two.map((p) => p.id)).toEqual([
      'de-01',
      'de-02',
      'fr-01',
      'fr-02',
      'ru-01',
      'ru-02',
      'ja-01',
      'ja-02',
      'zh-01',
      'zh-02',
      'en-01',
      'en-02',
    ]);
    expect(testPrompts()).toEqual(TEST_PROMPTS);
  });
});
