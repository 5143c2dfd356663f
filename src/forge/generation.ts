import { generateAutoregressive } from '../speculative/autoregressive.ts';
import type { CausalLM } from '../speculative/causal-lm.ts';
import { createDraftPolicy } from '../speculative/draft-policy.ts';
import type { GenerationResult } from '../speculative/events.ts';
import { generateSpeculative } from '../speculative/speculative.ts';

/** One greedy generation and the count of steps whose draft was cut short (α's other half). */
export interface Generation {
  result: GenerationResult;
  rejections: number;
}

export interface GenerationLimits {
  maxNewTokens: number;
  eosTokenIds: readonly number[];
  signal?: AbortSignal;
}

/**
 * Greedy decoding of `prompt`: speculative with the paper's draft-length heuristic when a drafter
 * is given, else autoregressive. Greedy, so the tokens are the target's own either way.
 */
export async function generateGreedy(
  target: CausalLM,
  drafter: CausalLM | null,
  prompt: readonly number[],
  limits: GenerationLimits,
): Promise<Generation> {
  let rejections = 0;
  const options = {
    maxNewTokens: limits.maxNewTokens,
    eosTokenIds: [...limits.eosTokenIds],
    ...(limits.signal ? { signal: limits.signal } : {}),
    onStep: (event: { rejected: readonly number[] }) => {
      if (event.rejected.length > 0) rejections += 1;
    },
  };
  const result = drafter
    ? await generateSpeculative(target, drafter, prompt, {
        ...options,
        policy: createDraftPolicy({ kind: 'heuristic' }),
      })
    : await generateAutoregressive(target, prompt, options);
  return { result, rejections };
}

/** Acceptance totals over several generations: α = accepted / (accepted + rejections). */
export class AcceptanceTally {
  accepted = 0;
  rejections = 0;
  drafted = 0;
  emitted = 0;
  passes = 0;
  ms = 0;

  add({ result, rejections }: Generation): void {
    this.accepted += result.stats.acceptedTokens;
    this.rejections += rejections;
    this.drafted += result.stats.draftedTokens;
    this.emitted += result.stats.emittedTokens;
    this.passes += result.stats.targetPasses;
    this.ms += result.stats.totalMs;
  }

  get alpha(): number | null {
    const judged = this.accepted + this.rejections;
    return judged > 0 ? this.accepted / judged : null;
  }

  /** τ: tokens per target pass. */
  get tau(): number | null {
    return this.passes > 0 ? this.emitted / this.passes : null;
  }
}
