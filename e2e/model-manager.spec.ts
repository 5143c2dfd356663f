import { cpSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { expect, test, type Page } from '@playwright/test';
import { collectErrors, saveScreenshot } from './support/app-steps.ts';

/**
 * The model manager over the real Cache Storage: the demo pair downloaded from the app's own
 * /models/ URLs (nothing external), deleted, a fixture folder imported through the
 * webkitdirectory input, a folder without tokenizer.json refused by name, and the storage line.
 */

async function openModels(page: Page) {
  await page.goto('/');
  await page.getByText('Models', { exact: true }).click();
  return page.getByTestId('model-manager');
}

test('downloads the demo pair with progress to 100 %, then deletes it', async ({ page }, testInfo) => {
  const errors = collectErrors(page);
  const panel = await openModels(page);
  const state = panel.getByTestId('model-state-demo');
  await expect(state).toHaveText('Not downloaded');

  // Record every percentage the row shows while downloading.
  await page.evaluate(() => {
    const seen: string[] = [];
    (window as unknown as { seenStates: string[] }).seenStates = seen;
    const el = document.querySelector('[data-testid="model-state-demo"]')!;
    new MutationObserver(() => seen.push(el.textContent ?? '')).observe(el, { childList: true, characterData: true, subtree: true });
  });
  await panel.getByTestId('model-row-demo').getByRole('button', { name: /^Download/ }).click();
  await expect(state).toHaveText(/^Cached: 7\d\.\d MB$/);
  const seen = await page.evaluate(() => (window as unknown as { seenStates: string[] }).seenStates);
  expect(seen.some((text) => /^Downloading: .* MB of .* MB \(\d+%\)/.test(text))).toBe(true);
  expect(seen.some((text) => text.includes('(100%)'))).toBe(true);
  await expect(panel.getByTestId('storage-line')).toHaveText(/^[\d.,]+ MB used of [\d.,]+ MB available$/);
  await saveScreenshot(page, testInfo, 'model-manager-demo-cached');

  await panel.getByTestId('model-row-demo').getByRole('button', { name: /^Delete/ }).click();
  await expect(state).toHaveText('Not downloaded');
  const left = await page.evaluate(async () => (await (await caches.open('tandem-models')).keys()).length);
  expect(left).toBe(0);
  expect(errors).toEqual([]);
});

test('imports a model folder, and refuses one without tokenizer.json by name', async ({ page }, testInfo) => {
  const panel = await openModels(page);
  await panel.getByTestId('model-folder-input').setInputFiles('public/models/tiny-drafter');
  await expect(panel.getByTestId('import-status')).toHaveText('Imported as tiny-drafter: 35.3 MB.');
  const row = panel.getByTestId('model-row-user:tiny-drafter');
  await expect(row).toContainText('tiny-drafter (imported)');
  await expect(row.getByTestId('model-state-user:tiny-drafter')).toHaveText('Cached: 35.3 MB');
  // Stored where a fetch-based loader (and the service worker) looks for it.
  const stored = await page.evaluate(async () => {
    const cache = await caches.open('tandem-models');
    return (await cache.match('/models/tiny-drafter/onnx/model.onnx'))?.status ?? null;
  });
  expect(stored).toBe(200);

  const broken = testInfo.outputPath('broken-model');
  mkdirSync(join(broken, 'onnx'), { recursive: true });
  cpSync('public/models/tiny-drafter/config.json', join(broken, 'config.json'));
  cpSync('public/models/tiny-drafter/onnx/model.onnx', join(broken, 'onnx', 'model.onnx'));
  await panel.getByTestId('model-folder-input').setInputFiles(broken);
  await expect(panel.getByTestId('import-error')).toHaveText('"broken-model" is not a model folder: it has no tokenizer.json.');

  await panel.getByRole('button', { name: 'Keep models when the browser clears space' }).click();
  await expect(panel.getByTestId('persistence-result')).not.toBeEmpty();
  await expect(panel.getByTestId('storage-line')).toHaveText(/^[\d.,]+ MB used of [\d.,]+ MB available$/);
  await saveScreenshot(page, testInfo, 'model-manager-imported');

  await row.getByRole('button', { name: /^Delete/ }).click();
  await expect(row).toHaveCount(0);
});
