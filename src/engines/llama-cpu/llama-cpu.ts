import { InvalidArgumentError } from '../../errors.ts';
import type { ModelSource } from '../../models/model-source.ts';
import type { CausalLM, LogitsWanted } from '../../speculative/causal-lm.ts';
import { readCheckpoint } from '../../llama/checkpoint.ts';
import { readLlamaConfig, type LlamaConfig } from '../../llama/config.ts';
import { createForwardState, forward, type ForwardState } from './forward.ts';
import { checkLlamaWeights, loadLlamaWeights, type LlamaWeights } from '../../llama/weights.ts';
import { assertFeedable, assertTruncateLength } from '../cache-checks.ts';

/**
 * The reference LLaMA in plain TypeScript: the ground truth the GPU engines and the speculative
 * loop are tested against. Deterministic to the bit: a position's logits do not depend on how the
 * tokens were split across `append` calls or on earlier truncations.
 */

export interface LlamaCpuOptions {
  /** Identity of the vocabulary (e.g. a hash of tokenizer.json); see CausalLM.vocabId. */
  vocabId?: string;
  /** KV cache capacity in positions; defaults to config.maxPositionEmbeddings. */
  maxSequenceLength?: number;
}

export class LlamaCpu implements CausalLM {
  readonly config: LlamaConfig;
  readonly vocabSize: number;
  readonly vocabId?: string;
  readonly maxSequenceLength: number;
  private readonly weights: LlamaWeights;
  private readonly state: ForwardState;
  private cached = 0;

  constructor(config: LlamaConfig, weights: LlamaWeights, options: LlamaCpuOptions = {}) {
    checkLlamaWeights(config, weights);
    const maxSeq = options.maxSequenceLength ?? config.maxPositionEmbeddings;
    if (!Number.isSafeInteger(maxSeq) || maxSeq <= 0) {
      throw new InvalidArgumentError(`maxSequenceLength must be a positive integer, got ${maxSeq}`);
    }
    this.config = config;
    this.weights = weights;
    this.vocabSize = config.vocabSize;
    if (options.vocabId !== undefined) this.vocabId = options.vocabId;
    this.maxSequenceLength = maxSeq;
    this.state = createForwardState(config, maxSeq);
  }

  get length(): number {
    return this.cached;
  }

  async append(tokens: readonly number[], wanted: LogitsWanted = 'last'): Promise<Float32Array[]> {
    if (tokens.length === 0) return [];
    this.checkTokens(tokens);
    const wantedRows = wanted === 'all' ? tokens.map((_, i) => i) : wanted === 'last' ? [tokens.length - 1] : [];
    const rows = forward(this.config, this.weights, this.state, tokens, this.cached, wantedRows);
    this.cached += tokens.length;
    return rows;
  }

  /** O(1): positions past `length` are simply overwritten by the next append. */
  truncate(length: number): void {
    assertTruncateLength(length, this.cached);
    this.cached = length;
  }

  reset(): void {
    this.cached = 0;
  }

  private checkTokens(tokens: readonly number[]): void {
    assertFeedable(tokens, tokens.length, {
      cached: this.cached,
      capacity: this.maxSequenceLength,
      vocabSize: this.vocabSize,
    });
  }
}

/** Builds the engine from weights already in memory (tests, fixtures). */
export function createLlamaCpu(config: LlamaConfig, weights: LlamaWeights, options?: LlamaCpuOptions): LlamaCpu {
  return new LlamaCpu(config, weights, options);
}

/** Loads config.json and model.safetensors (or a sharded checkpoint) from a model folder. */
export async function loadLlamaCpu(source: ModelSource, options?: LlamaCpuOptions): Promise<LlamaCpu> {
  const config = await readLlamaConfig(source);
  const checkpoint = await readCheckpoint(source);
  return new LlamaCpu(config, loadLlamaWeights(checkpoint, config), options);
}
