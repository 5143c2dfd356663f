import { vicunaPrompt } from '../models/prompt.ts';
import type { TextTokenizer } from '../models/tokenizer.ts';
import { type Conversation, sourceOf } from './dataset.ts';
import type { DistilledItem } from './job.ts';

/**
 * Imported conversations (made elsewhere, e.g. with vLLM) as the job's outputs. They are text, so
 * they are tokenized as FastChat's train.py sees them: "<prompt> <output></s>" in one string, the
 * response being the tokens after the prompt's; the target's EOS ends every response.
 */
export function importTurns(
  conversations: readonly Conversation[],
  pair: { tokenizer: TextTokenizer; eosTokenIds: readonly number[] },
): DistilledItem[] {
  const eos = pair.eosTokenIds[0] ?? pair.tokenizer.eosId;
  return conversations.map(({ human, gpt }) => {
    const prompt = vicunaPrompt(human);
    const promptTokens = pair.tokenizer.encode(prompt);
    const whole = pair.tokenizer.encode(`${prompt} ${gpt}`);
    const samePrefix = promptTokens.every((id, i) => whole[i] === id);
    const response = samePrefix ? whole.slice(promptTokens.length) : pair.tokenizer.encode(gpt, { addBos: false });
    return {
      source: sourceOf(human),
      userTurn: human,
      promptTokens,
      responseTokens: [...response, eos],
      text: gpt,
      finishReason: 'eos',
    };
  });
}
