import { expect, test } from '@playwright/test';
import { callTraining, openTrainingHarness } from './harness/training-playwright.ts';

/**
 * Weights trained on WebGPU, saved as a Hugging Face folder (src/training/save.ts), load in
 * llama-webgpu and llama-cpu with the logits of the in-memory weights: F32 bit for bit; F16 within
 * 1e-2 · (1 + |logit|), the bound the CPU round-trip test (src/training/save.test.ts) uses.
 */
test.describe.configure({ timeout: 180_000 });

test('a drafter trained on WebGPU, saved F32 and F16, loads in llama-webgpu and llama-cpu with the same logits', async ({
  page,
}) => {
  await openTrainingHarness(page);
  const r = await callTraining(page, 'saveRoundTrip');
  for (const [label, diff] of Object.entries(r)) {
    console.log(`${label}: max |Δlogit| ${diff.maxAbs.toExponential(2)} (logits up to ${diff.scale.toFixed(2)})`);
    expect(diff.scale, `${label}: logits are not all zero`).toBeGreaterThan(0.1);
    if (label.endsWith('F32')) expect(diff.maxAbs, label).toBe(0);
    else expect(diff.maxAbs, label).toBeLessThanOrEqual(1e-2 * (1 + diff.scale));
  }
});
