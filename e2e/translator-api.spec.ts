import { execFileSync } from 'node:child_process';
import type { Server } from 'node:http';
import { expect, test, type Page } from '@playwright/test';
import { EXAMPLE_PATH, serveExample } from '../examples/translator-api/serve.ts';
import { collectErrors } from './support/app-steps.ts';
import { EXAMPLE_PORT } from './ports.ts';

/**
 * The Translator API as a third party uses it: the library is built here (npm run build:lib) and
 * the example page (examples/translator-api/) loads dist-lib/ through an import map from a plain
 * static server on its own port, with the tiny fixture models under /models/. Greedy decoding is
 * deterministic, so streamed chunks must join to exactly what translate() returns.
 */

const PORT = EXAMPLE_PORT;
const PAGE = `http://127.0.0.1:${PORT}${EXAMPLE_PATH}`;
const SHORT = 'Guten Morgen. Wie geht es dir?';
// Many sentences, each its own prompt: a run long enough to stop half-way.
const LONG = Array.from({ length: 30 }, (_, i) => `Satz ${i + 1}: Guten Morgen, wie geht es dir heute?`).join(' ');

interface ExampleState {
  progress: number[];
  chunks: string[];
  errors: string[];
}

let server: Server;

test.beforeAll(async () => {
  test.setTimeout(300_000);
  execFileSync('npm', ['run', 'build:lib'], { stdio: 'pipe', timeout: 240_000 });
  server = await serveExample(PORT);
});
test.afterAll(async () => {
  await new Promise((done) => (server ? server.close(done) : done(undefined)));
});

test.describe.configure({ timeout: 180_000 });

const state = (page: Page): Promise<ExampleState> =>
  page.evaluate(() => (window as unknown as { example: ExampleState }).example);
const status = (page: Page) => page.locator('#status');

async function create(page: Page): Promise<void> {
  await page.goto(PAGE);
  await expect(page.locator('#availability')).toHaveText('downloadable'); // a fresh context stores nothing
  await page.getByRole('button', { name: 'Create' }).click();
  await expect(status(page)).toHaveText('ready', { timeout: 120_000 });
}

async function runTo(page: Page, button: 'Translate' | 'Translate streaming', timeout = 120_000): Promise<string> {
  await page.getByRole('button', { name: button, exact: true }).click();
  await expect(status(page)).toHaveText('done', { timeout });
  return (await page.locator('#output').textContent()) ?? '';
}

test('create() downloads the models with downloadprogress from 0 to exactly 1, then they are available', async ({
  page,
}) => {
  const errors = collectErrors(page);
  const external: string[] = [];
  page.on('request', (r) => {
    if (!r.url().startsWith(`http://127.0.0.1:${PORT}/`)) external.push(r.url());
  });
  await create(page);
  const { progress } = await state(page);
  expect(progress[0]).toBe(0);
  expect(progress.at(-1)).toBe(1);
  expect(progress.length).toBeGreaterThan(2); // real byte progress in between, not just 0 and 1
  for (let i = 1; i < progress.length; i++) expect(progress[i]).toBeGreaterThan(progress[i - 1]!);
  await expect(page.locator('#progress')).toHaveJSProperty('value', 1);
  await expect(page.locator('#availability')).toHaveText('available');
  // Once stored, a second create() fires just 0 and 1.
  await page.getByRole('button', { name: 'Create' }).click();
  await expect.poll(async () => (await state(page)).progress).toEqual([0, 1]);
  await expect(status(page)).toHaveText('ready');
  // The LanguageDetector from the same build (eld's chunk loads from dist-lib/) picks the source.
  await page.locator('#text').fill('Bonjour tout le monde, comment allez-vous aujourd’hui ?');
  await page.getByRole('button', { name: 'Detect language' }).click();
  await expect(page.locator('#detected')).toHaveText(/^fr 0\.9\d$/);
  await expect(page.locator('#source')).toHaveValue('fr');
  expect(external).toEqual([]);
  expect(errors).toEqual([]);
});

test('translate, stream the same text, stop mid-stream, go on, then destroy', async ({ page }) => {
  const errors = collectErrors(page);
  await create(page);
  await page.locator('#text').fill(SHORT);

  const whole = await runTo(page, 'Translate');
  expect(whole.length).toBeGreaterThan(0);

  const streamed = await runTo(page, 'Translate streaming');
  const { chunks } = await state(page);
  expect(chunks.length).toBeGreaterThan(1);
  expect(chunks.join('')).toBe(whole);
  expect(streamed).toBe(whole);

  // Stop half-way: the stream errors with AbortError, with part of the output shown.
  await page.locator('#text').fill(LONG);
  await page.getByRole('button', { name: 'Translate streaming' }).click();
  await expect.poll(async () => (await state(page)).chunks.length, { timeout: 60_000 }).toBeGreaterThan(0);
  await page.getByRole('button', { name: 'Stop' }).click();
  await expect(status(page)).toHaveText(/^AbortError: /);
  const partial = (await state(page)).chunks.join('');
  expect(partial.length).toBeGreaterThan(0);

  // The worker stopped that run (it takes ~20 s here when not stopped): the next translation
  // starts at once and gives the same text as before.
  await page.locator('#text').fill(SHORT);
  expect(await runTo(page, 'Translate', 8_000)).toBe(whole);

  // destroy(): every later call fails with the spec's AbortError ("has been destroyed").
  await page.getByRole('button', { name: 'Destroy' }).click();
  await expect(status(page)).toHaveText('destroyed');
  await page.getByRole('button', { name: 'Translate', exact: true }).click();
  await expect(status(page)).toHaveText('AbortError: The translator has been destroyed.');
  await page.getByRole('button', { name: 'Translate streaming' }).click();
  await expect(status(page)).toHaveText('AbortError: The translator has been destroyed.');
  expect((await state(page)).errors).toEqual(['AbortError', 'AbortError', 'AbortError']);
  expect(errors).toEqual([]);
});
