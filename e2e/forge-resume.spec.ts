import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { expect, type Locator, type Page, test } from '@playwright/test';
import { collectErrors } from './support/app-steps.ts';
import {
  FORGE_DRAFTER,
  FORGE_TARGET,
  germanCorpusFile,
  importFixture,
  openForge,
  prepareFromFile,
  setSetting,
} from './support/forge-steps.ts';

/**
 * Pause and resume across a page reload: self-distillation keeps every stored output and
 * continues with the next sentence (nothing lost, nothing translated twice); fine-tuning resumes
 * from its checkpoint at the step it reached. Stopping never touches the base drafter.
 */

/** Every value a data attribute takes from now on (a MutationObserver in the page). */
async function watch(page: Page, testId: string, attribute: string): Promise<() => Promise<number[]>> {
  await page.evaluate(
    ([id, name]) => {
      const seen: number[] = [];
      (window as unknown as Record<string, number[]>)[`seen-${id}`] = seen;
      const observer = new MutationObserver(() => {
        const node = document.querySelector(`[data-testid="${id}"]`);
        const value = Number(node?.getAttribute(name!));
        if (node && seen.at(-1) !== value) seen.push(value);
      });
      observer.observe(document.body, { subtree: true, attributes: true, attributeFilter: [name!] });
    },
    [testId, attribute],
  );
  return () => page.evaluate((id) => (window as unknown as Record<string, number[]>)[`seen-${id}`]!, testId);
}

async function number(locator: Locator, attribute: string): Promise<number> {
  return Number(await locator.getAttribute(attribute));
}

test('self-distillation and fine-tuning pause, survive a reload and resume where they stopped', async ({
  page,
}, testInfo) => {
  test.setTimeout(900_000);
  const errors = collectErrors(page);
  await page.goto('/');
  await importFixture(page, FORGE_TARGET);
  await importFixture(page, FORGE_DRAFTER);
  // Enough sentences that a reload lands mid-way even where one takes a fraction of a second.
  await prepareFromFile(page, germanCorpusFile(testInfo, 120), { maxNewTokens: 24 });
  let forge = await openForge(page);
  await setSetting(page, 'Batch (sequences)', 2);
  await setSetting(page, 'Epochs', 1);

  // 1. Distil, reload mid-way (the worker dies with the page), resume.
  await forge.getByRole('button', { name: 'Distil' }).click();
  let progress = forge.getByTestId('forge-distill-progress');
  await expect.poll(() => number(progress, 'data-done'), { timeout: 300_000 }).toBeGreaterThanOrEqual(3);
  await page.reload();
  forge = await openForge(page);
  progress = forge.getByTestId('forge-distill-progress');
  const total = await number(progress, 'data-total');
  await expect(forge.getByRole('button', { name: 'Resume distillation' })).toBeVisible({ timeout: 30_000 });
  const kept = await number(progress, 'data-done');
  expect(kept).toBeGreaterThanOrEqual(3);
  expect(kept).toBeLessThan(total);
  const distilled = await watch(page, 'forge-distill-progress', 'data-done');
  await forge.getByRole('button', { name: 'Resume distillation' }).click();
  await expect(forge.getByTestId('forge-job')).toHaveAttribute('data-stage', 'distilled', { timeout: 300_000 });
  const counts = await distilled();
  // The first resumed sentence is a new one, and every step adds one: none was translated again.
  expect(counts[0]).toBe(kept + 1);
  expect(counts.every((c, i) => i === 0 || c > counts[i - 1]!)).toBe(true);
  expect(counts.at(-1)).toBe(total);

  // 2. Fine-tune, pause at a checkpoint, reload, resume to the end.
  await forge.getByRole('button', { name: 'Fine-tune' }).click();
  const train = forge.getByTestId('forge-train-progress');
  await expect.poll(() => number(train, 'data-step'), { timeout: 300_000 }).toBeGreaterThanOrEqual(2);
  await forge.getByRole('button', { name: 'Pause' }).click();
  await expect(forge.getByRole('button', { name: 'Resume fine-tuning' })).toBeVisible({ timeout: 120_000 });
  const pausedAt = await number(train, 'data-step');
  await page.reload();
  forge = await openForge(page);
  await expect(forge.getByTestId('forge-train-progress')).toHaveAttribute('data-step', String(pausedAt));
  const steps = await watch(page, 'forge-train-progress', 'data-step');
  await forge.getByRole('button', { name: 'Resume fine-tuning' }).click();
  await expect(forge.getByTestId('forge-train-progress')).toHaveAttribute('data-done', 'true', { timeout: 300_000 });
  const resumed = await steps();
  expect(resumed[0]).toBe(pausedAt + 1);
  expect(resumed.at(-1)).toBe(await number(forge.getByTestId('forge-train-progress'), 'data-total'));

  // The base drafter's files are as imported: training never writes to them.
  const stored = await page.evaluate(async (id) => {
    const cache = await caches.open('tandem-models');
    const response = await cache.match(new URL(`/models/${id}/model.safetensors`, location.origin).href);
    const digest = await crypto.subtle.digest('SHA-256', await response!.arrayBuffer());
    return [...new Uint8Array(digest)].map((b) => b.toString(16).padStart(2, '0')).join('');
  }, FORGE_DRAFTER);
  const imported = createHash('sha256')
    .update(readFileSync(`public/models/${FORGE_DRAFTER}/model.safetensors`))
    .digest('hex');
  expect(stored).toBe(imported);
  expect(errors).toEqual([]);
});
