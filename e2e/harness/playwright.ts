import { expect, type Page } from '@playwright/test';
import { HARNESS_PORT } from '../ports.ts';
import type { Harness } from './main.ts';

/** Opens the llama-webgpu harness page (served by the second webServer of playwright.config.ts). */
export const HARNESS_URL = `http://127.0.0.1:${HARNESS_PORT}/e2e/harness/index.html`;

export async function openHarness(page: Page): Promise<void> {
  page.on('pageerror', (error) => console.error(`pageerror: ${error.message}`));
  await page.goto(HARNESS_URL);
  await expect(page.locator('#status')).toHaveText('ready', { timeout: 60_000 });
}

/** Calls a harness function in the page, typed by the harness module. */
export function call<K extends keyof Harness>(
  page: Page,
  name: K,
  ...args: Parameters<Harness[K]>
): Promise<Awaited<ReturnType<Harness[K]>>> {
  return page.evaluate(
    ([fn, a]) => (window as unknown as { harness: Record<string, (...x: unknown[]) => unknown> }).harness[fn](...a),
    [name, args] as [string, unknown[]],
  ) as Promise<Awaited<ReturnType<Harness[K]>>>;
}

/**
 * Logit tolerance against llama-cpu: |Δ| ≤ 1e-4 absolute on logits of magnitude ~50 (≈2e-6 relative).
 * llama-cpu sums in float64 and rounds once; the GPU sums in f32 in another order, through 1 layer
 * and a 64-long LM head dot product. Measured: ≤ 4e-5 on every case here, so 1e-4 leaves 2.5×
 * headroom while still catching any real indexing or masking bug (those show up as Δ ≫ 1e-2).
 */
export const LOGIT_TOLERANCE = 1e-4;
