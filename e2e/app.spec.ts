import { expect, test, type Page, type Worker } from '@playwright/test';
import { collectErrors, pickDemo } from './support/app-steps.ts';
import { PREVIEW_PORT } from './ports.ts';

/** Starts listening for the Tandem worker before the page loads, so its creation is not missed. */
function waitForTandemWorker(page: Page): Promise<Worker> {
  return page.waitForEvent('worker', { predicate: (worker) => worker.url().includes('tandem.worker') });
}

test('shows the frame, the worker GPU probe and the no-models notice offering the demo', async ({ page }, testInfo) => {
  const errors = collectErrors(page);
  const tandemWorker = waitForTandemWorker(page);
  await page.goto('/');
  const worker = await tandemWorker;

  // The frame.
  await expect(page.getByRole('heading', { level: 1, name: 'Tandem' })).toBeVisible();
  const source = page.getByRole('textbox', { name: 'Text to translate' });
  await expect(source).toBeVisible();
  const from = page.getByRole('combobox', { name: 'From' });
  await expect(from).toHaveValue('auto');
  await expect(from.locator('option:checked')).toHaveText('Detect language');
  await expect(page.getByTestId('target-language')).toHaveText('English');
  await expect(page.getByText('English translation')).toBeVisible();
  await expect(page.getByTestId('output')).toHaveText('The translation will appear here.');

  // The worker answers: no models yet, the demo is offered, and Translate says why it is unavailable.
  await expect(page.getByTestId('worker-status')).toHaveAttribute('data-state', 'ready');
  await expect(page.getByTestId('model-notice')).toContainText(
    'No translation model is installed yet. Add one under Models (import a folder, or add a folder by its URL), ' +
      'or pick “Demo — tiny random models” under Model to see how Tandem drafts and verifies',
  );
  const model = page.getByRole('combobox', { name: 'Model' });
  await expect(model).toHaveValue('none');
  await expect(model.locator('option[value="demo"]')).toHaveText(
    'Demo — tiny random models (not a translator: random weights, output is gibberish; shows drafting, verification and the overlay)',
  );
  const translate = page.getByRole('button', { name: 'Translate' });
  await expect(translate).toBeDisabled();
  await expect(translate).toHaveAccessibleDescription('Unavailable: No model is chosen: pick the demo under Model.');
  await expect(page.getByRole('button', { name: 'Stop' })).toBeDisabled();
  await expect(page.getByTestId('translate-blocker')).toBeVisible();

  // The GPU probe ran in the worker and found an adapter.
  const gpuStatus = page.getByTestId('gpu-status');
  await expect(gpuStatus).not.toHaveAttribute('data-state', 'probing');
  const uiText = (await gpuStatus.textContent()) ?? '';
  expect(await gpuStatus.getAttribute('data-state'), `GPU status: ${uiText}`).toBe('available');

  // Ask the worker's own WebGPU, independently of the app, and check the UI names that adapter.
  const adapter = await worker.evaluate(async () => {
    type Info = {
      vendor: string;
      architecture: string;
      device: string;
      description: string;
      isFallbackAdapter?: boolean;
    };
    type Adapter = { info: Info; features: Set<string> };
    const gpu = (navigator as unknown as { gpu?: { requestAdapter(o?: object): Promise<Adapter | null> } }).gpu;
    const found = await gpu?.requestAdapter({ powerPreference: 'high-performance' });
    if (!found) return null;
    const { vendor, architecture, device, description, isFallbackAdapter } = found.info;
    return { vendor, architecture, device, description, isFallbackAdapter, f16: found.features.has('shader-f16') };
  });
  expect(adapter, 'navigator.gpu.requestAdapter() inside the worker').not.toBeNull();
  const name = adapter!.description || adapter!.device || `${adapter!.vendor} ${adapter!.architecture}`;
  expect(name.trim()).not.toBe('');
  await expect(gpuStatus).toContainText(`GPU: ${name} — `);
  await expect(gpuStatus).toContainText(adapter!.f16 ? 'shader-f16' : 'no shader-f16');
  if (adapter!.isFallbackAdapter) await expect(gpuStatus).toContainText('fallback adapter');
  testInfo.annotations.push({ type: 'gpu', description: uiText });

  const screenshot = testInfo.outputPath('app.png');
  await page.screenshot({ path: screenshot, fullPage: true });
  await testInfo.attach('app', { path: screenshot, contentType: 'image/png' });
  expect(errors).toEqual([]);
});

test('Ctrl+Enter and the blocked Translate button are harmless and explain themselves', async ({ page }) => {
  const errors = collectErrors(page);
  await page.goto('/');
  await expect(page.getByTestId('worker-status')).toHaveAttribute('data-state', 'ready');

  const source = page.getByRole('textbox', { name: 'Text to translate' });
  await source.fill('Guten Morgen, wie geht es dir?');
  await source.press('Control+Enter');
  await expect(source).toBeFocused();
  await expect(source).toHaveValue('Guten Morgen, wie geht es dir?'); // no newline inserted
  await expect(page.getByTestId('action-notice')).toHaveText(
    'Cannot translate yet: no model is chosen: pick the demo under Model.',
  );
  await expect(page.getByTestId('output')).toHaveText('The translation will appear here.');

  // The blocked button stays in the tab order, so keyboard users can reach it and hear why.
  await page.keyboard.press('Tab');
  const translate = page.getByRole('button', { name: 'Translate' });
  await expect(translate).toBeFocused();
  await page.keyboard.press('Enter');
  await translate.click({ force: true }); // aria-disabled: Playwright would wait for it to enable
  await expect(page.getByTestId('output')).toHaveText('The translation will appear here.');
  await expect(page).toHaveURL(new RegExp(`127\\.0\\.0\\.1:${PREVIEW_PORT}/$`)); // the form never navigated

  // Changing the source language keeps the text and the output as they were.
  await page.getByRole('combobox', { name: 'From' }).selectOption('de');
  await expect(source).toHaveValue('Guten Morgen, wie geht es dir?');
  await expect(source).toHaveAttribute('lang', 'de');

  // Enormous input is refused before anything runs, with its size and the limit; nothing is lost.
  await pickDemo(page);
  const enormous = 'Guten Morgen, wie geht es dir? '.repeat(2000); // 62,000 characters
  await source.fill(enormous);
  await expect(translate).toHaveAccessibleDescription(
    'Unavailable: The text is too long to translate at once: 62,000 characters, at most 50,000. Translate it in parts.',
  );
  await expect(source).toHaveValue(enormous);
  expect(errors).toEqual([]);
});
