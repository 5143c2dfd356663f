import { describe, expect, it } from 'vitest';
import { LlamaCpu } from '../llama-cpu/llama-cpu.ts';
import { microConfig, randomWeights } from '../../llama/testing.ts';
import { checkLogitsBinding } from './gpu-guard.ts';
import { resolveSurface } from './internals.ts';
import { MlcCausalLM } from './mlc-causal-lm.ts';
import { compareRows, decide, DEFAULT_THRESHOLDS, runSelfCheck, type Thresholds } from './self-check.ts';
import { FakePipeline, type FakeOptions } from './testing/fake-pipeline.ts';

const T: Thresholds = { tolerance: 0.5, epsilon: 0.25 };
const BINDING_OK = checkLogitsBinding(1 << 30, 1024, 32000);
const row = (...values: number[]): Float32Array => Float32Array.from(values);

describe('compareRows on synthetic logits', () => {
  it('reports max abs diff and full argmax agreement for identical rows', () => {
    const c = compareRows('verify-vs-decode', [row(1, 5, 2), row(0, 1, 9)], [row(1, 5, 2), row(0, 1.1, 9)], T);
    expect(c.argmaxAgreements).toBe(2);
    expect(c.maxAbsDiff).toBeCloseTo(0.1, 6);
    expect(c.disagreements).toEqual([]);
    expect(c.invalid).toBeNull();
  });

  it('calls a flip with a top-2 gap below ε a near-tie', () => {
    // reference prefers token 1 by 0.1; the candidate prefers token 2 by 0.1
    const c = compareRows('verify-vs-decode', [row(0, 3.1, 3.0)], [row(0, 3.0, 3.1)], T);
    expect(c.disagreements).toEqual([
      { position: 0, referenceToken: 1, candidateToken: 2, gap: expect.closeTo(0.1, 5), nearTie: true },
    ]);
  });

  it('calls a flip with a large gap a real disagreement', () => {
    const c = compareRows('verify-vs-decode', [row(0, 8, 3)], [row(0, 3, 8)], T);
    expect(c.disagreements[0]).toMatchObject({ referenceToken: 1, candidateToken: 2, gap: 5, nearTie: false });
  });

  it('marks NaN and all-zero rows invalid', () => {
    expect(compareRows('verify-vs-decode', [row(1, 2)], [row(0, 0)], T).invalid).toBe('candidate row 0 is all zeros');
    expect(compareRows('verify-vs-decode', [row(1, NaN)], [row(1, 2)], T).invalid).toBe('reference row 0 holds NaN');
  });
});

describe('the decision rule', () => {
  const same = compareRows('verify-vs-decode', [row(1, 5, 2)], [row(1, 5.01, 2)], T);
  const rollback = compareRows('popn-rollback', [row(1, 5, 2)], [row(1, 5, 2)], T);
  const prefill = compareRows('prefill-vs-decode', [row(4, 1)], [row(4, 1)], T);

  it('switches speculation on when batch_verify matches decode', () => {
    const d = decide([same, rollback, prefill], BINDING_OK, T);
    expect(d).toMatchObject({ speculation: true, prefill: true, verdict: 'ok' });
    expect(d.message).toMatch(/^Speculative decoding is ON: batch_verify matches decode/);
  });

  it('keeps speculation on through near-tie flips, and says they are noise', () => {
    const flip = compareRows('verify-vs-decode', [row(0, 3.1, 3.0), row(9, 0, 0)], [row(0, 3.0, 3.1), row(9, 0, 0)], T);
    const d = decide([flip, rollback, prefill], BINDING_OK, T);
    expect(d).toMatchObject({ speculation: true, verdict: 'noise' });
    expect(d.message).toMatch(/1 argmax flip\(s\) at near-ties \(top-2 gap < ε = 0.25\): floating-point noise/);
  });

  it('switches speculation off on a real disagreement, even a single one', () => {
    const wrong = compareRows('verify-vs-decode', [row(0, 8, 3), row(1, 0)], [row(0, 3, 8), row(1, 0)], T);
    const d = decide([wrong, rollback, prefill], BINDING_OK, T);
    expect(d).toMatchObject({ speculation: false, verdict: 'disagree' });
    expect(d.message).toMatch(
      /^Speculative decoding is OFF for this model: batch_verify and decode disagree beyond noise .*1 real disagreement/,
    );
  });

  it('switches speculation off when logits drift beyond the tolerance with argmax intact', () => {
    const drift = compareRows('verify-vs-decode', [row(0, 9, 3)], [row(0.9, 9, 3)], T);
    expect(decide([drift, rollback, prefill], BINDING_OK, T)).toMatchObject({
      speculation: false,
      verdict: 'disagree',
    });
  });

  it('switches speculation off when popn does not restore the cache', () => {
    const bad = compareRows('popn-rollback', [row(1, 5, 2)], [row(1, 2, 5)], T);
    expect(decide([same, bad, prefill], BINDING_OK, T)).toMatchObject({ speculation: false, verdict: 'rollback' });
  });

  it('switches speculation off for an over-limit binding without looking further', () => {
    const d = decide([prefill], checkLogitsBinding(1 << 27, 2048, 32000), T);
    expect(d).toMatchObject({ speculation: false, verdict: 'binding' });
    expect(d.message).toMatch(/maxStorageBufferBindingSize/);
  });

  it('routes prompts through decode when prefill disagrees, independently of speculation', () => {
    const badPrefill = compareRows('prefill-vs-decode', [row(4, 1)], [row(1, 4)], T);
    const d = decide([same, rollback, badPrefill], BINDING_OK, T);
    expect(d).toMatchObject({ speculation: true, prefill: false });
    expect(d.message).toMatch(/Prefill also disagrees with decode/);
  });
});

describe('runSelfCheck through the fake pipeline with llama-cpu logits', () => {
  const config = microConfig({ vocabSize: 17, hiddenSize: 8, numHeads: 2 });
  const tokens = [1, 4, 9, 2, 12, 7, 3, 15, 6, 11, 5];
  const setup = (options: Partial<FakeOptions> = {}) => {
    const fake = new FakePipeline(new LlamaCpu(config, randomWeights(config, 3)), { vocabSize: 17, ...options });
    return { fake, target: new MlcCausalLM(resolveSurface(fake.pipeline)) };
  };

  it('passes a faithful library: bit-identical logits, speculation on, cache left empty', async () => {
    const { fake, target } = setup();
    const report = await runSelfCheck(target, { tokens, thresholds: DEFAULT_THRESHOLDS.f32, binding: BINDING_OK });
    expect(report.verdict).toBe('ok');
    expect(report.comparisons.map((c) => [c.name, c.maxAbsDiff, c.argmaxAgreements])).toEqual([
      ['verify-vs-decode', 0, 6],
      ['popn-rollback', 0, 6],
      ['prefill-vs-decode', 0, 1],
    ]);
    expect(target.paths).toEqual({ batchVerify: true, prefill: true });
    expect(target.length).toBe(0);
    expect(fake.pipeline.filledKVCacheLength).toBe(0);
    expect(fake.calls.filter((c) => /popn/.test(c))).toEqual(['popn(6)', 'popn(6)']);
  });

  it('catches a library whose batched forward is wrong and switches the target to decode', async () => {
    const { target } = setup({ corruptVerify: (rows) => rows.forEach((r) => r.reverse()) });
    const report = await runSelfCheck(target, { tokens, thresholds: DEFAULT_THRESHOLDS.f32, binding: BINDING_OK });
    expect(report).toMatchObject({ speculation: false, verdict: 'disagree' });
    expect(target.paths.batchVerify).toBe(false);
  });

  it('calls all-zero verify logits broken', async () => {
    const { target } = setup({ corruptVerify: (rows) => rows.forEach((r) => r.fill(0)) });
    const report = await runSelfCheck(target, { tokens, thresholds: DEFAULT_THRESHOLDS.f32, binding: BINDING_OK });
    expect(report).toMatchObject({ speculation: false, verdict: 'broken' });
    expect(report.message).toMatch(/all zeros/);
  });

  it('turns a GPU error raised by batch_verify into a broken verdict, not a crash', async () => {
    const { target } = setup({ verifyGpuError: 'Binding size exceeds the limit' });
    const report = await runSelfCheck(target, { tokens, thresholds: DEFAULT_THRESHOLDS.f32, binding: BINDING_OK });
    expect(report).toMatchObject({ speculation: false, verdict: 'broken' });
    expect(report.message).toMatch(
      /batch_verify raised MlcGpuError: WebGPU error during verify of 6 token\(s\): validation: Binding size/,
    );
    expect(target.length).toBe(0);
  });

  it('never runs batch_verify when the binding check failed', async () => {
    const { fake, target } = setup();
    const binding = checkLogitsBinding(1 << 20, 16, 17 * 1000);
    const report = await runSelfCheck(target, { tokens, thresholds: DEFAULT_THRESHOLDS.f32, binding });
    expect(report.verdict).toBe('binding');
    expect(fake.calls.some((c) => c.startsWith('batch_verify'))).toBe(false);
  });
});
