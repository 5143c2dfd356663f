import { beforeAll, describe, expect, it } from 'vitest';
import {
  loadFixturePair,
  testPromptTokens,
  type EncodedPrompt,
  type FixturePair,
} from '../../../scripts/lib/fixture-pair.ts';
import { TINY_TARGET_DIR } from '../../../scripts/fixtures/paths.ts';
import { nodeFolderSource } from '../../../scripts/lib/node-folder-source.ts';
import { loadLlamaCpu } from './llama-cpu.ts';
import { createDraftPolicy, type DraftPolicyConfig } from '../../speculative/draft-policy.ts';
import { generateSpeculative } from '../../speculative/speculative.ts';
import { compareWithAutoregressive } from '../../../scripts/lib/lossless-check.ts';

// Every one of Tandem's test prompts (src/models/testing/test-prompts.ts), in the paper's prompt.
const NEW_TOKENS = 16;
const POLICIES: DraftPolicyConfig[] = [
  { kind: 'fixed', draftLength: 2 },
  { kind: 'fixed', draftLength: 5 },
  { kind: 'heuristic' },
  { kind: 'confidence' },
];

let pair: FixturePair;
let prompts: EncodedPrompt[];

beforeAll(async () => {
  pair = await loadFixturePair();
  prompts = testPromptTokens(pair.tokenizer);
});

describe('greedy speculative decoding with the CPU reference engine on the fixture pair', () => {
  it('equals autoregressive decoding token for token on every test prompt (55, six languages), every policy', async () => {
    expect(prompts).toHaveLength(55);
    const stop = { maxNewTokens: NEW_TOKENS, eosTokenIds: [pair.tokenizer.eosId] };
    const { mismatches, accepted, drafted } = await compareWithAutoregressive(
      pair.target,
      pair.drafter,
      prompts,
      POLICIES,
      stop,
    );
    expect(mismatches).toEqual([]);
    expect(accepted).toBeGreaterThan(0.2 * drafted);
    expect(accepted).toBeLessThan(0.95 * drafted);
  }, 600_000);

  it('accepts every draft (α = 1) when the target drafts for itself', async () => {
    const stop = { maxNewTokens: NEW_TOKENS, eosTokenIds: [pair.tokenizer.eosId] };
    // A second instance: drafter and target must not share one KV cache.
    const twin = await loadLlamaCpu(nodeFolderSource(TINY_TARGET_DIR), {
      vocabId: pair.tokenizer.vocabId,
      maxSequenceLength: 1024,
    });
    for (const prompt of prompts.filter((_, i) => i % 10 === 0)) {
      const result = await generateSpeculative(pair.target, twin, prompt.tokens, {
        ...stop,
        policy: createDraftPolicy({ kind: 'fixed', draftLength: 4 }),
      });
      expect(result.stats.draftedTokens).toBeGreaterThan(0);
      expect(result.stats.acceptanceRate).toBe(1);
    }
  });
});
