import { describe, expect, it } from 'vitest';
import { groupRowsByToken } from './embedding.ts';

describe('groupRowsByToken', () => {
  it('lists each id once with the rows that hold it, in order', () => {
    const { uniqueTokens, data } = groupRowsByToken(Int32Array.of(7, 3, 7, 0, 3, 7));
    expect(uniqueTokens).toBe(3);
    expect(Array.from(data.subarray(0, 3))).toEqual([0, 3, 7]); //   ids
    expect(Array.from(data.subarray(3, 7))).toEqual([0, 1, 3, 6]); // starts: rows[starts[u] … starts[u + 1])
    expect(Array.from(data.subarray(7))).toEqual([3, 1, 4, 0, 2, 5]); // rows of 0, of 3, of 7
  });
});
