import { InvalidArgumentError } from '../errors.ts';
import type { CausalLM } from '../speculative/causal-lm.ts';
import { FixedDraftLength } from '../speculative/draft-policy.ts';
import { generateSpeculative } from '../speculative/speculative.ts';

export interface AcceptanceOptions {
  maxNewTokens: number;
  eosTokenIds: readonly number[];
  /** γ, fixed so that two drafters are compared on the same footing. */
  draftLength: number;
}

export interface AcceptanceReport {
  /** α pooled over all prompts: accepted / judged (src/speculative's per-token definition). */
  acceptanceRate: number;
  acceptedTokens: number;
  /** Drafted tokens the target judged: accepted ones plus one per rejection. */
  judgedTokens: number;
  /** τ pooled: emitted tokens / target passes. */
  meanTokensPerPass: number;
  emittedTokens: number;
  targetPasses: number;
  prompts: number;
}

/**
 * Greedy speculative decoding of every prompt with a fixed γ, pooling the counts: α of a
 * drafter/target pair on a prompt set (held-out prompts, for a drafter trained on others).
 * Counts are pooled rather than per-prompt rates averaged, so a short generation weighs less.
 */
export async function measureAcceptance(
  target: CausalLM,
  drafter: CausalLM,
  prompts: readonly (readonly number[])[],
  options: AcceptanceOptions,
): Promise<AcceptanceReport> {
  if (prompts.length === 0) throw new InvalidArgumentError('measureAcceptance: no prompts');
  let accepted = 0;
  let judged = 0;
  let emitted = 0;
  let passes = 0;
  for (const prompt of prompts) {
    const result = await generateSpeculative(target, drafter, prompt, {
      maxNewTokens: options.maxNewTokens,
      eosTokenIds: options.eosTokenIds,
      policy: new FixedDraftLength(options.draftLength),
      onStep: (event) => {
        accepted += event.acceptedCount;
        judged += event.acceptedCount + (event.acceptedCount < event.drafted.length ? 1 : 0);
      },
    });
    emitted += result.stats.emittedTokens;
    passes += result.stats.targetPasses;
  }
  return {
    acceptanceRate: judged > 0 ? accepted / judged : 0,
    acceptedTokens: accepted,
    judgedTokens: judged,
    meanTokensPerPass: passes > 0 ? emitted / passes : 0,
    emittedTokens: emitted,
    targetPasses: passes,
    prompts: prompts.length,
  };
}
