import { expect, test, type Page } from '@playwright/test';
import { createServer, type ViteDevServer } from 'vite';
import { ortWasmFiles } from '../src/engines/transformers/ort-wasm-plugin.ts';
import type { TransformersHarness } from './harness/transformers-main.ts';
import { TRANSFORMERS_PORT } from './ports.ts';

/**
 * The ONNX fixtures on @huggingface/transformers in headless Chromium (WebGPU over SwiftShader),
 * checked against llama-cpu running the same weights in the same page. The harness page
 * (e2e/harness/transformers.html) is served by a Vite dev server started here from the harness
 * config (plus the app's /ort/ wasm plugin), so this spec needs no web server entry in
 * playwright.config.ts and leaves the llama-webgpu harness server alone.
 * SwiftShader runs a forward of the tiny models in ~0.5 s: the cases stay short.
 */

const PORT = TRANSFORMERS_PORT;
// ?wasm=/ort/: onnxruntime-web's wasm from the app's own plugin, the path the app uses.
const PAGE = `http://127.0.0.1:${PORT}/e2e/harness/transformers.html?wasm=/ort/`;
// "USER: Translate German to English: Guten …" style ids from the real LLaMA vocabulary.
const PROMPT = [1, 3148, 1001, 29901, 4103, 9632, 5332, 304, 4223, 29901];

let server: ViteDevServer;

test.beforeAll(async () => {
  server = await createServer({
    configFile: 'e2e/harness/vite.config.ts',
    server: { port: PORT, strictPort: true },
    // Pre-bundle transformers.js with the page, so a late dependency discovery cannot reload it mid-test.
    optimizeDeps: { entries: ['e2e/harness/transformers.html'] },
    plugins: [ortWasmFiles()],
  });
  await server.listen();
});
test.afterAll(async () => {
  await server?.close();
});

test.describe.configure({ timeout: 240_000 });

/** Opens the harness; records requests that leave 127.0.0.1 (there must be none) and the wasm fetched. */
async function openHarness(page: Page): Promise<{ external: string[]; wasm: string[] }> {
  const external: string[] = [];
  const wasm: string[] = [];
  page.on('request', (request) => {
    const url = new URL(request.url());
    if (url.protocol !== 'blob:' && url.protocol !== 'data:' && url.hostname !== '127.0.0.1')
      external.push(request.url());
    if (url.pathname.endsWith('.wasm')) wasm.push(url.pathname);
  });
  await page.goto(PAGE);
  await expect(page.locator('#status')).toHaveText('ready', { timeout: 120_000 });
  return { external, wasm };
}

test('the webgpu device gives the same greedy tokens as llama-cpu, with the KV cache in GPU buffers', async ({
  page,
}) => {
  const requests = await openHarness(page);
  const result = await page.evaluate(
    (prompt) =>
      (window as unknown as { transformersHarness: TransformersHarness }).transformersHarness.greedyTokens(
        'tiny-drafter',
        'webgpu',
        prompt,
        6,
      ),
    PROMPT,
  );
  expect(result.cacheLocation).toBe('gpu-buffer');
  expect(result.onnx).toHaveLength(6);
  expect(result.onnx).toEqual(result.reference);
  expect(requests.external).toEqual([]);
  expect(requests.wasm).toEqual(['/ort/ort-wasm-simd-threaded.asyncify.wasm']);
});

test('truncate crops the GPU-resident cache on the GPU, and logits still match llama-cpu', async ({
  page,
}, testInfo) => {
  await openHarness(page);
  const result = await page.evaluate(
    (prompt) =>
      (window as unknown as { transformersHarness: TransformersHarness }).transformersHarness.truncateParity(
        'webgpu',
        prompt,
      ),
    PROMPT,
  );
  // Same tolerance as the Node parity test (src/engines/transformers/transformers-lm.test.ts).
  expect(result.maxDiffBefore).toBeLessThanOrEqual(2e-4);
  expect(result.maxDiffAfter).toBeLessThanOrEqual(2e-4);
  expect(result.argmaxEqual).toBe(true);
  expect(result.lengthAfter).toBe(PROMPT.length + 2);
  testInfo.annotations.push({
    type: 'gpu crop ms (tiny-target, 16 head copies)',
    description: result.cropMs.toFixed(2),
  });
});

test('speculative decoding with the webgpu ONNX drafter and the llama-cpu target is lossless', async ({ page }) => {
  await openHarness(page);
  const result = await page.evaluate(
    (prompt) =>
      (window as unknown as { transformersHarness: TransformersHarness }).transformersHarness.speculativeLossless(
        'webgpu',
        prompt,
        8,
      ),
    PROMPT,
  );
  expect(result.actual).toEqual(result.expected);
  expect(result.drafted).toBeGreaterThan(0);
});
