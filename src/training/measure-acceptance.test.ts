import { describe, expect, it } from 'vitest';
import { createLlamaCpu } from '../engines/llama-cpu/llama-cpu.ts';
import { microConfig, randomWeights } from '../engines/llama-cpu/testing.ts';
import { generateAutoregressive } from '../speculative/autoregressive.ts';
import { measureAcceptance } from './measure-acceptance.ts';
import { selfDistill } from './self-distill.ts';

const config = microConfig({ vocabSize: 11 });
const prompts = [
  [1, 5, 9],
  [1, 4],
  [1, 6, 3, 8],
];
const options = { maxNewTokens: 6, eosTokenIds: [2], draftLength: 3 };

describe('measureAcceptance', () => {
  it('is 1 for a drafter identical to the target, with τ = γ + 1 until the end', async () => {
    const target = createLlamaCpu(config, randomWeights(config, 61));
    const report = await measureAcceptance(target, createLlamaCpu(config, randomWeights(config, 61)), prompts, options);
    expect(report.acceptanceRate).toBe(1);
    expect(report.acceptedTokens).toBe(report.judgedTokens);
    expect(report.prompts).toBe(3);
    expect(report.meanTokensPerPass).toBeGreaterThan(1);
  });

  it('pools accepted / judged over prompts for a different drafter', async () => {
    const target = createLlamaCpu(config, randomWeights(config, 61));
    const report = await measureAcceptance(target, createLlamaCpu(config, randomWeights(config, 62)), prompts, options);
    expect(report.acceptanceRate).toBeLessThan(1);
    expect(report.acceptanceRate).toBeCloseTo(report.acceptedTokens / report.judgedTokens, 12);
    expect(report.emittedTokens).toBeGreaterThan(0);
  });

  it('refuses an empty prompt set', async () => {
    const model = createLlamaCpu(config, randomWeights(config));
    await expect(measureAcceptance(model, model, [], options)).rejects.toThrow(/no prompts/);
  });
});

describe('selfDistill', () => {
  it('returns the target’s greedy output per prompt, with EOS appended where it stopped there', async () => {
    const target = createLlamaCpu(config, randomWeights(config, 63));
    const stop = { maxNewTokens: 6, eosTokenIds: [2] };
    const examples = await selfDistill(target, prompts, stop);
    for (const [i, example] of examples.entries()) {
      const greedy = await generateAutoregressive(target, prompts[i], stop);
      expect(example.prompt).toEqual(prompts[i]);
      expect(example.response).toEqual(greedy.finishReason === 'eos' ? [...greedy.tokens, 2] : greedy.tokens);
    }
  });
});
