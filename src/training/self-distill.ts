import { InvalidArgumentError } from '../errors.ts';
import { generateAutoregressive } from '../speculative/autoregressive.ts';
import type { CausalLM } from '../speculative/causal-lm.ts';
import type { TrainingExample } from './types.ts';

export interface DistillOptions {
  maxNewTokens: number;
  /** The first id is appended to a response that ended at EOS, so the drafter learns to stop. */
  eosTokenIds: readonly number[];
}

/**
 * The target's own greedy output for each prompt, as training examples (the paper's
 * self-distillation). The forge does the same through the speculative loop, whose greedy output
 * is identical; this plain form is for tests and small runs.
 */
export async function selfDistill(
  target: CausalLM,
  prompts: readonly (readonly number[])[],
  options: DistillOptions,
): Promise<TrainingExample[]> {
  if (options.eosTokenIds.length === 0) throw new InvalidArgumentError('selfDistill: eosTokenIds is empty');
  const examples: TrainingExample[] = [];
  for (const prompt of prompts) {
    const result = await generateAutoregressive(target, prompt, options);
    const response = result.finishReason === 'eos' ? [...result.tokens, options.eosTokenIds[0]] : result.tokens;
    examples.push({ prompt: [...prompt], response });
  }
  return examples;
}
