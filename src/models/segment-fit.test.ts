import { beforeAll, describe, expect, it } from 'vitest';
import { TINY_TARGET_DIR } from '../../scripts/fixtures/paths.ts';
import { nodeFolderSource } from '../../scripts/lib/node-folder-source.ts';
import { InvalidArgumentError } from '../errors.ts';
import { fitSegments, type FitOptions } from './segment-fit.ts';
import { segmentText } from './segment.ts';
import { loadTokenizer, type TextTokenizer } from './tokenizer.ts';

let tokenizer: TextTokenizer;
const countTokens = (text: string): number => tokenizer.encode(text, { addBos: false }).length;

beforeAll(async () => {
  tokenizer = await loadTokenizer(nodeFolderSource(TINY_TARGET_DIR)); // the real 32 000-token LLaMA vocabulary
});

function fitted(text: string, language: string, maxTokens: number) {
  const options: FitOptions = { countTokens, maxTokens, language };
  return fitSegments(segmentText(text, language), options);
}

/** German words without any punctuation, `length` characters in all. */
function unpunctuated(length: number): string {
  const words = 'der alte Mann ging mit seinem Hund durch den Wald und sah viele Bäume'.split(' ');
  let text = '';
  for (let i = 0; text.length < length; i++) text += `${words[i % words.length]} `;
  return text.slice(0, length).trim();
}

describe('fitSegments: every segment fits its token budget', () => {
  it('leaves segments that fit as they are', () => {
    const segments = segmentText('Guten Morgen. Wie geht es dir?', 'de');
    expect(fitSegments(segments, { countTokens, maxTokens: 50, language: 'de' })).toEqual(segments);
  });

  it('splits a 50 000-character paragraph without punctuation at word boundaries', () => {
    const text = unpunctuated(50_000);
    const segments = fitted(text, 'de', 1500);
    expect(segments.length).toBeGreaterThan(1);
    for (const segment of segments) {
      expect(countTokens(segment.text)).toBeLessThanOrEqual(1500);
      expect(segment.text).toMatch(/^\p{L}.*\p{L}$/u); // whole words at both ends
    }
    // Nothing lost or added: the pieces are the source's words, in order.
    expect(segments.map((s) => s.text).join(' ')).toBe(text);
    // Packed, not shredded: as few prompts as the words' tokens need (each word alone is "▁word").
    const wordTokens = text.split(' ').reduce((sum, word) => sum + countTokens(word), 0);
    expect(segments.length).toBeLessThanOrEqual(Math.ceil(wordTokens / 1500) + 1);
    expect(segments.map((s) => s.before)).toEqual(['', ...Array(segments.length - 1).fill(' ')]);
  });

  it('splits a Japanese paragraph without 。 at its commas first', () => {
    const clause = '今日は天気がとても良いので私たちは公園へ散歩に行き、';
    const text = clause.repeat(70).slice(0, 1740);
    expect(countTokens(text)).toBeGreaterThan(2048); // the case: more than the whole context
    const segments = fitted(text, 'ja', 600);
    expect(segments.length).toBeGreaterThan(2);
    for (const segment of segments) expect(countTokens(segment.text)).toBeLessThanOrEqual(600);
    for (const segment of segments.slice(0, -1)) expect(segment.text.endsWith('、')).toBe(true);
    expect(segments.map((s) => s.text).join('')).toBe(text);
  });

  it('splits Japanese without any punctuation at word boundaries, and a run without words between characters', () => {
    const text = '私たちは公園へ散歩に行きました'.repeat(60);
    const segments = fitted(text, 'ja', 200);
    for (const segment of segments) expect(countTokens(segment.text)).toBeLessThanOrEqual(200);
    expect(segments.map((s) => s.text).join('')).toBe(text);

    const letters = 'x'.repeat(3000); // one "word" of 3 000 letters
    const pieces = fitted(letters, 'en', 100);
    for (const piece of pieces) expect(countTokens(piece.text)).toBeLessThanOrEqual(100);
    expect(pieces.map((s) => s.text).join('')).toBe(letters);
  });

  it('keeps the paragraph and the break before the first piece', () => {
    const segments = fitted(`Kurz.\n\n${unpunctuated(3000)}`, 'de', 300);
    expect(segments[0]).toEqual({ text: 'Kurz.', paragraph: 0, before: '' });
    expect(segments[1]).toMatchObject({ paragraph: 1, before: '\n\n' });
    expect(segments.slice(2).every((s) => s.paragraph === 1 && s.before === ' ')).toBe(true);
  });

  it('refuses a budget no text fits in', () => {
    expect(() => fitted('Hallo', 'de', 0)).toThrow(InvalidArgumentError);
  });
});
