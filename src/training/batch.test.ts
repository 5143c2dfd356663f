import { describe, expect, it } from 'vitest';
import { InvalidArgumentError } from '../errors.ts';
import { checkBatch, makeBatch, PAD_TOKEN_ID, splitBatch, targetCount, trimBatch } from './batch.ts';
import { sampleBatch, TrainingRng } from './rng.ts';
import { IGNORE_INDEX as X } from './types.ts';

describe('makeBatch', () => {
  it('right-pads, masks the prompt and padding, and shifts targets by one', () => {
    const batch = makeBatch(
      [
        { prompt: [1, 5, 6], response: [7, 8, 2] },
        { prompt: [1], response: [9] },
      ],
      7,
    );
    expect(batch.batchSize).toBe(2);
    expect(Array.from(batch.tokens)).toEqual([1, 5, 6, 7, 8, 2, PAD_TOKEN_ID, 1, 9, 0, 0, 0, 0, 0]);
    expect(Array.from(batch.targets)).toEqual([X, X, 7, 8, 2, X, X, 9, X, X, X, X, X, X]);
    expect(targetCount(batch)).toBe(4);
  });

  it('truncates long examples keeping the prompt start; the last input predicts the next token', () => {
    const batch = makeBatch([{ prompt: [1, 5], response: [7, 8, 9, 10] }], 4);
    expect(Array.from(batch.tokens)).toEqual([1, 5, 7, 8]);
    expect(Array.from(batch.targets)).toEqual([X, 7, 8, 9]);
  });

  it('gives no targets to an example whose prompt fills the window', () => {
    const batch = makeBatch([{ prompt: [1, 5, 6, 4], response: [7] }], 3);
    expect(Array.from(batch.targets)).toEqual([X, X, X]);
  });

  it('refuses empty prompts, bad ids and bad lengths with a specific error', () => {
    expect(() => makeBatch([], 4)).toThrow(InvalidArgumentError);
    expect(() => makeBatch([{ prompt: [], response: [3] }], 4)).toThrow(/empty prompt/);
    expect(() => makeBatch([{ prompt: [1], response: [11] }], 4, 11)).toThrow(/token id 11/);
    expect(() => makeBatch([{ prompt: [1], response: [-1] }], 4)).toThrow(/token id -1/);
    expect(() => makeBatch([{ prompt: [1], response: [2] }], 0)).toThrow(/seqLen/);
  });
});

describe('checkBatch', () => {
  it('accepts a made batch and names a wrong length or an out-of-vocabulary id', () => {
    const batch = makeBatch([{ prompt: [1], response: [3, 4] }], 4);
    expect(() => checkBatch(batch, 5)).not.toThrow();
    expect(() => checkBatch(batch, 4)).toThrow(/target 4 at index 1/);
    expect(() => checkBatch({ ...batch, seqLen: 3 }, 5)).toThrow(/must hold/);
  });
});

describe('micro-batches', () => {
  const batch = makeBatch(
    [1, 2, 3, 4, 5].map((k) => ({ prompt: [1, k], response: Array.from({ length: k }, () => k) })),
    8,
  );

  it('splitBatch cuts rows into groups that add back up to the batch', () => {
    const parts = splitBatch(batch, 2);
    expect(parts.map((p) => p.batchSize)).toEqual([2, 2, 1]);
    expect(parts.reduce((n, p) => n + targetCount(p), 0)).toBe(targetCount(batch));
    expect(Array.from(parts[2].tokens)).toEqual(Array.from(batch.tokens.subarray(32, 40)));
  });

  it('trimBatch drops the columns after the last target of every row', () => {
    const short = makeBatch([{ prompt: [1, 2], response: [3] }], 8);
    const trimmed = trimBatch(short);
    expect(trimmed.seqLen).toBe(2);
    expect(Array.from(trimmed.targets)).toEqual([X, 3]);
    expect(trimBatch(batch).seqLen).toBe(6); // row 5: prompt 2 + response 5 = 7 tokens, 6 predictions
  });
});

describe('TrainingRng', () => {
  it('resumes the same stream from its state and shuffles reproducibly', () => {
    const a = new TrainingRng(42);
    a.next();
    const b = new TrainingRng(a.state);
    expect([a.next(), a.next()]).toEqual([b.next(), b.next()]);
    const items = ['a', 'b', 'c', 'd', 'e'];
    const batch = sampleBatch(items, 3, new TrainingRng(7));
    expect(new Set(batch).size).toBe(3);
    expect(sampleBatch(items, 3, new TrainingRng(7))).toEqual(batch);
    expect(sampleBatch(items, 9, new TrainingRng(7)).sort()).toEqual(items);
    expect(new TrainingRng(7).permutation(5).sort()).toEqual([0, 1, 2, 3, 4]);
  });
});
