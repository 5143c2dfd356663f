import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  loadFixturePair,
  testPromptTokens,
  type EncodedPrompt,
  type FixturePair,
} from '../../../scripts/lib/fixture-pair.ts';
import { TINY_DRAFTER_DIR } from '../../../scripts/fixtures/paths.ts';
import { nodeFolderSource } from '../../../scripts/lib/node-folder-source.ts';
import { createDraftPolicy, type DraftPolicyConfig } from '../../speculative/draft-policy.ts';
import { generateSpeculative } from '../../speculative/speculative.ts';
import { loadTransformersModel } from './model.ts';
import type { TransformersLM } from './transformers-lm.ts';
import { compareWithAutoregressive } from '../../../scripts/lib/lossless-check.ts';

// Two test prompts of each of the six languages; the CPU engine's own lossless test runs all 55.
const PER_LANGUAGE = 2;
const NEW_TOKENS = 24;
const POLICIES: DraftPolicyConfig[] = [{ kind: 'fixed', draftLength: 4 }, { kind: 'heuristic' }];

let pair: FixturePair;
let drafter: TransformersLM;
let prompts: EncodedPrompt[];

beforeAll(async () => {
  pair = await loadFixturePair();
  const loaded = await loadTransformersModel({
    folder: TINY_DRAFTER_DIR,
    source: nodeFolderSource(TINY_DRAFTER_DIR),
    maxSequenceLength: 1024,
  });
  drafter = loaded.lm;
  expect(loaded.tokenizer.vocabId).toBe(pair.tokenizer.vocabId);
  prompts = testPromptTokens(pair.tokenizer, PER_LANGUAGE);
});
afterAll(() => drafter.dispose());

describe('greedy speculative decoding with the ONNX drafter (transformers.js) and the llama-cpu target', () => {
  it('equals autoregressive decoding of the target token for token', async () => {
    const stop = { maxNewTokens: NEW_TOKENS, eosTokenIds: [pair.tokenizer.eosId] };
    const { mismatches, accepted, drafted } = await compareWithAutoregressive(
      pair.target,
      drafter,
      prompts,
      POLICIES,
      stop,
    );
    expect(mismatches).toEqual([]);
    expect(accepted).toBeGreaterThan(0.2 * drafted);
    expect(accepted).toBeLessThan(0.95 * drafted);
  }, 300_000);

  it('drafts exactly what the same drafter on llama-cpu drafts (α and every token identical)', async () => {
    const stop = { maxNewTokens: NEW_TOKENS, eosTokenIds: [pair.tokenizer.eosId] };
    const policy = (): ReturnType<typeof createDraftPolicy> => createDraftPolicy({ kind: 'fixed', draftLength: 3 });
    for (const prompt of prompts.slice(0, 4)) {
      const viaOnnx = await generateSpeculative(pair.target, drafter, prompt.tokens, { ...stop, policy: policy() });
      const viaCpu = await generateSpeculative(pair.target, pair.drafter, prompt.tokens, { ...stop, policy: policy() });
      expect(viaOnnx.stats.acceptedTokens, prompt.id).toBe(viaCpu.stats.acceptedTokens);
      expect(viaOnnx.stats.draftedTokens, prompt.id).toBe(viaCpu.stats.draftedTokens);
    }
  }, 120_000);
});
