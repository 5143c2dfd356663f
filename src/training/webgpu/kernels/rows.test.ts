import { describe, expect, it } from 'vitest';
import { IGNORE_INDEX } from '../../types.ts';
import { headRowsOf, NO_HEAD_ROW } from './rows.ts';

describe('headRowsOf', () => {
  it('lists the rows with a target, maps every row to its place among them, and keeps their targets', () => {
    const r = headRowsOf(Int32Array.of(IGNORE_INDEX, 7, IGNORE_INDEX, 3, 9, IGNORE_INDEX), IGNORE_INDEX);
    expect(Array.from(r.headIndex)).toEqual([1, 3, 4]);
    expect(Array.from(r.rowHead)).toEqual([NO_HEAD_ROW, 0, NO_HEAD_ROW, 1, 2, NO_HEAD_ROW]);
    expect(Array.from(r.headTargets)).toEqual([7, 3, 9]);
  });
});
