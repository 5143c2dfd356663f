import { expect, test } from '@playwright/test';
import { MODELS_CACHE } from '../src/pwa/pwa-options.ts';
import {
  collectErrors,
  describeRequest,
  pickDemo,
  recordRequests,
  saveScreenshot,
  translateOnce,
  waitForServiceWorkerControl,
} from './support/app-steps.ts';

/**
 * Offline: the service worker (vite-plugin-pwa, src/pwa/pwa-options.ts) precaches the shell and
 * caches /models/… at runtime the first time they are read. After one online visit that loads the
 * demo, the network is cut (context.setOffline) and the whole app still loads and translates.
 */

test('after one online visit with the demo loaded, the app loads and translates offline', async ({
  page,
  context,
}, testInfo) => {
  const errors = collectErrors(page);
  await page.goto('/');
  await waitForServiceWorkerControl(page);
  await pickDemo(page); // the worker's model reads go through the service worker and are cached
  const cached = await page.evaluate(async (name) => {
    const cache = await caches.open(name);
    return (await cache.keys()).map((request) => new URL(request.url).pathname).sort();
  }, MODELS_CACHE);
  expect(cached).toEqual(
    expect.arrayContaining(['/models/tiny-target/model.safetensors', '/models/tiny-drafter/model.safetensors']),
  );

  // The precache holds the built shell (the worker bundle included) and neither the models nor
  // the 27 MB onnxruntime wasm, which are cached only when used.
  const precached = await page.evaluate(async () => {
    const name = (await caches.keys()).find((key) => key.startsWith('workbox-precache'));
    const cache = name ? await caches.open(name) : null;
    return cache ? (await cache.keys()).map((request) => new URL(request.url).pathname) : [];
  });
  expect(precached).toEqual(expect.arrayContaining(['/index.html', '/manifest.webmanifest', '/icon.svg']));
  expect(precached.some((path) => /^\/assets\/tandem\.worker-.*\.js$/.test(path))).toBe(true);
  expect(precached.filter((path) => path.startsWith('/models/') || path.startsWith('/ort/'))).toEqual([]);

  await context.setOffline(true);
  const recorder = recordRequests(context);
  await page.reload();
  await expect(page.getByRole('heading', { level: 1, name: 'Tandem' })).toBeVisible();
  expect(await page.evaluate(() => navigator.onLine)).toBe(false);
  await pickDemo(page);
  await translateOnce(page);
  recorder.stop();

  // Nothing went to the network: every request the page and its worker made was answered by the
  // service worker, and the service worker itself fetched nothing (it would fail offline anyway).
  const fromNetwork = recorder.requests.filter((request) => request.serviceWorker() !== null);
  expect(fromNetwork.map(describeRequest)).toEqual([]);
  const answered = await Promise.all(
    recorder.requests.map(async (request) => ({
      request,
      fromSw: (await request.response())?.fromServiceWorker() ?? false,
    })),
  );
  expect(answered.filter((r) => !r.fromSw).map((r) => describeRequest(r.request))).toEqual([]);
  expect(answered.map((r) => new URL(r.request.url()).pathname)).toEqual(
    expect.arrayContaining(['/', '/models/tiny-target/model.safetensors']),
  );

  await saveScreenshot(page, testInfo, 'offline-translated');
  expect(errors).toEqual([]);
});
