import type { CausalLM, LogitsWanted } from '../../speculative/causal-lm.ts';
import { MlcForward, type ForwardKind } from './forward.ts';
import type { MlcPipelineSurface } from './surface.ts';
import { assertFeedable, assertTruncateLength } from '../cache-checks.ts';

/**
 * The MLC-compiled target (Vicuna-7B on web-llm) as a CausalLM.
 *
 * Which function feeds a chunk:
 *   empty cache, n tokens        → prefill (logits of the last position only), or — when the
 *                                  self-check found prefill untrustworthy — n decodes
 *   non-empty cache, 1 token     → decode
 *   non-empty cache, n > 1       → batch_verify (logits of every position), or — when the self-check
 *                                  found batch_verify untrustworthy — n decodes, one by one
 * Chunks never exceed the library's prefill_chunk_size. When every row of a first chunk is wanted,
 * its first token goes through prefill alone and the rest through batch_verify, since prefill
 * returns only the last row.
 * web-llm's `filledKVCacheLength` is kept equal to `length` after every call, so web-llm's own
 * code, if it runs later on this pipeline, sees the truth.
 */

export interface MlcCausalLMOptions {
  /** Identity of the vocabulary (see CausalLM.vocabId). */
  vocabId?: string;
  /** Use batch_verify for multi-token appends; false = token-by-token decode (always correct, slow). */
  batchVerify?: boolean;
  /** Use prefill for the first chunk; false = token-by-token decode from the first token. */
  prefill?: boolean;
  /** Called by dispose() (the loader unloads the web-llm engine there). */
  onDispose?: () => void | Promise<void>;
}

/** Counts of forwards by kind: the perf run and the tests read them. */
export type ForwardCounts = Record<ForwardKind, number>;

export class MlcCausalLM implements CausalLM {
  readonly vocabSize: number;
  readonly vocabId?: string;
  readonly forwards: ForwardCounts = { prefill: 0, decode: 0, verify: 0 };
  private readonly surface: MlcPipelineSurface;
  private readonly raw: MlcForward;
  private readonly onDispose?: () => void | Promise<void>;
  private cached = 0;
  private batchVerify: boolean;
  private prefill: boolean;

  constructor(surface: MlcPipelineSurface, options: MlcCausalLMOptions = {}) {
    this.surface = surface;
    this.raw = new MlcForward(surface);
    this.vocabSize = surface.vocabSize;
    if (options.vocabId !== undefined) this.vocabId = options.vocabId;
    this.batchVerify = options.batchVerify ?? true;
    this.prefill = options.prefill ?? true;
    this.onDispose = options.onDispose;
    // The adapter owns the cache from here on; start it empty whatever web-llm did before.
    this.reset();
  }

  get length(): number {
    return this.cached;
  }

  /** Positions the KV cache can hold (the model's context_window_size). */
  get capacity(): number {
    return this.surface.contextWindowSize;
  }

  /** CausalLM's name for the capacity. */
  get maxSequenceLength(): number {
    return this.capacity;
  }

  /** Most positions one forward takes (the library's prefill_chunk_size). */
  get chunkSize(): number {
    return this.surface.prefillChunkSize;
  }

  /** Which functions multi-token appends use (set from the self-check's decision). */
  get paths(): { batchVerify: boolean; prefill: boolean } {
    return { batchVerify: this.batchVerify, prefill: this.prefill };
  }

  setPaths(paths: { batchVerify: boolean; prefill: boolean }): void {
    this.batchVerify = paths.batchVerify;
    this.prefill = paths.prefill;
  }

  async append(tokens: readonly number[], wanted: LogitsWanted = 'last'): Promise<Float32Array[]> {
    if (tokens.length === 0) return [];
    this.checkTokens(tokens);
    const rows: Float32Array[] = [];
    let offset = 0;
    while (offset < tokens.length) {
      const size = this.nextChunkSize(tokens.length - offset, wanted);
      const chunk = tokens.slice(offset, offset + size);
      const isLast = offset + size === tokens.length;
      const chunkRows = await this.feed(chunk);
      // feed() returns either every row of the chunk or only its last; keep what was asked for.
      if (wanted === 'all') rows.push(...chunkRows);
      else if (wanted === 'last' && isLast) rows.push(chunkRows[chunkRows.length - 1]);
      offset += size;
    }
    return rows;
  }

  /** Drops positions at and after `length` with kv_state_popn. */
  truncate(length: number): void {
    assertTruncateLength(length, this.cached);
    const n = this.cached - length;
    if (n === 0) return;
    this.raw.popn(n);
    this.cached = length;
    this.syncBookkeeping();
  }

  reset(): void {
    this.raw.clear();
    this.cached = 0;
    this.syncBookkeeping();
  }

  async dispose(): Promise<void> {
    await this.onDispose?.();
  }

  private nextChunkSize(remaining: number, wanted: LogitsWanted): number {
    const limit = this.surface.prefillChunkSize;
    if (this.cached === 0 && (wanted === 'all' || !this.prefill)) return 1; // prefill gives only the last row
    if (this.cached > 0 && !this.batchVerify) return 1;
    return Math.min(remaining, limit);
  }

  /** One forward; returns all rows (verify) or the single last row (prefill, decode). */
  private async feed(chunk: readonly number[]): Promise<Float32Array[]> {
    // A lone token goes through decode even on an empty cache when prefill is off (web-llm does the same).
    const kind: ForwardKind = this.cached === 0 && this.prefill ? 'prefill' : chunk.length === 1 ? 'decode' : 'verify';
    const flat = await this.raw.forward(kind, chunk);
    this.forwards[kind] += 1;
    this.cached += chunk.length;
    this.syncBookkeeping();
    const v = this.vocabSize;
    return Array.from({ length: flat.length / v }, (_, i) => flat.subarray(i * v, (i + 1) * v));
  }

  private syncBookkeeping(): void {
    this.surface.pipeline.filledKVCacheLength = this.cached;
  }

  private checkTokens(tokens: readonly number[]): void {
    assertFeedable(tokens, tokens.length, { cached: this.cached, capacity: this.capacity, vocabSize: this.vocabSize });
  }
}
