import { expect, test } from '@playwright/test';
import { callTraining, openTrainingHarness } from './harness/training-playwright.ts';

/**
 * A whole WebGPU training step (forward with saved activations, backward, AdamW) against the CPU
 * reference on one padded batch of a 2-layer GQA model: the loss, every parameter's gradient and
 * every parameter's AdamW update, relative error ≤ 1e-3 (the bound; measured ~1e-6).
 */
const TOLERANCE = 1e-3;

test.describe.configure({ timeout: 180_000 });

test.beforeEach(async ({ page }) => {
  await openTrainingHarness(page);
});

const cases: [string, boolean, string, number | undefined][] = [
  ['untied, direct / 1 lane', false, 'direct, 1 lane', undefined],
  ['tied embeddings, tiled / 16 lanes', true, 'tiled, 16 lanes', undefined],
  ['untied, micro-batches of 1 sequence (gradient accumulation over 3)', false, 'direct, 1 lane', 1],
];

for (const [label, tied, tuning, microBatch] of cases) {
  test(`one step matches the CPU reference: ${label}`, async ({ page }) => {
    const r = await callTraining(page, 'stepParity', tied, tuning, microBatch);
    console.log(`loss gpu ${r.loss.gpu} cpu ${r.loss.cpu}; grad norm gpu ${r.gradNorm.gpu} cpu ${r.gradNorm.cpu}`);
    expect(Math.abs(r.loss.gpu - r.loss.cpu) / r.loss.cpu).toBeLessThanOrEqual(TOLERANCE);
    expect(Math.abs(r.evaluation.gpu - r.evaluation.cpu) / r.evaluation.cpu, 'evaluate()').toBeLessThanOrEqual(
      TOLERANCE,
    );
    expect(Math.abs(r.gradNorm.gpu - r.gradNorm.cpu) / r.gradNorm.cpu).toBeLessThanOrEqual(TOLERANCE);
    expect(r.tokenCount.gpu).toBe(r.tokenCount.cpu);
    const worst = (errors: Record<string, number>) => Math.max(...Object.values(errors));
    console.log(
      `max gradient error ${worst(r.gradients).toExponential(2)}, max update error ${worst(r.updates).toExponential(2)}`,
    );
    for (const [name, error] of Object.entries(r.gradients))
      expect(error, `gradient of ${name}`).toBeLessThanOrEqual(TOLERANCE);
    for (const [name, error] of Object.entries(r.updates))
      expect(error, `update of ${name}`).toBeLessThanOrEqual(TOLERANCE);
    const parts = microBatch === undefined ? 1 : 3;
    expect(r.submits, 'one submission per micro-batch').toBe(parts);
    expect(r.readbacks, 'one readback per step').toBe(1);
  });
}
