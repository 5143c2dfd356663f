import { expect, test } from '@playwright/test';
import {
  collectErrors,
  describeRequest,
  pickDemo,
  recordRequests,
  waitForServiceWorkerControl,
} from './support/app-steps.ts';

/**
 * Privacy: no request leaves the page while translating. Every request of the page, its dedicated
 * worker and the service worker is recorded (context-level 'request' sees all three: the offline
 * spec relies on the same and checks the service worker's side) from the click on Translate until
 * the run has ended. (Output rendered as text, never HTML: translate-demo.spec.ts.)
 */

test('translating makes zero requests, from the page, its worker or the service worker', async ({ page, context }) => {
  const errors = collectErrors(page);
  // Sanity check of the recorder: loading the app and the demo is seen, the dedicated worker's
  // model fetches and the service worker's own precache fetches included.
  const loading = recordRequests(context);
  await page.goto('/');
  await waitForServiceWorkerControl(page);
  await pickDemo(page);
  loading.stop();
  const loadPaths = loading.requests.map((request) => new URL(request.url()).pathname);
  expect(loadPaths).toEqual(
    expect.arrayContaining(['/', '/models/tiny-target/model.safetensors', '/models/tiny-drafter/model.safetensors']),
  );
  const byServiceWorker = loading.requests.filter((request) => request.serviceWorker() !== null);
  expect(byServiceWorker.map((request) => new URL(request.url()).pathname)).toContain('/index.html');

  const translating = recordRequests(context);
  const pageRequests: string[] = [];
  page.on('request', (request) => pageRequests.push(describeRequest(request)));
  await page.getByRole('button', { name: 'Translate' }).click();
  const output = page.getByTestId('output');
  await expect(output).toHaveAttribute('data-run', 'done', { timeout: 60_000 });
  await expect(output.locator('span[data-source]').first()).toBeAttached();
  translating.stop();

  expect(translating.requests.map(describeRequest)).toEqual([]);
  expect(pageRequests).toEqual([]);

  // Control: the same recorder does see a request the worker makes (were the worker to phone
  // home while translating, the check above would have caught it).
  const control = recordRequests(context);
  const worker = page.workers().find((w) => w.url().includes('tandem.worker'));
  await worker!.evaluate(async () => void (await fetch('/favicon.svg?from-worker')));
  control.stop();
  expect(control.requests.map((request) => request.url())).toContain(
    new URL('/favicon.svg?from-worker', page.url()).href,
  );
  expect(errors).toEqual([]);
});
