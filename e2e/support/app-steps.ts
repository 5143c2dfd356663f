import { expect, type BrowserContext, type Page, type Request, type TestInfo } from '@playwright/test';

/**
 * Steps the e2e specs share.
 */

export const GERMAN = 'Guten Morgen, wie geht es dir heute?';

/** Uncaught page errors, console errors and dialogs: a test asserts there were none. */
export function collectErrors(page: Page): string[] {
  const errors: string[] = [];
  page.on('pageerror', (error) => errors.push(`pageerror: ${error.message}`));
  page.on('console', (message) => {
    if (message.type() === 'error') errors.push(`console: ${message.text()}`);
  });
  page.on('dialog', (dialog) => {
    errors.push(`dialog: ${dialog.type()} ${dialog.message()}`);
    void dialog.dismiss();
  });
  return errors;
}

/** Opens the Settings disclosure (closed on a first visit) unless it is open. */
export async function openSettings(page: Page): Promise<void> {
  const settings = page.locator('details.settings');
  if ((await settings.getAttribute('open')) === null) await settings.locator('summary').click();
  await expect(settings).toHaveAttribute('open');
}

/** Picks the demo on the current page, waits for it to load, opens Settings and types the German sentence. */
export async function pickDemo(page: Page): Promise<void> {
  await page.getByRole('combobox', { name: 'Model' }).selectOption('demo');
  await expect(page.getByTestId('model-status')).toHaveAttribute('data-state', 'ready', { timeout: 30_000 });
  await openSettings(page);
  await page.getByRole('combobox', { name: 'From' }).selectOption('de');
  await page.getByRole('textbox', { name: 'Text to translate' }).fill(GERMAN);
}

/** Presses Translate and waits for the run to finish with at least one streamed token. */
export async function translateOnce(page: Page): Promise<void> {
  await page.getByRole('button', { name: 'Translate' }).click();
  const output = page.getByTestId('output');
  await expect(output).toHaveAttribute('data-run', 'done', { timeout: 60_000 });
  await expect(output.locator('span[data-source]').first()).toBeAttached();
}

/** Resolves once the service worker controls the page (clientsClaim on its first activation). */
export async function waitForServiceWorkerControl(page: Page): Promise<void> {
  await page.waitForFunction(() => navigator.serviceWorker.controller !== null, undefined, { timeout: 30_000 });
}

/**
 * Every request the context sees: the page's, its dedicated workers' and the service worker's own
 * (Playwright reports all three on the context; `request.serviceWorker()` marks the last).
 */
export function recordRequests(context: BrowserContext): { requests: Request[]; stop(): void } {
  const requests: Request[] = [];
  const onRequest = (request: Request): void => void requests.push(request);
  context.on('request', onRequest);
  return { requests, stop: () => context.off('request', onRequest) };
}

export function describeRequest(request: Request): string {
  const from = request.serviceWorker() ? 'service worker' : 'page or its worker';
  return `${request.method()} ${request.url()} (${from})`;
}

/** A full-page screenshot kept as a test artifact (test-results/ and the HTML report). */
export async function saveScreenshot(page: Page, testInfo: TestInfo, name: string): Promise<void> {
  const path = testInfo.outputPath(`${name}.png`);
  await page.screenshot({ path, fullPage: true });
  await testInfo.attach(name, { path, contentType: 'image/png' });
}
