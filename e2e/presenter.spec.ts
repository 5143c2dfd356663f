import { readFile } from 'node:fs/promises';
import { expect, test } from '@playwright/test';
import { collectErrors, openSettings, saveScreenshot } from './support/app-steps.ts';
import { numberAttribute, overlaySpans } from './support/demo-steps.ts';

/**
 * The presenter's view driven by the keyboard alone: keys listed on `?`, a sample text started with
 * one key (the demo picked when no model is), slow motion with each pass's drafts shown before
 * the verdict, pause and step, rejected drafts struck through, export, open and replay.
 */
test('presenter mode runs on keys alone, in slow motion, paused and stepped', async ({ page }, testInfo) => {
  const errors = collectErrors(page);
  await page.goto('/');
  await openSettings(page); // Settings start closed (a plain first screen)
  await page.getByRole('spinbutton', { name: 'Max new tokens' }).fill('16');
  await page.getByTestId('presenter-open').click();
  const presenter = page.getByTestId('presenter');
  await expect(presenter).toBeFocused();
  await expect(presenter).toContainText('Press ? for the keys');

  await page.keyboard.press('?');
  const keys = page.getByTestId('presenter-keys');
  await expect(keys).toContainText('step forward one target pass');
  await expect(keys).toContainText('slow motion on or off');
  await page.keyboard.press('Escape');
  await expect(keys).toHaveCount(0);

  const status = page.getByTestId('presenter-status');
  await page.keyboard.press('s');
  await expect(status).toContainText('slow motion, 1.6 s a pass');
  await page.keyboard.press('-');
  await expect(status).toContainText('slow motion, 3 s a pass');
  await page.keyboard.press('+');
  await page.keyboard.press('ArrowUp');
  await expect(status).toContainText('slow motion, 0.8 s a pass');

  // One key: the sample text goes in, the demo loads (no model was chosen), the run starts.
  await page.keyboard.press('1');
  await expect(page.getByTestId('presenter-source')).toContainText('Guten Morgen');
  // Drafts before the verdict: at the first moment a pass's drafts show, none of its tokens is out yet.
  const seen = await page.waitForFunction(
    () => {
      const shown = document.querySelector('[data-testid="draft-preview"]');
      if (!shown) return null;
      const step = shown.getAttribute('data-step');
      const drafts = shown.querySelectorAll('[data-draft-position]').length;
      const verdict = document.querySelectorAll(`[data-testid="presenter-output"] span[data-step="${step}"]`).length;
      return { step, drafts, verdict, drafted: Number(shown.getAttribute('data-drafted')) };
    },
    undefined,
    { timeout: 60_000 },
  );
  const first = await seen.jsonValue();
  expect(first).not.toBeNull();
  expect(first!.drafts).toBe(first!.drafted);
  expect(first!.drafts).toBeGreaterThan(0);
  expect(first!.verdict).toBe(0);

  const playback = page.getByTestId('playback-status');
  await page.keyboard.press(' ');
  await expect(playback).toHaveAttribute('data-state', 'paused');
  const shown = await numberAttribute(playback, 'data-passes-shown');
  await page.keyboard.press('n');
  await expect(playback).toHaveAttribute('data-passes-shown', String(shown + 1));
  await page.keyboard.press('ArrowRight');
  await expect(playback).toHaveAttribute('data-passes-shown', String(shown + 2));
  await page.keyboard.press(' ');
  await expect(playback).toHaveAttribute('data-state', 'ended', { timeout: 60_000 });
  const output = page.getByTestId('presenter-output');
  await expect(output).toHaveAttribute('data-run', 'done');

  // The verdicts: rejected drafts struck through inline, in large type.
  const corrections = await output.locator('span[data-source="correction"]').count();
  const struck = output.locator('del.tok-rejected');
  await expect(struck).toHaveCount(corrections);
  if (corrections > 0) {
    const line = await struck.first().evaluate((node) => getComputedStyle(node).textDecorationLine);
    expect(line).toContain('line-through');
  }
  const fontSize = await output.evaluate((node) => Number.parseFloat(getComputedStyle(node).fontSize));
  expect(fontSize).toBeGreaterThanOrEqual(28);
  await expect(presenter.getByTestId('chart-tokens-per-pass')).toBeVisible();
  await saveScreenshot(page, testInfo, 'presenter');
  const live = await overlaySpans(output);

  // E exports the run, O opens a trace, R replays it (S: slow motion off, so in real time).
  const [download] = await Promise.all([page.waitForEvent('download'), page.keyboard.press('e')]);
  const text = await readFile(await download.path(), 'utf8');
  const [chooser] = await Promise.all([page.waitForEvent('filechooser'), page.keyboard.press('o')]);
  await chooser.setFiles({ name: 'presented.json', mimeType: 'application/json', buffer: Buffer.from(text) });
  await page.keyboard.press('s');
  await expect(status).not.toContainText('slow motion');
  await page.keyboard.press('r');
  await expect(playback).toHaveAttribute('data-state', 'ended', { timeout: 60_000 });
  expect(await overlaySpans(output)).toEqual(live);

  // Esc with nothing running leaves the presenter's view.
  await page.keyboard.press('Escape');
  await expect(presenter).toHaveCount(0);
  await expect(page.getByTestId('demo-panel')).toBeVisible();
  expect(errors).toEqual([]);
});
