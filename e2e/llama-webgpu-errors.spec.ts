import { expect, test } from '@playwright/test';
import { call, LOGIT_TOLERANCE, openHarness } from './harness/playwright.ts';

/** llama-webgpu's failure modes surface as typed errors that name the cause. */
test.describe.configure({ timeout: 120_000 });

test.beforeEach(async ({ page }) => {
  await openHarness(page);
});

test('a model that exceeds a device limit is refused before allocation, naming the limit', async ({ page }) => {
  const errors = await call(page, 'limitErrors');
  const expectations: Record<string, string> = {
    bindingSize: 'maxStorageBufferBindingSize',
    bufferSize: 'maxBufferSize',
    workgroups: 'maxComputeWorkgroupsPerDimension',
    workgroupStorage: 'maxComputeWorkgroupStorageSize',
    storageBuffers: 'maxStorageBuffersPerShaderStage',
    realDeviceKvCache: 'maxStorageBufferBindingSize',
  };
  for (const [key, limit] of Object.entries(expectations)) {
    expect(errors[key]?.name, key).toBe('DeviceLimitError');
    expect(errors[key]?.limit, key).toBe(limit);
    expect(errors[key]?.message, key).toContain(limit);
  }
  expect(errors.bindingSize?.message).toContain('embed_tokens');
  expect(errors.fits).toBeNull();
});

test('malformed weights fail with WeightFileError naming the problem', async ({ page }) => {
  const errors = await call(page, 'malformedWeights');
  expect(errors.truncated).toMatchObject({ name: 'WeightFileError' });
  expect(errors.truncated?.message).toContain('truncated');
  expect(errors.garbageHeader?.message).toContain('not valid JSON');
  expect(errors.tooShort?.name).toBe('WeightFileError');
  expect(errors.inMemoryWrongShape?.message).toContain('model.norm.weight');
});

test('a lost device surfaces as DeviceLostError, also mid-draft, and a rebuilt engine works', async ({ page }) => {
  const result = await call(page, 'lostDevice');
  expect(result.appendAfterLoss?.name).toBe('DeviceLostError');
  expect(result.draftAfterLoss?.name).toBe('DeviceLostError');
  expect(result.inFlightError?.name).toBe('DeviceLostError');
  expect(result.lostFlag).toBe(true);
  expect(result.rebuiltDiff.maxAbs).toBeLessThanOrEqual(LOGIT_TOLERANCE);
});

test('bad arguments are InvalidArgumentErrors', async ({ page }) => {
  const errors = await call(page, 'badArguments');
  for (const [key, error] of Object.entries(errors)) expect(error?.name, key).toBe('InvalidArgumentError');
});
