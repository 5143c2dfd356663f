import { expect, test } from '@playwright/test';
import { call, LOGIT_TOLERANCE, openHarness } from './harness/playwright.ts';

/**
 * llama-webgpu (WGSL LLaMA) against llama-cpu (the reference) on the tiny-drafter fixture, both in the
 * same page: WebGPU on SwiftShader here, f32 path (SwiftShader has no shader-f16).
 */
test.describe.configure({ timeout: 180_000 });

test.beforeEach(async ({ page }) => {
  await openHarness(page);
});

test('the adapter runs WebGPU; the f16 path is only exercised where shader-f16 exists', async ({ page }) => {
  const info = await call(page, 'gpuInfo');
  expect(info).not.toBeNull();
  test.info().annotations.push({
    type: 'adapter',
    description: `${info!.info.vendor}/${info!.info.architecture}, shader-f16: ${info!.shaderF16}`,
  });
});

test('prefill logits match llama-cpu at prompt lengths across the matmul tile (4) and chunk (32, 8) sizes', async ({
  page,
}) => {
  const lengths = [1, 2, 3, 4, 5, 7, 31, 32, 33, 65];
  const byDefaultChunk = await call(page, 'prefillParity', lengths);
  const bySmallChunk = await call(page, 'prefillParity', [7, 8, 9, 17], { chunkRows: 8 });
  for (const [length, diff] of [...Object.entries(byDefaultChunk), ...Object.entries(bySmallChunk)]) {
    expect(diff.maxAbs, `length ${length}: max |Δlogit| (scale ${diff.scale})`).toBeLessThanOrEqual(LOGIT_TOLERANCE);
    expect(diff.scale, `length ${length}: logits are not all zero`).toBeGreaterThan(1);
    expect(diff.argmaxMismatches).toBe(0);
  }
});

test('single steps, multi-token appends, truncate and reset keep the cache in step with llama-cpu', async ({
  page,
}) => {
  const result = await call(page, 'incrementalParity');
  for (const [label, diff] of Object.entries(result)) {
    if (typeof diff === 'number') continue;
    expect(diff.maxAbs, label).toBeLessThanOrEqual(LOGIT_TOLERANCE);
    expect(diff.argmaxMismatches, label).toBe(0);
  }
  expect(result.length).toBe(40);
});

test('the matmul layout real GPUs get (16 lanes per output row) matches llama-cpu too', async ({ page }) => {
  // SwiftShader picks 1 lane per row; this pins the layout a real GPU runs by default.
  const lanes = { matmulLanes: 16 };
  const prefill = await call(page, 'prefillParity', [1, 5, 33], lanes);
  const incremental = await call(page, 'incrementalParity', lanes);
  const diffs = [...Object.entries(prefill), ...Object.entries(incremental).filter(([, d]) => typeof d !== 'number')];
  for (const [label, diff] of diffs) {
    if (typeof diff === 'number') continue;
    expect(diff.maxAbs, `16 lanes, ${label}`).toBeLessThanOrEqual(LOGIT_TOLERANCE);
    expect(diff.argmaxMismatches, `16 lanes, ${label}`).toBe(0);
  }
  const [draft] = await call(page, 'greedyDraft', [{ context: 10, prefixLength: 2, k: 6 }], lanes);
  expect(draft.gpuTokens).toEqual(draft.cpuTokens);
});

test('the engine runs inside a dedicated Worker, as the app hosts it, and drafts what llama-cpu does', async ({
  page,
}) => {
  const result = await call(page, 'draftInWorker', 6, 5);
  expect(result.inWorker).toBe(true);
  expect(result.tokens).toEqual(result.cpuTokens);
  expect(result.submits).toBeGreaterThanOrEqual(1);
  expect(result.lengthAfter).toBe(6 + 5 - 1);
});

test('draft(k) returns exactly the tokens of k greedy llama-cpu steps, in one submission and one readback', async ({
  page,
}) => {
  const cases = await call(page, 'greedyDraft', [
    { context: 0, prefixLength: 1, k: 5 },
    { context: 10, prefixLength: 1, k: 8 },
    { context: 3, prefixLength: 2, k: 4 },
    { context: 0, prefixLength: 40, k: 6 }, // prefix longer than a chunk (32)
    { context: 20, prefixLength: 3, k: 1 },
    { context: 50, prefixLength: 2, k: 16 },
  ]);
  for (const c of cases) {
    const label = `prefix ${c.prefixLength}, k ${c.k}`;
    expect(c.gpuTokens, label).toEqual(c.cpuTokens);
    expect(c.confidenceDiff, `${label}: confidence`).toBeLessThan(1e-5);
    expect(c.lengthAfter, `${label}: length grows by prefix + k − 1`).toBe(c.expectedLengthAfter);
    expect(c.submits, `${label}: queue submissions`).toBe(1);
    expect(c.readbacks, `${label}: readbacks`).toBe(1);
    expect(c.after.maxAbs, `${label}: logits after the draft`).toBeLessThanOrEqual(LOGIT_TOLERANCE);
  }
});

test('greedy speculative decoding with a llama-webgpu drafter equals autoregressive decoding of the target', async ({
  page,
}) => {
  const runs = await call(page, 'speculativeLossless', 3, 4, 40);
  for (const run of runs) {
    expect(run.equal).toBe(true);
    expect(run.tokens).toBe(40);
    expect(run.acceptanceRate).toBeGreaterThan(0.3); // the drafter really drafts, it is not all rejected
    // One submission + one readback per draft; the +1 submission is the prompt prefill ('none': no readback).
    expect(run.readbacks).toBe(run.drafterCalls);
    expect(run.submits).toBe(run.drafterCalls + 1);
  }
});

test('sampled draft(k): q matches llama-cpu, tokens are the inverse-CDF draws of the caller uniforms', async ({
  page,
}) => {
  for (const [temperature, topP, k, seed] of [
    [1, 1, 5, 7],
    [0.7, 0.9, 5, 8],
    [1.3, 0.5, 4, 9],
    [2, 0.95, 6, 10],
  ]) {
    const result = await call(page, 'sampledDraft', temperature, topP, k, seed);
    const label = `T=${temperature} top-p=${topP}`;
    expect(result.distributions, label).toBe(k);
    expect(result.lengthAfter).toBe(result.expectedLength);
    for (const step of result.steps) {
      expect(step.qMaxAbs, `${label}: max |q_gpu − q_cpu|`).toBeLessThan(1e-5);
      expect(Math.abs(step.qSum - 1), `${label}: q sums to 1`).toBeLessThan(1e-4);
      expect(step.token, `${label}: the inverse CDF of the GPU's own q`).toBe(step.fromGpuQ);
      expect(step.token, `${label}: the inverse CDF of the CPU's q`).toBe(step.fromCpuQ);
      expect(step.confidence).toBeCloseTo(step.qGpuOfToken, 6);
      // Top-p keeps the same set of tokens (T=1, top-p 1 may lose tokens whose mass underflows f32).
      if (topP < 1) expect(step.supportGpu, `${label}: top-p support`).toBe(step.supportCpu);
    }
  }
});

test('sampled speculative decoding with the GPU drafter follows the CPU drafter run draw for draw', async ({
  page,
}) => {
  const result = await call(page, 'sampledSpeculative', 1, 0.9, 30, 11);
  expect(result.gpuTokens).toEqual(result.cpuTokens);
  expect(result.gpuAcceptance).toBe(result.cpuAcceptance);
});
