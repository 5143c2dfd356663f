import { describe, expect, it } from 'vitest';
import { EmptyPromptError, InvalidArgumentError } from '../errors.ts';
import { LANGUAGE_NAMES, translationPrompt, vicunaPrompt, type LanguageCode } from './prompt.ts';

const SYSTEM =
  "A chat between a curious user and an artificial intelligence assistant. The assistant gives helpful, detailed, and polite answers to the user's questions.";

describe('translationPrompt', () => {
  it("is the paper's Vicuna v1.1 prompt", () => {
    expect(translationPrompt('Die Krise ist vorüber.', 'de', 'en')).toBe(
      `${SYSTEM} USER: Translate German to English: Die Krise ist vorüber. ASSISTANT:`,
    );
  });

  it("names the paper's languages as the paper does, and every other one by its English name", () => {
    expect(LANGUAGE_NAMES).toMatchObject({
      de: 'German',
      fr: 'French',
      ru: 'Russian',
      ja: 'Japanese',
      zh: 'Chinese',
      en: 'English',
    });
    // The prompt's names do not depend on the browser: they agree with ICU's English names here.
    const icu = new Intl.DisplayNames(['en'], { type: 'language' });
    for (const [code, name] of Object.entries(LANGUAGE_NAMES)) {
      expect(icu.of(code)?.replace('Norwegian Bokmål', 'Norwegian')).toBe(name);
    }
    expect(translationPrompt('Olá', 'pt', 'en')).toContain('USER: Translate Portuguese to English: Olá ASSISTANT:');
    expect(translationPrompt('你好', 'zh', 'en')).toContain('USER: Translate Chinese to English: 你好 ASSISTANT:');
    expect(translationPrompt('Hello', 'en', 'ja')).toContain('USER: Translate English to Japanese: Hello ASSISTANT:');
  });

  it('trims the source but keeps its inner line breaks', () => {
    expect(translationPrompt('  Zeile eins\nZeile zwei\n', 'de', 'en')).toBe(
      `${SYSTEM} USER: Translate German to English: Zeile eins\nZeile zwei ASSISTANT:`,
    );
  });

  it('refuses empty or whitespace-only source text', () => {
    expect(() => translationPrompt('', 'de', 'en')).toThrow(EmptyPromptError);
    expect(() => translationPrompt(' \n\t ', 'fr', 'en')).toThrow(EmptyPromptError);
  });

  it('refuses an unknown language code', () => {
    expect(() => translationPrompt('Sawubona', 'zu' as LanguageCode, 'en')).toThrow(InvalidArgumentError);
  });
});

describe('vicunaPrompt', () => {
  it('keeps a Spec-Bench turn verbatim (no space after the colon)', () => {
    expect(vicunaPrompt('Translate German to English:Obama empfängt Netanyahu')).toBe(
      `${SYSTEM} USER: Translate German to English:Obama empfängt Netanyahu ASSISTANT:`,
    );
  });

  it('refuses an empty turn', () => {
    expect(() => vicunaPrompt('   ')).toThrow(EmptyPromptError);
  });
});
