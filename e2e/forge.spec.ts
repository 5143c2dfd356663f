import { expect, test } from '@playwright/test';
import { collectErrors, describeRequest, openSettings, recordRequests, saveScreenshot } from './support/app-steps.ts';
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
 * The forge end to end on the learnable fixture pair, in the app, on SwiftShader: import a small
 * German file, self-distil it, fine-tune (the CPU reference trainer: the adapter is a software
 * one), measure on the held-out sentences, install; α rises; then "Drafter: by source language"
 * translates with the new drafter, losslessly. No request leaves the page from distillation to
 * install.
 *
 * Threshold: `npm run bench:forge -- --sentences 80 --max-new-tokens 12 --lr 1e-3` runs the same
 * corpus, split and settings through the same code (CPU engines, as here) and measured held-out α
 * 0.40 -> 0.69 (+0.29; this test in Chromium measured the same, 0.400 -> 0.694: it is
 * deterministic). At the in-tab default lr 1e-4 the same run gains +0.07, and a drafter that
 * learned nothing gains 0. The test asks for +0.15: about half the measured gain, twice what the
 * ten-times-smaller rate reaches. The rate is raised in the panel's settings table, as a user
 * would: a 16-wide random fixture needs larger steps than a pretrained 68M drafter.
 */
const SENTENCES = 80;
const MAX_NEW_TOKENS = 12;
const LEARNING_RATE = 1e-3;
const MIN_ALPHA_GAIN = 0.15;

test('forge: import, self-distil, fine-tune, measure, install; α rises; by source language drafts with it, losslessly', async ({
  page,
  context,
}, testInfo) => {
  test.setTimeout(900_000);
  const errors = collectErrors(page);
  await page.goto('/');
  await importFixture(page, FORGE_TARGET);
  await importFixture(page, FORGE_DRAFTER);

  await prepareFromFile(page, germanCorpusFile(testInfo, SENTENCES), { maxNewTokens: MAX_NEW_TOKENS });
  const forge = await openForge(page);
  const job = forge.getByTestId('forge-job');
  await expect(job).toHaveAttribute('data-stage', 'prepared');

  // From here to the install, nothing may leave the page (the page, its worker, the service worker).
  const recorded = recordRequests(context);
  await forge.getByRole('button', { name: 'Distil' }).click();
  const distill = forge.getByTestId('forge-distill-progress');
  const total = Number(await distill.getAttribute('data-total'));
  await expect(job).toHaveAttribute('data-stage', 'distilled', { timeout: 300_000 });
  await expect(distill).toHaveAttribute('data-done', String(total));

  await setSetting(page, 'Learning rate', LEARNING_RATE);
  await forge.getByRole('button', { name: 'Fine-tune' }).click();
  await expect(forge.getByTestId('forge-train-progress')).toHaveAttribute('data-done', 'true', { timeout: 300_000 });
  await expect(forge.getByTestId('forge-trainer')).toContainText('CPU reference trainer');
  await expect(forge.getByTestId('forge-loss-chart')).toBeVisible();

  await forge.getByRole('button', { name: 'Measure' }).click();
  const before = forge.getByTestId('forge-alpha-before');
  const after = forge.getByTestId('forge-alpha-after');
  await expect(after).toHaveAttribute('data-value', /\d/, { timeout: 300_000 });
  const alphaBefore = Number(await before.getAttribute('data-value'));
  const alphaAfter = Number(await after.getAttribute('data-value'));
  testInfo.annotations.push({
    type: 'held-out alpha',
    description: `${alphaBefore.toFixed(3)} -> ${alphaAfter.toFixed(3)}`,
  });
  console.log(`held-out alpha: ${alphaBefore.toFixed(3)} -> ${alphaAfter.toFixed(3)}`);
  expect(alphaAfter).toBeGreaterThan(alphaBefore + MIN_ALPHA_GAIN);
  const heldOut = await forge.getByTestId('forge-results').locator('td[data-testid="forge-identical"]');
  await expect(heldOut).toHaveText(/^(\d+) \/ \1$/); // every held-out output identical to autoregressive
  await expect(forge.getByTestId('forge-alpha-chart')).toBeVisible();

  await forge.getByRole('button', { name: 'Install the new drafter' }).click();
  const installed = forge.getByTestId('forge-install-status');
  await expect(installed).toHaveAttribute('data-installed', /^forged-de-/, { timeout: 60_000 });
  recorded.stop();
  expect(recorded.requests.map(describeRequest)).toEqual([]);
  const modelId = (await installed.getAttribute('data-installed'))!;
  await saveScreenshot(page, testInfo, 'forge-installed');

  await forge.locator('summary').first().click(); // the panel folds away, as after a session of forging

  // Listed in the model manager.
  await expect(page.getByTestId('model-manager')).toContainText(modelId);

  // "By source language" now picks the new drafter for this target and German; greedy output is the
  // target's own: the same tokens as with no drafter at all.
  await page.getByRole('combobox', { name: 'From' }).selectOption('de');
  await page
    .getByRole('textbox', { name: 'Text to translate' })
    .fill('Der Lehrer liest heute Morgen ein Buch im Garten.');
  await openSettings(page); // Settings start closed (a plain first screen)
  await page.getByRole('spinbutton', { name: 'Max new tokens' }).fill(String(MAX_NEW_TOKENS));
  await page.getByRole('combobox', { name: 'Drafter', exact: true }).selectOption('auto');
  await page
    .getByRole('combobox', { name: 'Model' })
    .selectOption({ label: `${FORGE_TARGET} (imported, safetensors)` });
  const status = page.getByTestId('model-status');
  await expect(status).toHaveAttribute('data-state', 'ready', { timeout: 120_000 });
  await expect(status).toContainText(`drafter ${modelId} (imported)`);
  const speculative = await translate(page);
  expect(Number(await page.getByTestId('run-stats').getAttribute('data-accepted'))).toBeGreaterThan(0);

  await page.getByRole('combobox', { name: 'Drafter', exact: true }).selectOption('none');
  await expect(status).toHaveAttribute('data-state', 'ready', { timeout: 120_000 });
  const autoregressive = await translate(page);
  expect(speculative).toEqual(autoregressive);
  expect(errors).toEqual([]);
});

async function translate(page: import('@playwright/test').Page): Promise<string[]> {
  await page.getByRole('button', { name: 'Translate' }).click();
  const output = page.getByTestId('output');
  await expect(output).toHaveAttribute('data-run', 'done', { timeout: 120_000 });
  return output
    .locator('span[data-source]')
    .evaluateAll((nodes) => nodes.map((n) => n.getAttribute('data-token-id') ?? ''));
}
