import { VocabularyMismatchError } from '../errors.ts';
import type { CausalLM } from './causal-lm.ts';

/**
 * Only token ids cross between drafter and target, so they must mean the same thing in both.
 * Checked before anything runs: a mismatched pair would not crash, it would silently draft junk.
 */
export function assertSameVocabulary(target: CausalLM, drafter: CausalLM): void {
  if (target.vocabSize !== drafter.vocabSize) {
    throw new VocabularyMismatchError(
      `the drafter's vocabulary has ${drafter.vocabSize} tokens but the target's has ${target.vocabSize}: ` +
        "token ids would not mean the same thing. Pick a drafter trained with the target's tokenizer.",
    );
  }
  if (target.vocabId !== undefined && drafter.vocabId !== undefined && target.vocabId !== drafter.vocabId) {
    throw new VocabularyMismatchError(
      `the drafter's vocabulary (${drafter.vocabId}) differs from the target's (${target.vocabId}) although both ` +
        `have ${target.vocabSize} tokens. Pick a drafter trained with the target's tokenizer.`,
    );
  }
}
