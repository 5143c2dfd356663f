import { describe, expect, it } from 'vitest';
import { CorpusError } from '../errors.ts';
import { DEFAULT_CORPUS_OPTIONS, prepareCorpus } from './prepare.ts';

const options = { ...DEFAULT_CORPUS_OPTIONS, language: 'de', heldOutFraction: 0.25 };
// Sentences that end in a word: "Nummer 3. Das" would read as a German ordinal and not split.
const sentences = Array.from({ length: 20 }, (_, i) => `Der Satz Nummer ${i} ist kurz und klar.`);

describe('preparing a corpus', () => {
  it('segments, deduplicates, length-filters and splits deterministically', () => {
    const texts = [
      `${sentences[0]} ${sentences[1]}`, // two sentences on one line
      sentences[0]!, // a repeat
      'Kurz.', // too short
      `${'Sehr lang '.repeat(80)}.`, // too long
      '',
      ...sentences.slice(2),
    ];
    const a = prepareCorpus(texts, options);
    expect(a.stats).toMatchObject({ texts: 23, sentences: 23, duplicates: 1, tooShort: 1, tooLong: 1, usable: 20 });
    expect(a.heldOut).toHaveLength(5);
    expect(a.train).toHaveLength(15);
    expect(new Set([...a.train, ...a.heldOut])).toEqual(new Set(sentences));
    expect(a.train.some((s) => a.heldOut.includes(s))).toBe(false);
    // Same input and seed, same split; another seed, another split.
    expect(prepareCorpus(texts, options)).toEqual(a);
    expect(prepareCorpus(texts, { ...options, seed: 7 }).heldOut).not.toEqual(a.heldOut);
  });

  it('caps the held-out and the train sets', () => {
    const prepared = prepareCorpus(sentences, { ...options, maxHeldOut: 2, maxTrain: 3 });
    expect(prepared.heldOut).toHaveLength(2);
    expect(prepared.train).toHaveLength(3);
    expect(prepared.stats.capped).toBe(15);
  });

  it('says why there is nothing usable', () => {
    expect(() => prepareCorpus(['', '  '], options)).toThrow(
      new CorpusError('The file has no sentences: every line or row is empty.'),
    );
    expect(() => prepareCorpus(['Ja.', 'Nein.', 'Das ist ein Satz.', 'Das ist ein Satz.'], options)).toThrow(
      'The file has no usable sentences: 1 of 4 kept (2 shorter than 8 characters, 1 repeated); the forge needs at least 2',
    );
  });
});
