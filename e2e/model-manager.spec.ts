import { cpSync, mkdirSync, statSync } from 'node:fs';
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
  // The download is waited for until it ends, however long that takes on a busy machine; this is the only clock.
  test.setTimeout(180_000);
  const errors = collectErrors(page);
  const panel = await openModels(page);
  // Model files come as they are on disk, with their length: uncompressed (gzip on the fly made a
  // local download crawl) and with a Content-Length (progress has a percentage).
  const served = await page.evaluate(async () => {
    const response = await fetch('/models/tiny-target/model.safetensors', { cache: 'no-store' });
    await response.body?.cancel();
    return { length: response.headers.get('content-length'), encoding: response.headers.get('content-encoding') };
  });
  expect(served).toEqual({
    length: String(statSync('public/models/tiny-target/model.safetensors').size),
    encoding: null,
  });
  const state = panel.getByTestId('model-state-demo');
  await expect(state).toHaveText('Not downloaded');

  // Record every percentage the row shows while downloading.
  await page.evaluate(() => {
    const seen: string[] = [];
    (window as unknown as { seenStates: string[] }).seenStates = seen;
    const el = document.querySelector('[data-testid="model-state-demo"]')!;
    new MutationObserver(() => seen.push(el.textContent ?? '')).observe(el, {
      childList: true,
      characterData: true,
      subtree: true,
    });
  });
  await panel
    .getByTestId('model-row-demo')
    .getByRole('button', { name: /^Download/ })
    .click();
  // Done when the row says Cached or shows an error, whichever comes first.
  const failure = panel.getByTestId('model-row-demo').getByRole('alert');
  await expect(state.filter({ hasText: /^Cached: / }).or(failure)).toBeVisible({ timeout: 0 });
  await expect(failure).toHaveCount(0);
  await expect(state).toHaveText(/^Cached: 7\d\.\d MB$/);
  const seen = await page.evaluate(() => (window as unknown as { seenStates: string[] }).seenStates);
  expect(seen.some((text) => /^Downloading: .* MB of .* MB \(\d+%\)/.test(text))).toBe(true);
  expect(seen.some((text) => text.includes('(100%)'))).toBe(true);
  await expect(panel.getByTestId('storage-line')).toHaveText(/^[\d.,]+ MB used of [\d.,]+ MB available$/);
  await saveScreenshot(page, testInfo, 'model-manager-demo-cached');

  await panel
    .getByTestId('model-row-demo')
    .getByRole('button', { name: /^Delete/ })
    .click();
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
  await expect(panel.getByTestId('import-error')).toHaveText(
    '"broken-model" is not a model folder: it has no tokenizer.json.',
  );

  await panel.getByRole('button', { name: 'Keep models when the browser clears space' }).click();
  await expect(panel.getByTestId('persistence-result')).not.toBeEmpty();
  await expect(panel.getByTestId('storage-line')).toHaveText(/^[\d.,]+ MB used of [\d.,]+ MB available$/);
  await saveScreenshot(page, testInfo, 'model-manager-imported');

  await row.getByRole('button', { name: /^Delete/ }).click();
  await expect(row).toHaveCount(0);
});

test('adds the app’s own tiny-drafter folder by URL, lists it with its size, then deletes it', async ({
  page,
}, testInfo) => {
  const errors = collectErrors(page);
  const panel = await openModels(page);
  const form = panel.getByTestId('model-add-url');
  const folderUrl = new URL('/models/tiny-drafter/', page.url()).href; // same origin: nothing external
  // What the safetensors layout downloads: the weights, the three JSON files and generation_config.json.
  const names = [
    'config.json',
    'model.safetensors',
    'tokenizer.json',
    'tokenizer_config.json',
    'generation_config.json',
  ];
  const bytes = names.reduce((sum, name) => sum + statSync(join('public/models/tiny-drafter', name)).size, 0);
  const size = `${(bytes / 1e6).toFixed(1)} MB`;

  // Record what the status line shows while downloading.
  await page.evaluate(() => {
    const seen: string[] = [];
    (window as unknown as { seenStates: string[] }).seenStates = seen;
    const el = document.querySelector('[data-testid="url-import-status"]')!;
    new MutationObserver(() => seen.push(el.textContent ?? '')).observe(el, {
      childList: true,
      characterData: true,
      subtree: true,
    });
  });
  await form.getByRole('textbox', { name: 'Folder URL' }).fill(folderUrl);
  await form.getByRole('combobox', { name: 'Format' }).selectOption('safetensors');
  await form.getByRole('button', { name: 'Add model' }).click();
  await expect(panel.getByTestId('url-import-status')).toHaveText(`Added tiny-drafter as tiny-drafter: ${size}.`, {
    timeout: 30_000,
  });
  const seen = await page.evaluate(() => (window as unknown as { seenStates: string[] }).seenStates);
  expect(seen.some((text) => /^tiny-drafter: Downloading: .* MB of .* MB \(\d+%\)/.test(text))).toBe(true);

  const row = panel.getByTestId('model-row-user:tiny-drafter');
  await expect(row).toContainText('tiny-drafter (added by URL)');
  await expect(row).toContainText(`from ${folderUrl}`);
  await expect(row.getByTestId('model-state-user:tiny-drafter')).toHaveText(`Cached: ${size}`);
  const stored = await page.evaluate(async () => {
    const cache = await caches.open('tandem-models');
    return (await cache.keys()).map((r) => new URL(r.url).pathname).sort();
  });
  expect(stored).toEqual(names.map((name) => `/models/tiny-drafter/${name}`).sort());
  // Remembered across a reload.
  await page.reload();
  await page.getByText('Models', { exact: true }).click();
  await expect(row.getByTestId('model-state-user:tiny-drafter')).toHaveText(`Cached: ${size}`);
  await saveScreenshot(page, testInfo, 'model-manager-added-by-url');

  await row.getByRole('button', { name: /^Delete/ }).click();
  await expect(row).toHaveCount(0);
  const left = await page.evaluate(async () => (await (await caches.open('tandem-models')).keys()).length);
  expect(left).toBe(0);
  expect(errors).toEqual([]);
});

test('a URL whose files 404 names the missing file and keeps nothing; web pages and file URLs are refused', async ({
  browser,
}, testInfo) => {
  // The preview server answers unknown paths with the app's page (200), so the 404s are made here;
  // no service worker, so that the routes see every request.
  const context = await browser.newContext({ baseURL: testInfo.project.use.baseURL, serviceWorkers: 'block' });
  await context.route('**/models/no-such-model/**', (route) => route.fulfill({ status: 404, body: 'Not Found' }));
  await context.route('**/models/tiny-drafter/tokenizer_config.json', (route) =>
    route.fulfill({ status: 404, body: 'Not Found' }),
  );
  const page = await context.newPage();
  const errors = collectErrors(page);
  const panel = await openModels(page);
  const form = panel.getByTestId('model-add-url');
  const urlBox = form.getByRole('textbox', { name: 'Folder URL' });
  const add = form.getByRole('button', { name: 'Add model' });
  const error = panel.getByTestId('url-import-error');
  const cachedKeys = () => page.evaluate(async () => (await (await caches.open('tandem-models')).keys()).length);
  const origin = new URL(page.url()).origin;

  // Nothing there: the first required file of the layout is named, with the status.
  await urlBox.fill(`${origin}/models/no-such-model/`);
  await form.getByRole('combobox', { name: 'Format' }).selectOption('onnx');
  await add.click();
  await expect(error).toHaveText(
    `Downloading onnx/model.onnx from ${origin}/models/no-such-model/ failed: the server answered HTTP 404 Not Found.`,
  );
  await expect(panel.getByTestId('model-row-user:no-such-model')).toHaveCount(0);
  expect(await cachedKeys()).toBe(0);

  // One required file missing from a real folder: named, and none of the others is kept.
  await urlBox.fill(`${origin}/models/tiny-drafter/`);
  await form.getByRole('combobox', { name: 'Format' }).selectOption('safetensors');
  await add.click();
  await expect(error).toHaveText(
    `Downloading tokenizer_config.json from ${origin}/models/tiny-drafter/ failed: the server answered HTTP 404 Not Found.`,
  );
  await expect(panel.getByTestId('model-row-user:tiny-drafter')).toHaveCount(0);
  expect(await cachedKeys()).toBe(0);

  // A server that answers with a web page where config.json should be is not a model folder.
  await urlBox.fill(`${origin}/some/page/`);
  await add.click();
  await expect(error).toContainText(
    `${origin}/some/page/ does not look like a model folder: the server answered config.json with a web page`,
  );
  expect(await cachedKeys()).toBe(0);

  await urlBox.fill(`${origin}/models/tiny-drafter/config.json`);
  await add.click();
  await expect(error).toContainText('is the address of a file (config.json), not of a folder');
  await urlBox.fill('models tiny drafter');
  await add.click();
  await expect(error).toContainText('is not a valid URL');
  expect(errors.filter((e) => !e.includes('404'))).toEqual([]);
  await context.close();
});

test('a Vicuna target row shows and deletes what web-llm cached in its own caches', async ({ page }) => {
  const errors = collectErrors(page);
  await page.goto('/');
  const origin = new URL(page.url()).origin;
  // What web-llm 0.2.86 leaves after loading the q4f16_1 build: files keyed by URL in its caches.
  const folder = `${origin}/models/vicuna-7b-v1.3-q4f16_1-MLC/resolve/main/`;
  await page.evaluate(async (folder) => {
    const put = async (cache: string, url: string, bytes: number) =>
      (await caches.open(cache)).put(url, new Response(new Uint8Array(bytes)));
    await put('webllm/model', `${folder}tensor-cache.json`, 200_000);
    await put('webllm/model', `${folder}params_shard_0.bin`, 2_000_000);
    await put('webllm/model', `${folder}tokenizer.json`, 300_000);
    await put('webllm/config', `${folder}mlc-chat-config.json`, 100_000);
  }, folder);
  await page.getByText('Models', { exact: true }).click();
  const panel = page.getByTestId('model-manager');
  const key = 'vicuna-7b-v1.3-q4f16_1-MLC';
  await expect(panel.getByTestId(`model-state-${key}`)).toHaveText('Cached: 2.6 MB');
  await expect(panel.getByTestId('model-state-vicuna-7b-v1.3-q4f32_1-MLC')).toHaveText('Not downloaded');

  await panel
    .getByTestId(`model-row-${key}`)
    .getByRole('button', { name: /^Delete/ })
    .click();
  await expect(panel.getByTestId(`model-state-${key}`)).toHaveText('Not downloaded');
  const left = await page.evaluate(async () => {
    const count = async (name: string) => (await (await caches.open(name)).keys()).length;
    return [await count('webllm/model'), await count('webllm/config')];
  });
  expect(left).toEqual([0, 0]);
  expect(errors).toEqual([]);
});
