/**
 * The seam every runtime plugs into: a causal language model with a KV cache that can be
 * extended and cut back. The speculative loop (src/speculative) only ever talks to this interface.
 */

/** Which fed positions `append` should return logits for. */
export type LogitsWanted = 'all' | 'last' | 'none';

export interface CausalLM {
  /** Size of the output distribution; drafter and target must agree. */
  readonly vocabSize: number;
  /**
   * Optional identity of the vocabulary (e.g. a hash of tokenizer.json's vocab). When both models
   * of a pair carry one, they must be equal, not just the same size.
   */
  readonly vocabId?: string;
  /** Number of positions currently held in the KV cache. */
  readonly length: number;
  /**
   * Most positions the KV cache holds (prompt and output together), where the engine knows it:
   * callers size prompts so that prompt + output budget fits.
   */
  readonly maxSequenceLength?: number;

  /**
   * Feeds `tokens` after the cached positions and returns one logits row (length vocabSize) per
   * wanted position: every fed position for 'all', only the last for 'last' (the default), none
   * for 'none'.
   * Rows for position i must not depend on how the tokens were split across calls.
   */
  append(tokens: readonly number[], wanted?: LogitsWanted): Promise<Float32Array[]>;

  /** Drops cached positions at and after `length` (0 ≤ length ≤ this.length). O(1) where possible. */
  truncate(length: number): void | Promise<void>;

  /** Empties the cache. */
  reset(): void | Promise<void>;

  /**
   * Optional fast path for drafters: feed `prefix`, then propose `k` tokens without a round trip per
   * token (e.g. in one GPU submission). The last proposed token is NOT fed into the cache, so after
   * the call `length` grew by prefix.length + k − 1.
   */
  draft?(prefix: readonly number[], k: number, options: DraftOptions): Promise<DraftResult>;

  /** Frees whatever the model holds (GPU buffers, workers). */
  dispose?(): void | Promise<void>;
}

export interface DraftOptions {
  /** Temperature and top-p to shape the drafter distribution; temperature 0 means greedy. */
  sampling: SamplingParams;
  /**
   * One uniform in [0, 1) per drafted token, supplied by the caller so that sampled drafts are
   * reproducible. Required when sampling.temperature > 0.
   */
  uniforms?: readonly number[];
}

export interface DraftResult {
  /** The k proposed tokens. */
  tokens: number[];
  /** For each proposed token, the drafter's probability of it (after temperature/top-p). */
  confidences: number[];
  /**
   * For each proposed token, the full drafter distribution q it was drawn from (after
   * temperature/top-p). Present when sampling.temperature > 0: rejection sampling needs it.
   */
  distributions?: Float32Array[];
}

export interface SamplingParams {
  /** 0 = greedy argmax. */
  temperature: number;
  /** Nucleus mass in (0, 1]; 1 disables top-p. */
  topP: number;
}

export const GREEDY: SamplingParams = Object.freeze({ temperature: 0, topP: 1 });
