import { expect, test } from '@playwright/test';
import { callTraining, openTrainingHarness } from './harness/training-playwright.ts';

/** The WebGPU trainer refuses a shape that does not fit the device, naming the buffer or limit. */
test.describe.configure({ timeout: 180_000 });

test('a device too small for a buffer gets a DeviceLimitError that names it; micro-batches shrink first', async ({
  page,
}) => {
  await openTrainingHarness(page);
  const r = await callTraining(page, 'trainerLimitErrors');
  expect(r.fits).toBeNull();
  expect(r.fitsBySplitting).toBeNull();
  expect(r.bindingSize).toMatchObject({ name: 'DeviceLimitError', limit: 'maxStorageBufferBindingSize' });
  expect(r.bindingSize?.message).toMatch(/buffer embed_tokens \(96, 48\) needs 18432 bytes/);
  expect(r.bufferSize).toMatchObject({ name: 'DeviceLimitError', limit: 'maxBufferSize' });
  expect(r.bufferSize?.message).toMatch(/buffer embed_tokens \(96, 48\)/);
  expect(r.workgroupStorage).toMatchObject({ name: 'DeviceLimitError', limit: 'maxComputeWorkgroupStorageSize' });
  expect(r.storageBuffers).toMatchObject({ name: 'DeviceLimitError', limit: 'maxStorageBuffersPerShaderStage' });
  expect(r.budget).toMatchObject({ name: 'DeviceLimitError', limit: 'memoryBudget' });
  expect(r.budget?.message).toMatch(/training buffers need .* at 1 sequence\(s\) of 64 per micro-batch/);
});
