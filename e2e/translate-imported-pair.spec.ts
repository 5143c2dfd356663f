import { cpSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { expect, test, type Page, type Worker } from '@playwright/test';
import { collectErrors, GERMAN, openSettings, recordRequests, saveScreenshot } from './support/app-steps.ts';

/**
 * A real pair in the worker: the fixture folders imported through the model manager (into Cache
 * Storage, as a user's own model would be), chosen as target and drafter, and run greedily. They
 * are the demo pair's own weights, so the output must be the demo's token for token, although the
 * pair runs on Tandem's WebGPU engine (SwiftShader here) and the demo on the CPU reference engine.
 */

const MAX_TOKENS = 12;

async function translateAndRead(page: Page): Promise<{ ids: string[]; text: string }> {
  await page.getByRole('button', { name: 'Translate' }).click();
  const output = page.getByTestId('output');
  await expect(output).toHaveAttribute('data-run', 'done', { timeout: 180_000 });
  const spans = output.locator('span[data-source]');
  await expect(spans.first()).toBeAttached();
  const ids = await spans.evaluateAll((nodes) => nodes.map((n) => n.getAttribute('data-token-id') ?? ''));
  const text = (await spans.allTextContents()).join('');
  return { ids, text };
}

async function importFolder(page: Page, folder: string, status: string | RegExp): Promise<void> {
  const panel = page.getByTestId('model-manager');
  await panel
    .getByTestId('model-folder-input')
    .setInputFiles(folder.includes('/') ? folder : `public/models/${folder}`);
  await expect(panel.getByTestId('import-status')).toHaveText(status);
}

/** Opens the app and returns the demo pair's greedy output for the sample sentence: the reference. */
async function demoReference(page: Page) {
  await page.goto('/');
  await page.getByRole('combobox', { name: 'Model' }).selectOption('demo');
  await expect(page.getByTestId('model-status')).toHaveAttribute('data-state', 'ready', { timeout: 30_000 });
  await page.getByRole('combobox', { name: 'From' }).selectOption('de');
  await page.getByRole('textbox', { name: 'Text to translate' }).fill(GERMAN);
  await openSettings(page);
  await page.getByRole('spinbutton', { name: 'Max new tokens' }).fill(String(MAX_TOKENS));
  return translateAndRead(page);
}

test('an imported target and drafter translate on llama-webgpu exactly as the demo pair does', async ({
  page,
  context,
}, testInfo) => {
  test.setTimeout(300_000);
  const errors = collectErrors(page);
  // 1. The demo pair (CPU reference engine), greedy, on the sample sentence.
  const demo = await demoReference(page);
  expect(demo.ids).toHaveLength(MAX_TOKENS);

  // 2. Import both fixture folders as the user's own models.
  await page.getByText('Models', { exact: true }).click();
  await importFolder(page, 'tiny-target', 'Imported as tiny-target: 36.4 MB.');
  await importFolder(page, 'tiny-drafter', 'Imported as tiny-drafter: 35.3 MB.');

  // 3. Choose them: the drafter under Drafter, the target under Model.
  await page.getByRole('combobox', { name: 'Drafter' }).selectOption('user:tiny-drafter');
  await expect(page.getByTestId('drafter-info')).toHaveAttribute('data-drafter', 'user:tiny-drafter');
  const recorded = recordRequests(context);
  await page.getByRole('combobox', { name: 'Model' }).selectOption({ label: 'tiny-target (imported, safetensors)' });
  const status = page.getByTestId('model-status');
  await expect(status).toHaveAttribute('data-state', 'ready', { timeout: 120_000 });
  recorded.stop();
  await expect(status).toContainText(
    'target tiny-target (imported) on llama-webgpu (4 layers, hidden 64, vocabulary 32000)',
  );
  await expect(status).toContainText(
    'drafter tiny-drafter (imported) on llama-webgpu (1 layer, hidden 64, vocabulary 32000)',
  );
  const info = page.getByTestId('pair-info');
  await expect(info).toHaveAttribute('data-target-engine', 'llama-webgpu');
  await expect(info).toHaveAttribute('data-drafter-engine', 'llama-webgpu');
  await expect(info).toContainText(/swiftshader \(a software fallback adapter\): f32 weights on the GPU/i);
  // The weights came out of Cache Storage, where the import put them: nothing was fetched for them.
  const modelRequests = recorded.requests
    .map((r) => r.url())
    .filter((url) => /\/models\/tiny-(target|drafter)\//.test(url));
  expect(modelRequests).toEqual([]);

  // 4. The same sentence and settings, greedy: the same tokens and text as the demo's.
  const imported = await translateAndRead(page);
  expect(imported.ids).toEqual(demo.ids);
  expect(imported.text).toBe(demo.text);
  await expect(page.getByTestId('run-stats')).toHaveAttribute('data-emitted', String(MAX_TOKENS));
  expect(Number(await page.getByTestId('run-stats').getAttribute('data-accepted'))).toBeGreaterThan(0);
  await saveScreenshot(page, testInfo, 'imported-pair');
  expect(errors).toEqual([]);
});

test('an imported ONNX drafter runs on transformers.js from Cache Storage, and greedy output stays the target’s', async ({
  page,
}, testInfo) => {
  test.setTimeout(300_000);
  const errors = collectErrors(page);
  // The drafter's ONNX export alone, in a folder the app does not serve: only Cache Storage has it.
  const onnxOnly = testInfo.outputPath('tiny-drafter-onnx');
  mkdirSync(join(onnxOnly, 'onnx'), { recursive: true });
  for (const file of [
    'config.json',
    'generation_config.json',
    'tokenizer.json',
    'tokenizer_config.json',
    'onnx/model.onnx',
  ]) {
    cpSync(join('public/models/tiny-drafter', file), join(onnxOnly, file));
  }
  const demo = await demoReference(page);

  await page.getByText('Models', { exact: true }).click();
  await importFolder(page, 'tiny-target', 'Imported as tiny-target: 36.4 MB.');
  await importFolder(page, onnxOnly, /^Imported as tiny-drafter-onnx: /);
  await page.getByRole('combobox', { name: 'Drafter' }).selectOption('user:tiny-drafter-onnx');
  await page.getByRole('combobox', { name: 'Model' }).selectOption({ label: 'tiny-target (imported, safetensors)' });
  await expect(page.getByTestId('model-status')).toHaveAttribute('data-state', 'ready', { timeout: 120_000 });
  await expect(page.getByTestId('model-status')).toContainText(
    'drafter tiny-drafter-onnx (imported) on transformers-webgpu (1 layer, hidden 64, vocabulary 32000)',
  );
  await expect(page.getByTestId('pair-info')).toHaveAttribute('data-drafter-engine', 'transformers-webgpu');

  const imported = await translateAndRead(page);
  expect(imported.ids).toEqual(demo.ids); // greedy: the target decides every token, whatever drafts
  expect(imported.text).toBe(demo.text);
  // …and the ONNX drafter did draft: some of its tokens were accepted.
  expect(Number(await page.getByTestId('run-stats').getAttribute('data-accepted'))).toBeGreaterThan(0);
  expect(errors).toEqual([]);
});

test('a lost GPU device mid-life is recovered: a new worker, the pair reloaded, the same output', async ({
  page,
}, testInfo) => {
  test.setTimeout(300_000);
  const errors = collectErrors(page);
  await page.goto('/');
  // Keep every GPUDevice the worker makes, so the test can lose them the way a driver reset would.
  const isTandem = (w: Worker) => w.url().includes('tandem.worker');
  const worker = page.workers().find(isTandem) ?? (await page.waitForEvent('worker', { predicate: isTandem }));
  await worker.evaluate(() => {
    const devices: GPUDevice[] = [];
    (self as unknown as { tandemTestDevices: GPUDevice[] }).tandemTestDevices = devices;
    const request = GPUAdapter.prototype.requestDevice;
    GPUAdapter.prototype.requestDevice = async function (this: GPUAdapter, descriptor?: GPUDeviceDescriptor) {
      const device = await request.call(this, descriptor);
      devices.push(device);
      return device;
    };
  });
  await page.getByRole('combobox', { name: 'From' }).selectOption('de');
  await page.getByRole('textbox', { name: 'Text to translate' }).fill(GERMAN);
  await openSettings(page);
  await page.getByRole('spinbutton', { name: 'Max new tokens' }).fill(String(MAX_TOKENS));
  await page.getByText('Models', { exact: true }).click();
  await importFolder(page, 'tiny-target', 'Imported as tiny-target: 36.4 MB.');
  await importFolder(page, 'tiny-drafter', 'Imported as tiny-drafter: 35.3 MB.');
  await page.getByRole('combobox', { name: 'Drafter' }).selectOption('user:tiny-drafter');
  await page.getByRole('combobox', { name: 'Model' }).selectOption({ label: 'tiny-target (imported, safetensors)' });
  await expect(page.getByTestId('model-status')).toHaveAttribute('data-state', 'ready', { timeout: 120_000 });
  const before = await translateAndRead(page);
  expect(before.ids).toHaveLength(MAX_TOKENS);

  const devices = await worker.evaluate(() => {
    const devices = (self as unknown as { tandemTestDevices: GPUDevice[] }).tandemTestDevices;
    for (const device of devices) device.destroy();
    return devices.length;
  });
  expect(devices).toBeGreaterThan(0);
  const restartedWorker = page.waitForEvent('worker', { predicate: isTandem });
  await page.getByRole('button', { name: 'Translate' }).click();
  await expect(page.getByTestId('output')).toHaveAttribute('data-run', 'failed', { timeout: 60_000 });
  // The notice turns from "restarting" to "restarted" once the new worker has reloaded the pair.
  await expect(page.locator('[data-testid="environment-notice"][data-kind="worker-restarted"]')).toContainText(
    'DeviceLostError',
    { timeout: 120_000 },
  );
  await restartedWorker;
  await expect(page.getByTestId('model-status')).toHaveAttribute('data-state', 'ready', { timeout: 120_000 });
  await saveScreenshot(page, testInfo, 'device-lost-recovered');

  // Same page, new worker, new engines: the pair translates again, to the same tokens.
  const after = await translateAndRead(page);
  expect(after.ids).toEqual(before.ids);
  expect(page.workers().filter(isTandem)).toHaveLength(1);
  expect(errors).toEqual([]);
});
