import { expect, type Page } from '@playwright/test';
import { HARNESS_URL } from './playwright.ts';
import type { TrainingHarness } from './training-main.ts';

/** The training harness page, beside the engine harness's page on the same dev server. */
export const TRAINING_HARNESS_URL = HARNESS_URL.replace(/index\.html$/, 'training.html');

export async function openTrainingHarness(page: Page): Promise<void> {
  page.on('pageerror', (error) => console.error(`pageerror: ${error.message}`));
  await page.goto(TRAINING_HARNESS_URL);
  await expect(page.locator('#status')).toHaveText('ready', { timeout: 60_000 });
}

/** Calls a training harness function in the page, typed by the harness module. */
export function callTraining<K extends keyof TrainingHarness>(
  page: Page,
  name: K,
  ...args: Parameters<TrainingHarness[K]>
): Promise<Awaited<ReturnType<TrainingHarness[K]>>> {
  return page.evaluate(
    ([fn, a]) =>
      (window as unknown as { trainingHarness: Record<string, (...x: unknown[]) => unknown> }).trainingHarness[fn](
        ...a,
      ),
    [name, args] as [string, unknown[]],
  ) as Promise<Awaited<ReturnType<TrainingHarness[K]>>>;
}
