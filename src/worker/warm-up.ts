import { translationPrompt } from '../models/prompt.ts';
import { createDraftPolicy } from '../speculative/draft-policy.ts';
import { generateSpeculative } from '../speculative/speculative.ts';
import { generateAutoregressive } from '../speculative/autoregressive.ts';
import type { LoadedPair } from './loaded-pair.ts';

const warmed = new WeakSet<LoadedPair>();

/**
 * A race times two lanes one after the other; on a fresh worker the first lane would also pay for
 * the JavaScript engine compiling the forward pass, flattering the second lane's speedup. One short
 * untimed speculative run per loaded pair (both models, single- and multi-token appends) first.
 */
export async function warmUpOnce(pair: LoadedPair): Promise<void> {
  if (warmed.has(pair)) return;
  warmed.add(pair);
  const prompt = pair.tokenizer.encode(translationPrompt('Hallo.', 'de', 'en'));
  if (!pair.drafter) {
    await generateAutoregressive(pair.target, prompt, { maxNewTokens: 8, eosTokenIds: [] });
    return;
  }
  await generateSpeculative(pair.target, pair.drafter, prompt, {
    maxNewTokens: 8,
    eosTokenIds: [],
    policy: createDraftPolicy({ kind: 'fixed', draftLength: 3 }),
  });
}
