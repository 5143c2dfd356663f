import { expect, test, type Page, type TestInfo } from '@playwright/test';
import { collectErrors, GERMAN, openSettings } from './support/app-steps.ts';

/**
 * The run settings, race mode, long input, detection and the queue, with the demo pair (tiny
 * random models on the CPU engine in the worker). The output is gibberish by design: what is
 * checked is that each setting reaches the worker and each view shows what happened.
 */

async function openDemo(page: Page, text = GERMAN): Promise<void> {
  await page.goto('/');
  await page.getByRole('combobox', { name: 'Model' }).selectOption('demo');
  await expect(page.getByTestId('model-status')).toHaveAttribute('data-state', 'ready', { timeout: 30_000 });
  await openSettings(page);
  await page.getByRole('textbox', { name: 'Text to translate' }).fill(text);
}

async function setMaxTokens(page: Page, value: number): Promise<void> {
  await page.getByRole('spinbutton', { name: 'Max new tokens' }).fill(String(value));
}

async function snap(page: Page, testInfo: TestInfo, name: string): Promise<void> {
  const path = testInfo.outputPath(`${name}.png`);
  await page.screenshot({ path, fullPage: true });
  await testInfo.attach(name, { path, contentType: 'image/png' });
}

const output = (page: Page) => page.getByTestId('output');

test('detection picks German for a German sentence, names its drafter, and the user can override it', async ({
  page,
}, testInfo) => {
  const errors = collectErrors(page);
  await openDemo(page);
  await expect(page.getByRole('combobox', { name: 'From' })).toHaveValue('auto');
  const detected = page.getByTestId('detected-language');
  await expect(detected).toHaveAttribute('data-language', 'de');
  await expect(detected).toHaveText('Detected: German.');
  const drafter = page.getByTestId('drafter-info');
  await expect(drafter).toHaveAttribute('data-drafter', 'tandem-drafter-68m-de-en');
  await expect(drafter).toContainText('not installed');
  await snap(page, testInfo, 'detected-german');

  await setMaxTokens(page, 8);
  await page.getByRole('button', { name: 'Translate' }).click();
  await expect(output(page)).toHaveAttribute('data-run', 'done', { timeout: 60_000 });
  await expect(output(page).locator('span[data-source]')).toHaveCount(8);

  // Override: French picks the French drafter; the detection line goes away.
  await page.getByRole('combobox', { name: 'From' }).selectOption('fr');
  await expect(drafter).toHaveAttribute('data-drafter', 'tandem-drafter-68m-fr-en');
  await expect(detected).toHaveCount(0);

  // English is not a source language: a plain message, and Translate explains itself.
  await page.getByRole('combobox', { name: 'From' }).selectOption('auto');
  await page.getByRole('textbox', { name: 'Text to translate' }).fill('Good morning, how are you doing today?');
  await expect(detected).toContainText('looks like English');
  await expect(page.getByTestId('translate-blocker')).toContainText('looks like English');
  expect(errors).toEqual([]);
});

test('race mode runs both decoders side by side and finishes with a measured speedup', async ({ page }, testInfo) => {
  const errors = collectErrors(page);
  await openDemo(page);
  await setMaxTokens(page, 24);
  await page.getByRole('checkbox', { name: 'Race against autoregressive' }).check();
  await page.getByRole('button', { name: 'Translate' }).click();
  const result = page.getByTestId('race-result');
  await expect(result).toBeVisible({ timeout: 60_000 });
  await expect(output(page)).toHaveAttribute('data-run', 'done');
  const speedup = Number(await result.getAttribute('data-speedup'));
  expect(speedup).toBeGreaterThan(0);
  // On a busy CPU the tiny demo can come out slower: then it must say so, never "0.90× speedup".
  const verdict =
    speedup >= 1 ? '× speedup over autoregressive' : '× \\(slower\\): [\\d.]+× slower than autoregressive';
  await expect(result).toContainText(new RegExp(`^\\d+\\.\\d\\d${verdict}: [\\d.]+ vs [\\d.]+ tokens/s`));

  // Both lanes wrote the same 24 tokens (greedy is lossless); only the speculative lane drafted.
  await expect(page.getByTestId('race-autoregressive-count')).toHaveAttribute('data-tokens', '24');
  await expect(page.getByTestId('race-speculative-count')).toHaveAttribute('data-tokens', '24');
  const ids = (testId: string) =>
    page
      .getByTestId(testId)
      .locator('span[data-token-id]')
      .evaluateAll((nodes) => nodes.map((n) => n.getAttribute('data-token-id')));
  expect(await ids('race-autoregressive')).toEqual(await ids('output'));
  await expect(
    page.getByTestId('race-autoregressive').locator('span[data-source]:not([data-source="target"])'),
  ).toHaveCount(0);

  // The stats bar now knows the speedup and shows the current draft length.
  await expect(page.getByTestId('known-speedup')).toHaveText(
    `${speedup.toFixed(2)}× ${speedup >= 1 ? 'over' : '(slower) than'} autoregressive`,
  );
  await expect(page.getByTestId('draft-length')).toHaveText(/γ now \d+/);
  await snap(page, testInfo, 'race-finished');
  expect(errors).toEqual([]);
});

test('a three-paragraph input keeps three paragraphs in the output', async ({ page }, testInfo) => {
  const errors = collectErrors(page);
  const text = 'Erster Absatz. Er hat zwei Sätze.\n\nZweiter Absatz.\n\nDritter Absatz, der letzte.';
  await openDemo(page, text);
  await setMaxTokens(page, 6);
  await page.getByRole('button', { name: 'Translate' }).click();
  await expect(output(page)).toHaveAttribute('data-run', 'done', { timeout: 60_000 });
  // Four sentences, six tokens each, each under its own prompt.
  await expect(output(page).locator('span[data-source]')).toHaveCount(24);
  const paragraphs = await output(page)
    .locator('span[data-paragraph]')
    .evaluateAll((nodes) => [...new Set(nodes.map((n) => n.getAttribute('data-paragraph')))]);
  expect(paragraphs).toEqual(['0', '1', '2']);
  await expect(output(page).locator('[data-break="paragraph"]')).toHaveCount(2);
  await expect(output(page).locator('[data-break="sentence"]')).toHaveCount(1);
  // biome-ignore lint/performance/useDomNodeTextContent: innerText keeps the rendered paragraph breaks, which is what this checks
  const shown = await output(page).innerText();
  expect(shown.trim().split(/\n[^\S\n]*\n/)).toHaveLength(3);
  await snap(page, testInfo, 'three-paragraphs');
  expect(errors).toEqual([]);
});

test('drafter "none" decodes autoregressively: every token from the target, race unavailable', async ({ page }) => {
  const errors = collectErrors(page);
  await openDemo(page);
  await setMaxTokens(page, 12);
  await page.getByRole('combobox', { name: 'Drafter' }).selectOption('none');
  await expect(page.getByRole('checkbox', { name: 'Race against autoregressive' })).toBeDisabled();
  await expect(page.getByTestId('drafter-info')).toHaveText('No drafter: the target writes every token itself.');
  await page.getByRole('button', { name: 'Translate' }).click();
  await expect(output(page)).toHaveAttribute('data-run', 'done', { timeout: 60_000 });
  const spans = output(page).locator('span[data-source]');
  await expect(spans).toHaveCount(12);
  await expect(output(page).locator('span[data-source="target"]')).toHaveCount(12);
  await expect(page.getByTestId('run-stats')).toHaveAttribute('data-accepted', '0');
  await expect(page.getByTestId('run-stats')).toHaveAttribute('data-passes', '12');
  expect(errors).toEqual([]);
});

test('keyboard-set fixed γ reaches the worker, and rejected drafts show inline with the toggle', async ({
  page,
}, testInfo) => {
  const errors = collectErrors(page);
  await openDemo(page);
  await setMaxTokens(page, 40);
  const policy = page.getByRole('combobox', { name: 'Policy' });
  await policy.focus();
  await policy.selectOption('fixed'); // a native select: arrow keys differ per platform
  const gamma = page.getByRole('spinbutton', { name: 'γ' });
  await expect(gamma).toBeEnabled();
  await gamma.focus();
  await gamma.press('Control+a');
  await gamma.press('2');
  await expect(gamma).toHaveValue('2');
  await page.getByRole('checkbox', { name: 'Show rejected drafts inline' }).focus();
  await page.keyboard.press('Space');
  await page.getByRole('textbox', { name: 'Text to translate' }).press('Control+Enter');
  await expect(output(page)).toHaveAttribute('data-run', 'done', { timeout: 60_000 });
  await expect(page.getByTestId('draft-length')).toHaveText(/γ now [12]$/);
  // Every correction carries its step's rejected drafts, shown struck through before it.
  const corrections = await output(page).locator('span[data-source="correction"]').count();
  await expect(output(page).locator('del.tok-rejected')).toHaveCount(corrections);
  await snap(page, testInfo, 'rejected-inline');
  await page.getByRole('checkbox', { name: 'Show rejected drafts inline' }).uncheck();
  await expect(output(page).locator('del.tok-rejected')).toHaveCount(0);
  expect(errors).toEqual([]);
});

test('Translate while one runs queues it; Stop ends the running one and the queued one runs', async ({
  page,
}, testInfo) => {
  const errors = collectErrors(page);
  await openDemo(page);
  await setMaxTokens(page, 1000);
  // Four sentences of up to 1 000 tokens each: the first run outlasts every click below, however
  // fast the machine.
  await page
    .getByRole('textbox', { name: 'Text to translate' })
    .fill('Guten Morgen. Wie geht es dir heute? Das Wetter ist schön. Wir gehen später in den Park.');
  const translate = page.getByRole('button', { name: 'Translate' });
  await translate.click();
  await expect(output(page).locator('span[data-source]').nth(3)).toBeAttached();
  await setMaxTokens(page, 10);
  await translate.click();
  // A repeat of a waiting request is ignored (issue 13); another text waits its own turn.
  await page.getByRole('textbox', { name: 'Text to translate' }).fill('Wie spät ist es?');
  await translate.click();
  await expect(page.getByTestId('queue')).toHaveAttribute('data-waiting', '2');
  await snap(page, testInfo, 'queued');
  await page.getByRole('button', { name: 'Clear queue' }).click();
  await expect(page.getByTestId('queue')).toHaveCount(0);
  await translate.click();
  await expect(page.getByTestId('queue')).toHaveAttribute('data-waiting', '1');

  await page.getByRole('button', { name: 'Stop' }).click();
  await expect(page.getByTestId('queue')).toHaveCount(0, { timeout: 30_000 });
  await expect(output(page)).toHaveAttribute('data-run', 'done', { timeout: 60_000 });
  await expect(output(page).locator('span[data-source]')).toHaveCount(10);
  expect(errors).toEqual([]);
});

test('settings survive a reload; the text does not', async ({ page }) => {
  const errors = collectErrors(page);
  await openDemo(page);
  await page.getByRole('combobox', { name: 'Policy' }).selectOption('fixed');
  await page.getByRole('spinbutton', { name: 'γ' }).fill('3');
  await page.getByRole('radio', { name: 'Sample' }).check();
  await page.reload();
  await openSettings(page);
  await expect(page.getByRole('combobox', { name: 'Policy' })).toHaveValue('fixed');
  await expect(page.getByRole('spinbutton', { name: 'γ' })).toHaveValue('3');
  await expect(page.getByRole('radio', { name: 'Sample' })).toBeChecked();
  await expect(page.getByRole('spinbutton', { name: 'Temperature' })).toBeEnabled();
  await expect(page.getByRole('textbox', { name: 'Text to translate' })).toHaveValue('');
  expect(errors).toEqual([]);
});
