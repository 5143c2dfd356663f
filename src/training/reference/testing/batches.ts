import { makeBatch } from '../../batch.ts';
import type { TrainingBatch } from '../../types.ts';

/**
 * A padded batch for the tiny test models (vocab ≥ 11): three rows of different lengths, prompts
 * masked, the shortest row mostly padding, a token repeated within and across rows.
 */
export function paddedTestBatch(): TrainingBatch {
  return makeBatch(
    [
      { prompt: [1, 5, 9], response: [3, 7, 7, 2] },
      { prompt: [1, 4], response: [10, 2] },
      { prompt: [1, 6, 3, 8, 5], response: [9] },
    ],
    7,
  );
}
