import type { CausalLM } from '../../src/speculative/causal-lm.ts';
import { generateAutoregressive } from '../../src/speculative/autoregressive.ts';
import { createDraftPolicy, type DraftPolicyConfig } from '../../src/speculative/draft-policy.ts';
import { generateSpeculative } from '../../src/speculative/speculative.ts';
import type { StopConditions } from '../../src/speculative/stopping.ts';

export interface LosslessReport {
  /** One line per (prompt, policy) whose speculative output differs from autoregressive output. */
  mismatches: string[];
  accepted: number;
  drafted: number;
}

/**
 * Greedy speculative decoding of every prompt under every policy against plain autoregressive
 * decoding of the target: the losslessness check each engine pairing runs.
 */
export async function compareWithAutoregressive(
  target: CausalLM,
  drafter: CausalLM,
  prompts: readonly { id: string; tokens: number[] }[],
  policies: readonly DraftPolicyConfig[],
  stop: StopConditions,
): Promise<LosslessReport> {
  const report: LosslessReport = { mismatches: [], accepted: 0, drafted: 0 };
  for (const prompt of prompts) {
    const expected = await generateAutoregressive(target, prompt.tokens, stop);
    for (const policy of policies) {
      const result = await generateSpeculative(target, drafter, prompt.tokens, {
        ...stop,
        policy: createDraftPolicy(policy),
      });
      if (result.tokens.join() !== expected.tokens.join()) {
        report.mismatches.push(
          `${prompt.id} with ${JSON.stringify(policy)}: ${result.tokens.join()} ≠ ${expected.tokens.join()}`,
        );
      }
      report.accepted += result.stats.acceptedTokens;
      report.drafted += result.stats.draftedTokens;
    }
  }
  return report;
}
