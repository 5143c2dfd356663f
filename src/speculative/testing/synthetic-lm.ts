import type { CausalLM, DraftOptions, DraftResult, LogitsWanted } from '../causal-lm.ts';
import { InvalidArgumentError } from '../../errors.ts';
import { argmax, sampleFromDistribution, samplingDistribution, softmax } from '../sampling.ts';

/** Logits for the next token given every token so far (the cache plus the token at `position`). */
export type NextTokenLogits = (context: readonly number[]) => Float32Array;

export interface SyntheticCost {
  /** Milliseconds every call costs, however many tokens it feeds (a memory-bound GPU pass). */
  perCallMs: number;
  /** Milliseconds each fed token adds. */
  perTokenMs?: number;
}

/**
 * A causal LM defined by a function of its context, for tests and the loop benchmark: exact
 * control over what it predicts and what a call costs. The KV cache is the token list itself.
 */
export class SyntheticLM implements CausalLM {
  readonly vocabSize: number;
  readonly vocabId?: string;
  private readonly tokens: number[] = [];
  calls = 0;

  constructor(
    private readonly next: NextTokenLogits,
    options: { vocabSize: number; vocabId?: string; cost?: SyntheticCost; withDraft?: boolean },
  ) {
    this.vocabSize = options.vocabSize;
    this.vocabId = options.vocabId;
    this.cost = options.cost;
    if (!options.withDraft) this.draft = undefined;
  }

  private readonly cost?: SyntheticCost;

  get length(): number {
    return this.tokens.length;
  }

  async append(tokens: readonly number[], wanted: LogitsWanted = 'last'): Promise<Float32Array[]> {
    this.calls += 1;
    this.spend(tokens.length);
    const rows: Float32Array[] = [];
    tokens.forEach((token, i) => {
      this.tokens.push(token);
      if (wanted === 'all' || (wanted === 'last' && i === tokens.length - 1)) rows.push(this.next(this.tokens));
    });
    return rows;
  }

  truncate(length: number): void {
    if (!Number.isInteger(length) || length < 0 || length > this.tokens.length) {
      throw new InvalidArgumentError(`cannot truncate to ${length}: the cache holds ${this.tokens.length}`);
    }
    this.tokens.length = length;
  }

  reset(): void {
    this.tokens.length = 0;
  }

  /** A one-call drafter (what a GPU-resident engine offers); present only when asked for. */
  draft?: (prefix: readonly number[], k: number, options: DraftOptions) => Promise<DraftResult> = async (
    prefix,
    k,
    options,
  ) => {
    this.calls += 1;
    this.spend(prefix.length + k - 1);
    this.tokens.push(...prefix);
    const result: DraftResult = { tokens: [], confidences: [], distributions: [] };
    for (let i = 0; i < k; i++) {
      const row = this.next(this.tokens);
      const greedy = options.sampling.temperature === 0;
      const dist = greedy ? softmax(row) : samplingDistribution(row, options.sampling);
      const token = greedy ? argmax(row) : sampleFromDistribution(dist, options.uniforms![i]);
      result.tokens.push(token);
      result.confidences.push(dist[token]);
      if (!greedy) result.distributions!.push(dist);
      if (i < k - 1) this.tokens.push(token);
    }
    if (options.sampling.temperature === 0) delete result.distributions;
    return result;
  };

  private spend(tokenCount: number): void {
    if (!this.cost) return;
    busyWait(this.cost.perCallMs + (this.cost.perTokenMs ?? 0) * tokenCount);
  }
}

/** Spins instead of sleeping: timers are too coarse for millisecond costs. */
export function busyWait(ms: number): void {
  const end = performance.now() + ms;
  while (performance.now() < end) {
    // spin
  }
}

/** A deterministic 32-bit hash of a few integers, for context-dependent synthetic predictions. */
export function hash32(...values: number[]): number {
  let h = 0x811c9dc5;
  for (const v of values) {
    h ^= v >>> 0;
    h = Math.imul(h, 0x01000193);
    h ^= h >>> 13;
    h = Math.imul(h, 0x5bd1e995);
    h ^= h >>> 15;
  }
  return h >>> 0;
}

/** Logits with one clear winner (value 8 vs 0), as a sharp model would give. */
export function oneHotLogits(vocabSize: number, winner: number): Float32Array {
  const row = new Float32Array(vocabSize);
  row[winner] = 8;
  return row;
}

/**
 * A target/drafter pair over a small vocabulary whose agreement is dialed: the target's next token
 * is a hash of the whole context (so a cache holding a wrong token anywhere changes the output);
 * the drafter predicts the same token with probability `acceptance` (decided by another hash, so
 * rollbacks replay identically), else a different one.
 */
export function dialedPair(options: {
  vocabSize: number;
  acceptance: number;
  targetCost?: SyntheticCost;
  drafterCost?: SyntheticCost;
  drafterWithDraft?: boolean;
}): { target: SyntheticLM; drafter: SyntheticLM } {
  const { vocabSize, acceptance } = options;
  const targetToken = (context: readonly number[]) => hash32(...context) % vocabSize;
  const target = new SyntheticLM((ctx) => oneHotLogits(vocabSize, targetToken(ctx)), {
    vocabSize,
    cost: options.targetCost,
  });
  const drafter = new SyntheticLM(
    (ctx) => {
      const agree = hash32(7, ...ctx) / 4294967296 < acceptance;
      const t = targetToken(ctx);
      return oneHotLogits(vocabSize, agree ? t : (t + 1) % vocabSize);
    },
    { vocabSize, cost: options.drafterCost, withDraft: options.drafterWithDraft },
  );
  return { target, drafter };
}
