import { describe, expect, it } from 'vitest';
import { InvalidArgumentError } from '../../errors.ts';
import { LlamaCpu } from '../llama-cpu/llama-cpu.ts';
import { expectBitIdentical, microConfig, randomWeights } from '../../llama/testing.ts';
import { MlcGpuError, MlcRuntimeError } from './errors.ts';
import { resolveSurface } from './internals.ts';
import { MlcCausalLM } from './mlc-causal-lm.ts';
import { FakePipeline, type FakeOptions } from './testing/fake-pipeline.ts';

const config = microConfig({ vocabSize: 13, hiddenSize: 8, numHeads: 2, maxPositionEmbeddings: 256 });

function model(): LlamaCpu {
  return new LlamaCpu(config, randomWeights(config, 7));
}

function setup(options: Partial<FakeOptions> = {}): { fake: FakePipeline; lm: MlcCausalLM } {
  const fake = new FakePipeline(model(), { vocabSize: config.vocabSize, ...options });
  const lm = new MlcCausalLM(resolveSurface(fake.pipeline));
  fake.calls.length = 0;
  return { fake, lm };
}

const PROMPT = [1, 5, 9, 3, 7, 2, 11, 4];

describe('MlcCausalLM over the fake web-llm pipeline', () => {
  it('prefills an empty cache, then verifies with begin-forward → batch_verify → end-forward, then pops', async () => {
    const { fake, lm } = setup();
    await lm.append(PROMPT, 'last');
    expect(fake.calls).toEqual(['begin_forward(8)', 'prefill(8)', 'end_forward', 'sync']);
    fake.calls.length = 0;
    const rows = await lm.append([6, 8, 10, 12], 'all');
    expect(rows).toHaveLength(4);
    lm.truncate(PROMPT.length + 2);
    expect(fake.calls).toEqual(['begin_forward(4)', 'batch_verify(4)', 'end_forward', 'sync', 'popn(2)']);
    expect(fake.scopeDepth).toBe(0);
    expect(fake.detached.size).toBe(0); // every logits tensor and CPU copy was freed
  });

  it('feeds a single token through decode and keeps web-llm filledKVCacheLength true', async () => {
    const { fake, lm } = setup();
    await lm.append(PROMPT, 'last');
    expect(fake.pipeline.filledKVCacheLength).toBe(8);
    await lm.append([3], 'last');
    expect(fake.calls.slice(-4)).toEqual(['begin_forward(1)', 'decode(1)', 'end_forward', 'sync']);
    expect(fake.pipeline.filledKVCacheLength).toBe(9);
    await lm.append([4, 5, 6], 'all');
    lm.truncate(10);
    expect(lm.length).toBe(10);
    expect(fake.pipeline.filledKVCacheLength).toBe(10);
    expect(fake.length).toBe(10);
    await lm.reset();
    expect(fake.pipeline.filledKVCacheLength).toBe(0);
    expect(lm.length).toBe(0);
  });

  it('returns the same logits as the reference engine for every path, including after a rollback', async () => {
    const { lm } = setup();
    const reference = model();
    const expected = await reference.append([...PROMPT, 6, 8, 10], 'all');
    const [last] = await lm.append(PROMPT, 'last');
    expectBitIdentical(last, expected[7], 'prefill');
    const verified = await lm.append([6, 8, 10], 'all');
    verified.forEach((row, i) => expectBitIdentical(row, expected[8 + i], `verify ${i}`));
    lm.truncate(8);
    const [again] = await lm.append([6], 'all');
    expectBitIdentical(again, expected[8], 'decode after popn');
  });

  it('gives every row of a first chunk when all are wanted (prefill of one token, then batch_verify)', async () => {
    const { fake, lm } = setup();
    const rows = await lm.append(PROMPT, 'all');
    expect(rows).toHaveLength(8);
    expect(fake.calls.filter((c) => !c.startsWith('begin') && c !== 'end_forward' && c !== 'sync')).toEqual([
      'prefill(1)',
      'batch_verify(7)',
    ]);
    const expected = await model().append(PROMPT, 'all');
    rows.forEach((row, i) => expectBitIdentical(row, expected[i], `row ${i}`));
  });

  it('splits appends into chunks no larger than the prefill chunk', async () => {
    const { fake, lm } = setup({ prefillChunkSize: 3 });
    const rows = await lm.append(PROMPT, 'last');
    expect(rows).toHaveLength(1);
    expect(fake.calls.filter((c) => /^(prefill|batch_verify|decode)/.test(c))).toEqual([
      'prefill(3)',
      'batch_verify(3)',
      'batch_verify(2)',
    ]);
    expectBitIdentical(rows[0], (await model().append(PROMPT, 'last'))[0], 'last row');
    expect(await lm.append([1, 2], 'none')).toEqual([]);
  });

  it('falls back to one decode per token when batch_verify and prefill are switched off', async () => {
    const { fake, lm } = setup();
    lm.setPaths({ batchVerify: false, prefill: false });
    await lm.append(PROMPT.slice(0, 3), 'last');
    await lm.append([6, 8], 'all');
    expect(fake.calls.filter((c) => /^(prefill|batch_verify|decode)/.test(c))).toEqual(Array(5).fill('decode(1)'));
    expect(lm.forwards).toEqual({ prefill: 0, decode: 5, verify: 0 });
  });

  it('refuses bad tokens, overflowing the context window and truncating past the end', async () => {
    const { lm } = setup({ contextWindowSize: 10 });
    await expect(lm.append([13])).rejects.toThrow(InvalidArgumentError);
    await expect(lm.append(Array(11).fill(1))).rejects.toThrow(/maximum sequence length of 10/);
    await lm.append([1, 2, 3]);
    expect(() => lm.truncate(4)).toThrow(InvalidArgumentError);
  });

  it("wraps the TVM runtime's non-Error throws into MlcRuntimeError with the message", async () => {
    const { fake, lm } = setup();
    await lm.append([1, 2, 3]);
    fake.length = 1; // the runtime now holds fewer positions than the adapter believes
    const error = (() => {
      try {
        lm.truncate(0);
      } catch (e) {
        return e;
      }
    })();
    expect(error).toBeInstanceOf(MlcRuntimeError);
    expect((error as Error).message).toMatch(
      /kv_state_popn failed in the TVM runtime: Check failed: n <= seq.seq_length/,
    );
    expect(fake.scopeDepth).toBe(0);
  });

  it('throws a WebGPU validation error captured in an error scope instead of returning its garbage', async () => {
    const { fake, lm } = setup({ verifyGpuError: 'Binding size 131072000 exceeds maxStorageBufferBindingSize' });
    await lm.append(PROMPT);
    await expect(lm.append([1, 2], 'all')).rejects.toThrow(MlcGpuError);
    expect(fake.uncaptured).toEqual([]);
  });
});
