import { expect, test, type BrowserContext, type Page } from '@playwright/test';
import { collectErrors, pickDemo, saveScreenshot, translateOnce } from './support/app-steps.ts';

/**
 * Each environment problem shows its own plain-language notice (src/ui/EnvironmentNotice.tsx).
 *
 * How the GPU cases are simulated, with no test hook in the app: the GPU probe runs inside the
 * Tandem worker, and workers do not run page.addInitScript scripts. So the test serves the worker
 * bundle itself (context.route on /assets/tandem.worker-*.js) with a few lines prepended that
 * change what this worker's WebGPU reports: no navigator.gpu, a null adapter, or an adapter with
 * shader-f16 or buffer limits taken away. Everything after that is the real app and the real
 * adapter. Those tests block the service worker, so that the worker script comes from the network
 * (and the route) rather than from the precache. The offline case needs no simulation at all:
 * the network really is off (context.setOffline) and the model really was never downloaded.
 */

type GpuSimulation =
  | { kind: 'no-webgpu' }
  | { kind: 'no-adapter' }
  | { kind: 'adapter'; dropFeatures: string[]; limits: Record<string, number> };

/** Runs first in the worker (and the page): makes WebGPU report what `sim` says. */
function simulateGpu(sim: GpuSimulation): void {
  type Gpu = { requestAdapter(options?: object): Promise<Record<string, unknown> | null> };
  const gpuProto = (globalThis as unknown as { GPU?: { prototype: Gpu } }).GPU?.prototype;
  if (sim.kind === 'no-webgpu') {
    Object.defineProperty(Object.getPrototypeOf(navigator), 'gpu', { get: () => undefined, configurable: true });
    return;
  }
  if (!gpuProto) return;
  const real = gpuProto.requestAdapter;
  gpuProto.requestAdapter = async function (this: Gpu, options?: object) {
    if (sim.kind === 'no-adapter') return null;
    const adapter = await real.call(this, options);
    if (!adapter) return null;
    const features = new Set([...(adapter.features as Set<string>)].filter((f) => !sim.dropFeatures.includes(f)));
    const limits: Record<string, number> = {};
    for (const key in adapter.limits as object) limits[key] = (adapter.limits as Record<string, number>)[key];
    const requestDevice = (adapter.requestDevice as (descriptor?: object) => Promise<unknown>).bind(adapter);
    return { info: adapter.info, features, limits: { ...limits, ...sim.limits }, requestDevice };
  };
}

async function withSimulatedGpu(context: BrowserContext, page: Page, sim: GpuSimulation): Promise<void> {
  const prelude = `(${simulateGpu.toString()})(${JSON.stringify(sim)});\n`;
  let served = 0;
  await context.route('**/assets/tandem.worker-*.js', async (route) => {
    const response = await route.fetch();
    served += 1;
    await route.fulfill({ response, body: prelude + (await response.text()) });
  });
  await page.addInitScript(simulateGpu, sim);
  await page.goto('/');
  await expect.poll(() => served, { message: 'the worker script went through the route' }).toBeGreaterThan(0);
}

function notice(page: Page, kind: string) {
  return page.locator(`[data-testid="environment-notice"][data-kind="${kind}"]`);
}

test.describe('GPU problems', () => {
  test.use({ serviceWorkers: 'block' });

  test('no WebGPU in the browser', async ({ page, context }, testInfo) => {
    await withSimulatedGpu(context, page, { kind: 'no-webgpu' });
    const shown = notice(page, 'no-webgpu');
    await expect(shown).toBeVisible();
    await expect(shown).toHaveAttribute('role', 'alert');
    await expect(shown.getByRole('heading')).toHaveText('!This browser has no WebGPU');
    await expect(shown).toContainText(
      'Tandem runs its translation model on your GPU through WebGPU, which this browser does not offer.',
    );
    await expect(shown).toContainText('What to do: Open Tandem in a recent Chrome or Edge');
    await expect(page.getByTestId('gpu-status')).toHaveAttribute('data-state', 'unavailable');
    await saveScreenshot(page, testInfo, 'error-no-webgpu');
    // As the notice says, the demo (CPU reference engine) still runs.
    await pickDemo(page);
    await translateOnce(page);
  });

  test('WebGPU without an adapter', async ({ page, context }) => {
    await withSimulatedGpu(context, page, { kind: 'no-adapter' });
    const shown = notice(page, 'no-adapter');
    await expect(shown).toContainText('WebGPU found no usable GPU');
    await expect(shown).toContainText('What to do: Turn on hardware acceleration');
    await expect(notice(page, 'no-webgpu')).toHaveCount(0);
  });

  test('an adapter without shader-f16: the 32-bit build is used', async ({ page, context }) => {
    await withSimulatedGpu(context, page, { kind: 'adapter', dropFeatures: ['shader-f16'], limits: {} });
    const shown = notice(page, 'no-shader-f16');
    await expect(page.getByTestId('gpu-status')).toHaveAttribute('data-state', /^(?!probing)/);
    await expect(shown).toHaveCount(0); // nobody asked for the Vicuna build yet
    await page.getByRole('combobox', { name: 'Model' }).selectOption('target:vicuna-7b-v1.3');
    await expect(shown).toContainText(
      'Your GPU lacks 16-bit float shaders; Tandem will use the larger 32-bit build of Vicuna-7B v1.3 (q4f32_1',
    );
    await expect(shown).toHaveAttribute('role', 'status');
    await expect(notice(page, 'gpu-limits')).toHaveCount(0);
    await shown.getByRole('button', { name: 'Dismiss' }).click();
    await expect(shown).toHaveCount(0);
  });

  test('buffer limits too small for the target: not enough GPU memory', async ({ page, context }, testInfo) => {
    const limits = { maxStorageBufferBindingSize: 64 * 2 ** 20 };
    await withSimulatedGpu(context, page, { kind: 'adapter', dropFeatures: [], limits });
    const shown = notice(page, 'gpu-limits');
    await expect(shown).toContainText('Not enough GPU memory for the translation model');
    await expect(shown).toContainText('Your GPU allows at most 67.1 MB per buffer (maxStorageBufferBindingSize)');
    await expect(shown).toContainText('What to do: Close other tabs and programs that use the GPU');
    await saveScreenshot(page, testInfo, 'error-gpu-memory');
  });
});

test('a model that was never downloaded, while offline', async ({ page, context }, testInfo) => {
  await page.goto('/');
  await expect(page.getByTestId('worker-status')).toHaveAttribute('data-state', 'ready');
  await context.setOffline(true);
  await page.getByRole('combobox', { name: 'Model' }).selectOption('demo');
  await expect(page.getByTestId('model-status')).toHaveAttribute('data-state', 'failed', { timeout: 30_000 });
  const shown = notice(page, 'model-offline');
  await expect(shown).toContainText('This model is not downloaded and you are offline');
  await expect(shown).toContainText('What to do: Connect to the network and pick the model again');
  await expect(shown.locator('.environment-notice__detail')).toContainText('could not fetch');
  await saveScreenshot(page, testInfo, 'error-model-offline');

  // Back online the same message would be wrong: it goes away with the offline state.
  await context.setOffline(false);
  await expect(shown).toHaveCount(0);
});

test('a crashed worker is replaced without a reload, and Translate works again', async ({ page }, testInfo) => {
  const errors = collectErrors(page);
  await page.goto('/');
  await pickDemo(page);
  await page.getByRole('spinbutton', { name: 'Max new tokens' }).fill('1000');
  const output = page.getByTestId('output');
  await page.getByRole('button', { name: 'Translate' }).click();
  await expect(output.locator('span[data-source]').nth(3)).toBeAttached();

  // An uncaught exception in the worker, mid-run: what a bug outside Comlink's handlers does.
  const worker = page.workers().find((w) => w.url().includes('tandem.worker'));
  expect(worker, 'the Tandem worker').toBeDefined();
  const restartedWorker = page.waitForEvent('worker', { predicate: (w) => w.url().includes('tandem.worker') });
  await worker!.evaluate(() => {
    setTimeout(() => {
      throw new Error('simulated crash');
    });
  });
  await expect(output).toHaveAttribute('data-run', 'failed');
  const shown = notice(page, 'worker-restarted');
  await expect(shown).toContainText('The translation worker stopped; restarted it.');
  await expect(shown).toContainText(
    'Details: WorkerCrashedError: the Tandem worker failed: Uncaught Error: simulated crash',
  );
  await restartedWorker;
  await expect(page.getByTestId('model-status')).toHaveAttribute('data-state', 'ready');
  await saveScreenshot(page, testInfo, 'worker-restarted');

  // Same page, new worker: a translation runs to the end.
  await page.getByRole('spinbutton', { name: 'Max new tokens' }).fill('16');
  await page.getByRole('button', { name: 'Translate' }).click();
  await expect(output).toHaveAttribute('data-run', 'done', { timeout: 60_000 });
  await expect(output.locator('span[data-source]')).toHaveCount(16);
  expect(page.workers().filter((w) => w.url().includes('tandem.worker'))).toHaveLength(1);
  expect(errors).toEqual([]);
});

test('choosing the Vicuna target when this site does not serve its MLC build says what is missing and where', async ({
  page,
}) => {
  const errors = collectErrors(page);
  await page.goto('/');
  const model = page.getByRole('combobox', { name: 'Model' });
  await expect(model.locator('option[value="target:vicuna-7b-v1.3"]')).toHaveText(
    /Vicuna-7B v1\.3 \(web-llm, 3\.8–4\.2 GB, downloaded when chosen\)/,
  );
  await model.selectOption('target:vicuna-7b-v1.3');
  const status = page.getByTestId('model-status');
  await expect(status).toHaveAttribute('data-state', 'failed', { timeout: 60_000 });
  // SwiftShader has no shader-f16, so the worker asked for the q4f32_1 build's folder.
  await expect(status).toContainText(
    'tokenizer.json of model "vicuna-7b-v1.3-q4f32_1-MLC" is not in this browser\'s model storage, and the app does not serve it either',
  );
  await expect(page.getByRole('button', { name: 'Translate' })).toHaveAccessibleDescription(
    'Unavailable: The models failed to load.',
  );
  expect(errors).toEqual([]);
});
