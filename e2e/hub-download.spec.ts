import { statSync } from 'node:fs';
import { expect, test, type BrowserContext, type Page } from '@playwright/test';
import { collectErrors, GERMAN, openSettings, recordRequests, saveScreenshot } from './support/app-steps.ts';
import { type FakeHub, startFakeHub } from './support/fake-hub.ts';

/**
 * Real models in one click (issue 14), against a fake Hugging Face Hub on 127.0.0.1: a Hub origin
 * that lists repositories and redirects /resolve/ to a CDN on a second origin, with the Hub's CORS
 * headers. The app is pointed at it with ?hub=… (honoured only on loopback). No request may leave
 * 127.0.0.1, and none may be preflighted.
 */

const DRAFTER = 'vicuna-68m';
const MAX_TOKENS = 12;
let hub: FakeHub;

test.beforeEach(async () => {
  hub = await startFakeHub();
});
test.afterEach(async () => {
  await hub.close();
});

/** Every request the browser made stayed on 127.0.0.1, and none was a CORS preflight. */
function expectLocalOnly(recorded: ReturnType<typeof recordRequests>): void {
  const external = recorded.requests
    .map((r) => r.url())
    .filter((u) => /^https?:/.test(u) && new URL(u).hostname !== '127.0.0.1');
  expect(external).toEqual([]);
  expect(hub.log.filter((l) => l.method === 'OPTIONS')).toEqual([]);
}

async function openModels(page: Page, context: BrowserContext) {
  const recorded = recordRequests(context);
  await page.goto(`/?hub=${encodeURIComponent(hub.base)}`);
  await page.getByText('Models', { exact: true }).click();
  return { panel: page.getByTestId('model-manager'), recorded };
}

function drafterRow(page: Page) {
  return page.getByTestId(`model-row-${DRAFTER}`);
}

async function downloadDrafter(page: Page) {
  await drafterRow(page)
    .getByRole('button', { name: /^Download vicuna-68m .* from Hugging Face$/ })
    .click();
}

/** Keys of the model cache under /models/<id>/ and of the staging cache. */
async function storedKeys(page: Page, id: string): Promise<{ model: string[]; staging: number }> {
  return page.evaluate(async (id) => {
    const model = (await (await caches.open('tandem-models')).keys())
      .map((r) => new URL(r.url).pathname)
      .filter((p) => p.startsWith(`/models/${id}/`));
    const staging = (await (await caches.open('tandem-downloads')).keys()).length;
    return { model: model.sort(), staging };
  }, id);
}

test('one click downloads a catalogue drafter through the redirecting Hub; with a target added by URL it translates', async ({
  page,
  context,
}, testInfo) => {
  test.setTimeout(300_000);
  const errors = collectErrors(page);
  const { panel, recorded } = await openModels(page, context);
  await expect(drafterRow(page)).toContainText('double7/vicuna-68m');
  await expect(drafterRow(page)).toContainText('licence: Apache-2.0');
  await downloadDrafter(page);
  await expect(page.getByTestId(`hub-state-${DRAFTER}`)).toHaveText(
    'Downloaded and checked against the Hub’s checksums.',
    {
      timeout: 60_000,
    },
  );
  await expect(panel.getByTestId(`model-state-${DRAFTER}`)).toHaveText(/^Cached: 17\.\d MB$/);
  expect(await storedKeys(page, DRAFTER)).toEqual({
    model: [
      '/models/vicuna-68m/config.json',
      '/models/vicuna-68m/generation_config.json',
      '/models/vicuna-68m/model.safetensors',
      '/models/vicuna-68m/tokenizer.model',
    ],
    staging: 0,
  });
  // The files came from the CDN, after the Hub's redirect; the listing from the Hub.
  expect(hub.log.filter((l) => l.server === 'hub' && l.path.startsWith('/api/'))).toHaveLength(1);
  expect(
    hub.log
      .filter((l) => l.server === 'cdn' && l.method === 'GET')
      .map((l) => l.path.split('/').pop())
      .sort(),
  ).toEqual(['config.json', 'generation_config.json', 'model.safetensors', 'tokenizer.model']);

  // The target: the fixture repository, added by its Hub URL (listed, so checked against its hashes too).
  const form = panel.getByTestId('model-add-url');
  await form.getByRole('textbox', { name: 'Folder URL' }).fill(`${hub.base}/tandem-fixtures/tiny-target/resolve/main/`);
  await form.getByRole('button', { name: 'Add model' }).click();
  const targetBytes = [
    'config.json',
    'generation_config.json',
    'model.safetensors',
    'tokenizer.json',
    'tokenizer_config.json',
  ]
    .map((name) => statSync(`public/models/tiny-target/${name}`).size)
    .reduce((a, b) => a + b, 0);
  await expect(panel.getByTestId('url-import-status')).toHaveText(
    `Added tiny-target as tiny-target: ${(targetBytes / 1e6).toFixed(1)} MB.`,
    {
      timeout: 60_000,
    },
  );

  // "By source language": German has no drafter of its own installed, so the generic vicuna-68m drafts.
  await page.getByRole('combobox', { name: 'From' }).selectOption('de');
  await page.getByRole('textbox', { name: 'Text to translate' }).fill(GERMAN);
  await openSettings(page); // Settings start closed (a plain first screen)
  await page.getByRole('spinbutton', { name: 'Max new tokens' }).fill(String(MAX_TOKENS));
  await page.getByRole('combobox', { name: 'Model' }).selectOption({ label: 'tiny-target (imported, safetensors)' });
  const status = page.getByTestId('model-status');
  await expect(status).toHaveAttribute('data-state', 'ready', { timeout: 120_000 });
  await expect(status).toContainText(
    'drafter vicuna-68m (generic drafter) on llama-webgpu (1 layer, hidden 64, vocabulary 32000)',
  );
  await page.getByRole('button', { name: 'Translate' }).click();
  await expect(page.getByTestId('output')).toHaveAttribute('data-run', 'done', { timeout: 180_000 });
  await expect(page.getByTestId('run-stats')).toHaveAttribute('data-emitted', String(MAX_TOKENS));
  expect(Number(await page.getByTestId('run-stats').getAttribute('data-accepted'))).toBeGreaterThan(0);
  await saveScreenshot(page, testInfo, 'hub-pair-translated');
  recorded.stop();
  expectLocalOnly(recorded);
  expect(errors).toEqual([]);
});

test('a dropped connection mid-file resumes with a Range request, and the checksum passes', async ({
  page,
  context,
}) => {
  hub.trouble('double7/vicuna-68m/model.safetensors', { dropAfter: { bytes: 5_000_000, times: 1 } });
  const { recorded } = await openModels(page, context);
  await downloadDrafter(page);
  await expect(page.getByTestId(`hub-state-${DRAFTER}`)).toHaveText(
    'Downloaded and checked against the Hub’s checksums.',
    {
      timeout: 60_000,
    },
  );
  const weights = hub.log.filter((l) => l.server === 'cdn' && l.path.endsWith('/model.safetensors'));
  expect(weights.map((l) => l.range)).toEqual([null, expect.stringMatching(/^bytes=[1-9]\d*-$/)]);
  expect((await storedKeys(page, DRAFTER)).model).toHaveLength(4);
  recorded.stop();
  expectLocalOnly(recorded);
});

test('a corrupted byte fails the checksum: the file is discarded and the user is told', async ({ page, context }) => {
  hub.trouble('double7/vicuna-68m/model.safetensors', { corruptAt: 12_345_678 });
  await openModels(page, context);
  await downloadDrafter(page);
  await expect(page.getByTestId(`hub-error-${DRAFTER}`)).toHaveText(
    /^double7\/vicuna-68m\/model\.safetensors is corrupt: its sha256 is [0-9a-f]{12}…, the Hub lists [0-9a-f]{12}…\. The file was discarded; download it again\.$/,
    { timeout: 60_000 },
  );
  await expect(page.getByTestId(`model-state-${DRAFTER}`)).toHaveText('Not downloaded');
  expect(await storedKeys(page, DRAFTER)).toEqual({ model: [], staging: 0 });
});

test('too small a quota is refused before any byte is written, with the size needed and the space left', async ({
  page,
  context,
}) => {
  // The browser reports 20 MB left for this site (its own estimate, replaced before the app runs).
  await page.addInitScript(() => {
    navigator.storage.estimate = async () => ({ usage: 80_000_000, quota: 100_000_000 });
  });
  await openModels(page, context);
  await downloadDrafter(page);
  await expect(page.getByTestId(`hub-error-${DRAFTER}`)).toHaveText(
    /^There is not enough storage space for vicuna-68m \(generic drafter\): it needs 33\.\d MB while downloading, and this site may use only 20\.0 MB more\./,
  );
  expect(hub.log.filter((l) => l.server === 'cdn')).toEqual([]);
  expect(await storedKeys(page, DRAFTER)).toEqual({ model: [], staging: 0 });
});

test('cancel leaves no partial entry', async ({ page, context }) => {
  hub.trouble('double7/vicuna-68m/model.safetensors', { bytesPer50ms: 256_000 });
  await openModels(page, context);
  await downloadDrafter(page);
  const state = page.getByTestId(`hub-state-${DRAFTER}`);
  await expect(state).toHaveText(/^Downloading: [1-9][\d.]* MB of 17\.\d MB/, { timeout: 30_000 });
  await drafterRow(page)
    .getByRole('button', { name: /^Stop download/ })
    .click();
  await expect(state).toHaveText('Stopped: nothing was kept.');
  await expect(page.getByTestId(`model-state-${DRAFTER}`)).toHaveText('Not downloaded');
  expect(await storedKeys(page, DRAFTER)).toEqual({ model: [], staging: 0 });
});

test('a newcomer with a GPU is offered a real pair on the first screen, with what it needs; the picker lists every pair', async ({
  page,
  context,
}, testInfo) => {
  const { recorded } = await openModels(page, context);
  // SwiftShader: a software adapter without shader-f16, so the rule picks TinyLlama's q4f32_1 build.
  const offer = page.getByTestId('first-run-pair');
  await expect(offer).toContainText(
    'Your GPU can run a real pair: TinyLlama-1.1B-Chat v1.0 (q4f32_1) + vicuna-68m (download about 962 MB, GPU memory about 881 MB).',
  );
  await expect(offer).toContainText('It is not the paper’s Vicuna-7B');
  await expect(offer.getByRole('button', { name: 'Download a real pair' })).toBeEnabled();
  const pairs = page.getByTestId('real-pairs');
  await expect(pairs.getByTestId('pair-recommendation')).toContainText(
    'Recommended for your GPU: TinyLlama-1.1B-Chat v1.0 (q4f32_1) + vicuna-68m. A software adapter',
  );
  await expect(pairs.getByTestId('pair-tinyllama-1.1b-chat-q4f32_1')).toHaveAttribute('data-recommended', 'true');
  await expect(pairs.getByTestId('pair-llama-2-7b-chat-4k-q4f16_1')).toContainText('cannot run here: needs shader-f16');
  await expect(pairs.getByTestId('pair-llama-2-7b-chat-4k-q4f32_1')).toContainText(
    'needs: download about 4.5 GB, GPU memory about 9.6 GB',
  );
  await saveScreenshot(page, testInfo, 'real-pairs');
  recorded.stop();
  expectLocalOnly(recorded);
});
