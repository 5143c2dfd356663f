import { InvalidArgumentError } from '../errors.ts';

/**
 * Argument checks every CausalLM engine makes the same way, so that a bad call reads the same
 * whichever runtime it reached.
 */

/** truncate(length) must stay within what is cached. */
export function assertTruncateLength(length: number, cached: number): void {
  if (!Number.isSafeInteger(length) || length < 0 || length > cached) {
    throw new InvalidArgumentError(`truncate(${length}) is outside [0, ${cached}] (the cached length)`);
  }
}

/**
 * Feeding `positions` more positions (`tokens` plus any the engine adds itself, as draft() does)
 * must fit the cache, and every id must be in the vocabulary.
 */
export function assertFeedable(
  tokens: readonly number[],
  positions: number,
  cache: { cached: number; capacity: number; vocabSize: number },
): void {
  if (cache.cached + positions > cache.capacity) {
    throw new InvalidArgumentError(
      `feeding ${positions} positions after ${cache.cached} cached ones exceeds the maximum sequence length of ${cache.capacity}`,
    );
  }
  for (const token of tokens) {
    if (!Number.isSafeInteger(token) || token < 0 || token >= cache.vocabSize) {
      throw new InvalidArgumentError(`token id ${token} is outside the vocabulary [0, ${cache.vocabSize})`);
    }
  }
}
