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

  it('names every supported language', () => {
    const expected: Record<LanguageCode, string> = {
      de: 'German',
      fr: 'French',
      ru: 'Russian',
      ja: 'Japanese',
      zh: 'Chinese',
      en: 'English',
    };
    expect(LANGUAGE_NAMES).toEqual(expected);
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
    expect(() => translationPrompt('Hola', 'es' as LanguageCode, 'en')).toThrow(InvalidArgumentError);
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
