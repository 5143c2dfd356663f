import { mkdirSync, writeFileSync, cpSync } from 'node:fs';
import { join } from 'node:path';
import { expect, test, type Page } from '@playwright/test';
import { collectErrors } from './support/app-steps.ts';
import { deadPort, startFakeHub, startFolderServer, targetFolderFiles } from './support/fake-hub.ts';

/**
 * "Add a model by URL" and "Import a model folder" on bad networks and bad servers (issue 13,
 * defect 6): each failure is named for what it is, a dropped connection is resumed, and nothing
 * that is not a whole, well-formed model is ever listed.
 */

const PAGE = new TextEncoder().encode(
  '<!DOCTYPE html><html><head><title>Sign in</title></head><body>Sign in</body></html>',
);

async function addByUrl(page: Page, url: string, hubBase?: string) {
  await page.goto(hubBase ? `/?hub=${encodeURIComponent(hubBase)}` : '/');
  await page.getByText('Models', { exact: true }).click();
  const form = page.getByTestId('model-add-url');
  await form.getByRole('textbox', { name: 'Folder URL' }).fill(url);
  await form.getByRole('combobox', { name: 'Format' }).selectOption('safetensors');
  await form.getByRole('button', { name: 'Add model' }).click();
}

async function cachedKeys(page: Page): Promise<number> {
  return page.evaluate(async () => (await (await caches.open('tandem-models')).keys()).length);
}

const error = (page: Page) => page.getByTestId('url-import-error');

test('a dropped connection is resumed with a Range request, and the model is added', async ({ page }) => {
  const hub = await startFakeHub();
  hub.trouble('tandem-fixtures/tiny-target/model.safetensors', { dropAfter: { bytes: 4_000_000, times: 1 } });
  try {
    await addByUrl(page, `${hub.base}/tandem-fixtures/tiny-target/resolve/main/`, hub.base);
    await expect(page.getByTestId('url-import-status')).toHaveText(/^Added tiny-target as tiny-target: /, {
      timeout: 60_000,
    });
    const gets = hub.log.filter(
      (l) => l.server === 'cdn' && l.method === 'GET' && l.path.endsWith('model.safetensors'),
    );
    expect(gets.map((l) => l.range)).toEqual([null, expect.stringMatching(/^bytes=[1-9]\d*-$/)]);
  } finally {
    await hub.close();
  }
});

test('a connection that keeps dropping says so, with how far it got, and keeps nothing', async ({ page }) => {
  test.setTimeout(90_000);
  const server = await startFolderServer(targetFolderFiles(), {
    cors: true,
    failAfterFirst: { file: 'model.safetensors', bytes: 3_000_000 },
  });
  try {
    await addByUrl(page, server.url);
    await expect(error(page)).toHaveText(
      new RegExp(
        `^The connection to ${server.url.slice(0, -1).replaceAll('.', '\\.')} dropped while downloading model\\.safetensors from ${server.url.replaceAll('.', '\\.')} \\([1-9][\\d.]* MB of 17\\.1 MB received\\) and 4 tries to resume failed\\. Check your connection and try again\\.$`,
      ),
      { timeout: 60_000 },
    );
    expect(await cachedKeys(page)).toBe(0);
  } finally {
    await server.close();
  }
});

test('a server without CORS and a dead port are told apart', async ({ page }) => {
  const errors = collectErrors(page);
  const server = await startFolderServer(targetFolderFiles(), { cors: false });
  try {
    await addByUrl(page, server.url);
    await expect(error(page)).toHaveText(
      `${server.url.slice(0, -1)} answered, but without CORS headers (Access-Control-Allow-Origin), so the browser keeps model.safetensors from Tandem. Use a host that sends them (Hugging Face does), or download the folder and import it from your disk.`,
    );
  } finally {
    await server.close();
  }
  const dead = `http://127.0.0.1:${await deadPort()}`;
  await addByUrl(page, `${dead}/models/x/`);
  await expect(error(page)).toHaveText(
    `No server answered at ${dead} for model.safetensors: check the address, and that the server is running and reachable from this network.`,
  );
  expect(await cachedKeys(page)).toBe(0);
  // The browser itself logs the blocked and refused requests; nothing else may go wrong.
  expect(errors.filter((e) => !/CORS|ERR_CONNECTION_REFUSED|Failed to load resource/.test(e))).toEqual([]);
});

test('weights answered as an HTML page, or HTML sent as text/plain, are refused by name', async ({ page }) => {
  const files = { ...targetFolderFiles(), 'model.safetensors': PAGE };
  for (const type of ['text/html; charset=utf-8', 'text/plain']) {
    const server = await startFolderServer(files, { cors: true, types: { 'model.safetensors': type } });
    try {
      await addByUrl(page, server.url);
      await expect(error(page)).toHaveText(
        type === 'text/plain'
          ? `model.safetensors from ${server.url} is not a safetensors file: it is a web page (it starts with “<!DOCTYPE html>”). The server sent something else where the file should be; check the address (on Hugging Face, files download from …/resolve/main/).`
          : `model.safetensors from ${server.url} is not a model file: the server answered with a web page (Content-Type ${type}). Check the address (on Hugging Face, files download from …/resolve/main/).`,
      );
      await expect(page.getByTestId('model-row-user:127.0.0.1')).toHaveCount(0);
      expect(await cachedKeys(page)).toBe(0);
    } finally {
      await server.close();
    }
  }
});

test('a picked folder whose weights are a saved web page is refused, and nothing is listed', async ({
  page,
}, testInfo) => {
  const folder = testInfo.outputPath('saved-page-model');
  mkdirSync(folder, { recursive: true });
  for (const name of ['config.json', 'tokenizer.json', 'tokenizer_config.json'])
    cpSync(join('public/models/tiny-target', name), join(folder, name));
  writeFileSync(join(folder, 'model.safetensors'), PAGE);
  await page.goto('/');
  await page.getByText('Models', { exact: true }).click();
  await page.getByTestId('model-folder-input').setInputFiles(folder);
  await expect(page.getByTestId('import-error')).toHaveText(
    'model.safetensors from “saved-page-model” is not a safetensors file: it is a web page (it starts with “<!DOCTYPE html>”). The server sent something else where the file should be; check the address (on Hugging Face, files download from …/resolve/main/).',
  );
  await expect(page.getByTestId('model-row-user:saved-page-model')).toHaveCount(0);
  expect(await cachedKeys(page)).toBe(0);
});
