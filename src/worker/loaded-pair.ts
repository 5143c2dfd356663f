import type { TextTokenizer } from '../models/tokenizer.ts';
import type { CausalLM } from '../speculative/causal-lm.ts';
import type { DemoInfo, PairInfo } from '../protocol/protocol.ts';

/**
 * A pair the worker translates with: the demo (demo-models.ts) or a real one (pair-loader.ts).
 * The tokenizer is the target's (tokenizer.json in its folder); a null drafter means the pair only
 * decodes autoregressively.
 */
export interface LoadedPair {
  target: CausalLM;
  drafter: CausalLM | null;
  tokenizer: TextTokenizer;
  /** Tokens that end a generation (the target's config eos_token_id, else the tokenizer's EOS). */
  eosTokenIds: readonly number[];
  info: DemoInfo | PairInfo;
  /** Frees both engines (GPU buffers, devices, ONNX sessions); the pair is unusable afterwards. */
  dispose(): Promise<void>;
}

/** Disposes each engine that can be, even if another one's dispose fails; rethrows the first failure. */
export async function disposeEngines(...models: (CausalLM | null)[]): Promise<void> {
  const results = await Promise.allSettled(models.map(async (model) => model?.dispose?.()));
  const failed = results.find((r): r is PromiseRejectedResult => r.status === 'rejected');
  if (failed) throw failed.reason;
}
