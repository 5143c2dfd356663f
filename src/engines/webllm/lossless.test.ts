import { beforeAll, describe, expect, it } from 'vitest';
import {
  loadFixturePair,
  testPromptTokens,
  type EncodedPrompt,
  type FixturePair,
} from '../../../scripts/lib/fixture-pair.ts';
import { TINY_TARGET_DIR } from '../../../scripts/fixtures/paths.ts';
import { nodeFolderSource } from '../../../scripts/lib/node-folder-source.ts';
import { generateAutoregressive } from '../../speculative/autoregressive.ts';
import { createDraftPolicy } from '../../speculative/draft-policy.ts';
import { generateSpeculative } from '../../speculative/speculative.ts';
import { loadLlamaCpu } from '../llama-cpu/llama-cpu.ts';
import { resolveSurface } from './internals.ts';
import { MlcCausalLM } from './mlc-causal-lm.ts';
import { FakePipeline } from './testing/fake-pipeline.ts';

// The speculative loop drives the adapter (prefill, batch_verify, decode, popn) through the fake
// web-llm pipeline, whose logits come from the fixture target on llama-cpu.
const NEW_TOKENS = 16;

let pair: FixturePair;
let prompts: EncodedPrompt[];
let fake: FakePipeline;
let target: MlcCausalLM;

beforeAll(async () => {
  pair = await loadFixturePair();
  // One short prompt per language, and one long paragraph (prefilled in many chunks).
  prompts = [
    ...testPromptTokens(pair.tokenizer, 1),
    ...testPromptTokens(pair.tokenizer).filter((p) => p.id === 'de-10'),
  ];
  const engine = await loadLlamaCpu(nodeFolderSource(TINY_TARGET_DIR), {
    vocabId: pair.tokenizer.vocabId,
    maxSequenceLength: 1024,
  });
  // A chunk smaller than the prompts, so prompts are prefilled in several chunks.
  fake = new FakePipeline(engine, { vocabSize: engine.vocabSize, prefillChunkSize: 48 });
  target = new MlcCausalLM(resolveSurface(fake.pipeline), { vocabId: pair.tokenizer.vocabId });
});

describe('greedy speculative decoding with the web-llm adapter (fake pipeline, llama-cpu logits)', () => {
  it('equals autoregressive decoding of the same adapter and of llama-cpu, token for token', async () => {
    const stop = { maxNewTokens: NEW_TOKENS, eosTokenIds: [pair.tokenizer.eosId] };
    for (const prompt of prompts) {
      const reference = await generateAutoregressive(pair.target, prompt.tokens, stop);
      const autoregressive = await generateAutoregressive(target, prompt.tokens, stop);
      expect(autoregressive.tokens, prompt.id).toEqual(reference.tokens);
      for (const draftLength of [2, 5]) {
        const result = await generateSpeculative(target, pair.drafter, prompt.tokens, {
          ...stop,
          policy: createDraftPolicy({ kind: 'fixed', draftLength }),
        });
        expect(result.tokens, `${prompt.id}, γ=${draftLength}`).toEqual(reference.tokens);
        expect(fake.pipeline.filledKVCacheLength).toBe(target.length);
      }
    }
    // Both verification and rollback really ran through the fake's batch_verify and popn.
    expect(target.forwards.verify).toBeGreaterThan(prompts.length);
    expect(fake.calls.some((c) => c.startsWith('popn('))).toBe(true);
    expect(fake.scopeDepth).toBe(0);
    expect(fake.detached.size).toBe(0);
  }, 300_000);
});
