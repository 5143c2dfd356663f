import { expect, test, type Locator, type Page } from '@playwright/test';
import { translationPrompt } from '../src/models/prompt.ts';
import { collectErrors, GERMAN, openSettings } from './support/app-steps.ts';

/**
 * The demo pair (tiny random fixture models on the CPU reference engine, in the worker) through
 * the whole app: pick it, translate, watch the overlay stream, stop, translate again. Its output is
 * gibberish by design; what is checked is the flow and that the overlay agrees with the stats.
 */

const SOURCES = ['accepted', 'correction', 'bonus', 'target'];
/** Long enough that a run is still going when the test stops it (the CPU demo is fast). */
const LONG_RUN = 1000;

async function pickDemo(page: Page): Promise<void> {
  await page.goto('/');
  await page.getByRole('combobox', { name: 'Model' }).selectOption('demo');
  await expect(page.getByTestId('model-status')).toHaveAttribute('data-state', 'ready', { timeout: 30_000 });
  await expect(page.getByTestId('model-notice')).toHaveCount(0);
  await openSettings(page);
  await page.getByRole('combobox', { name: 'From' }).selectOption('de');
  await page.getByRole('textbox', { name: 'Text to translate' }).fill(GERMAN);
}

async function setMaxTokens(page: Page, value: number): Promise<void> {
  await page.getByRole('spinbutton', { name: 'Max new tokens' }).fill(String(value));
}

/** Waits for the run to end and checks that the spans agree with the stats the worker sent. */
async function expectFinishedOverlay(output: Locator, stats: Locator): Promise<number> {
  await expect(output).toHaveAttribute('data-run', 'done', { timeout: 60_000 });
  const emitted = Number(await stats.getAttribute('data-emitted'));
  const spans = output.locator('span[data-source]');
  await expect(spans).toHaveCount(emitted);
  const sources = await spans.evaluateAll((nodes) => nodes.map((n) => n.getAttribute('data-source')));
  for (const source of sources) expect(SOURCES).toContain(source);
  expect(sources.filter((s) => s === 'accepted')).toHaveLength(Number(await stats.getAttribute('data-accepted')));
  // Every target pass emits at least one target-made token (correction, bonus or plain target).
  const steps = new Set(await spans.evaluateAll((nodes) => nodes.map((n) => n.getAttribute('data-step'))));
  expect(steps.size).toBe(Number(await stats.getAttribute('data-passes')));
  return emitted;
}

test('the demo streams a tinted overlay that agrees with its stats', async ({ page }, testInfo) => {
  const errors = collectErrors(page);
  await pickDemo(page);
  const translate = page.getByRole('button', { name: 'Translate' });
  await expect(translate).toBeEnabled();
  await expect(page.getByTestId('translate-blocker')).toHaveCount(0);

  await translate.click();
  const output = page.getByTestId('output');
  const stats = page.getByTestId('run-stats');
  const emitted = await expectFinishedOverlay(output, stats);
  expect(emitted).toBeGreaterThan(0);
  expect(emitted).toBeLessThanOrEqual(48);
  // Greedy speculative decoding with a drafter drafts: some spans are accepted drafts.
  await expect(output.locator('span[data-source="accepted"]').first()).toBeVisible();
  await expect(output.locator('span[data-step-start]').first()).toBeVisible();
  await expect(stats).toContainText(/α \d\.\d\d/);
  await expect(stats).toContainText(/τ \d\.\d\d/);
  await expect(stats).toContainText(/tokens\/s/);
  await expect(page.getByTestId('overlay-legend')).toContainText('accepted draft');

  // Not colour alone: each provenance has its own text decoration.
  const decoration = (source: string) =>
    page
      .locator(`[data-legend="${source}"]`)
      .evaluate((n) => getComputedStyle(n).textDecorationStyle + getComputedStyle(n).textDecorationLine);
  const marks = await Promise.all(['accepted', 'correction', 'bonus', 'target'].map(decoration));
  expect(new Set(marks).size).toBe(4);

  const screenshot = testInfo.outputPath('translate-demo-overlay.png');
  await page.screenshot({ path: screenshot, fullPage: true });
  await testInfo.attach('overlay', { path: screenshot, contentType: 'image/png' });
  expect(errors).toEqual([]);
});

test('Esc and Stop end a run mid-stream, and Translate works again afterwards', async ({ page }, testInfo) => {
  const errors = collectErrors(page);
  await pickDemo(page);
  await setMaxTokens(page, LONG_RUN);
  const output = page.getByTestId('output');
  const stats = page.getByTestId('run-stats');
  const spans = output.locator('span[data-source]');
  const source = page.getByRole('textbox', { name: 'Text to translate' });

  // Ctrl+Enter starts; tokens arrive while the run is still going (streamed, not all at the end).
  await source.press('Control+Enter');
  await expect(spans.nth(3)).toBeAttached();
  await expect(output).toHaveAttribute('data-run', 'running');
  // A run in flight does not block Translate any more: another request would queue behind it.
  await expect(page.getByTestId('translate-blocker')).toHaveCount(0);
  const screenshot = testInfo.outputPath('translate-demo-streaming.png');
  await page.screenshot({ path: screenshot, fullPage: true });
  await testInfo.attach('streaming', { path: screenshot, contentType: 'image/png' });
  await source.press('Escape');
  const afterEsc = await expectFinishedOverlay(output, stats);
  expect(afterEsc).toBeLessThan(LONG_RUN);
  await expect(page.getByTestId('action-notice')).toHaveText('Stopped.');

  // The Stop button does the same.
  await page.getByRole('button', { name: 'Translate' }).click();
  await expect(output).toHaveAttribute('data-run', 'running');
  await expect(spans.nth(3)).toBeAttached();
  await page.getByRole('button', { name: 'Stop' }).click();
  expect(await expectFinishedOverlay(output, stats)).toBeLessThan(LONG_RUN);

  // And the engines are still usable: a short run completes.
  await setMaxTokens(page, 16);
  await page.getByRole('button', { name: 'Translate' }).click();
  await expect(output).toHaveAttribute('data-run', 'done', { timeout: 60_000 });
  expect(await expectFinishedOverlay(output, stats)).toBe(16);
  await expect(page.getByTestId('action-notice')).toHaveCount(0);
  expect(errors).toEqual([]);
});

test('a token whose text is HTML renders as text', async ({ page, browser }, testInfo) => {
  const PAYLOAD = '<img src=x onerror=alert(1)>';
  // 1. Which tokens does the demo emit for this input? (The model is deterministic.)
  await pickDemo(page);
  await page.getByRole('button', { name: 'Translate' }).click();
  const firstRun = page.getByTestId('output');
  await expect(firstRun).toHaveAttribute('data-run', 'done', { timeout: 60_000 });
  const emittedIds = await firstRun
    .locator('span[data-token-id]')
    .evaluateAll((nodes) => nodes.map((n) => Number(n.getAttribute('data-token-id'))));

  // 2. Rename one of them in the tokenizer to the payload. Pick a token the prompt cannot contain
  //    (BPE only builds substrings of the input), so the prompt, and the output ids, stay the same.
  const response = await page.request.get('/models/tiny-target/tokenizer.json');
  const tokenizer = (await response.json()) as { model: { vocab: Record<string, number> } };
  const byId = new Map(Object.entries(tokenizer.model.vocab).map(([token, id]) => [id, token]));
  const prompt = ` ${translationPrompt(GERMAN, 'de', 'en')}`;
  const victim = emittedIds.find((id) => {
    const token = byId.get(id) ?? '';
    return id > 2 && !/^<0x[0-9A-F]{2}>$/i.test(token) && !prompt.includes(token.replaceAll('\u2581', ' '));
  });
  expect(victim, `an emitted token absent from the prompt among ${emittedIds.join(',')}`).toBeDefined();
  delete tokenizer.model.vocab[byId.get(victim!)!];
  tokenizer.model.vocab[PAYLOAD] = victim!;

  // 3. A fresh context whose worker reads that tokenizer.
  const context = await browser.newContext({ baseURL: testInfo.project.use.baseURL });
  let served = 0;
  await context.route('**/models/tiny-target/tokenizer.json', (route) => {
    served += 1;
    return route.fulfill({ json: tokenizer });
  });
  const evil = await context.newPage();
  const errors = collectErrors(evil);
  await pickDemo(evil);
  expect(served, 'the worker fetched the rewritten tokenizer').toBeGreaterThan(0);
  await evil.getByRole('button', { name: 'Translate' }).click();
  const output = evil.getByTestId('output');
  await expect(output).toHaveAttribute('data-run', 'done', { timeout: 60_000 });
  await expect(output.locator(`span[data-token-id="${victim}"]`).first()).toHaveText(PAYLOAD);
  await expect(output).toContainText(PAYLOAD);
  await expect(output.locator('img')).toHaveCount(0);
  await expect(evil.locator('img')).toHaveCount(0);
  expect(errors).toEqual([]);
  await context.close();
});

test('Copy puts the output’s plain text, its layout kept, on the clipboard', async ({ browser }, testInfo) => {
  const context = await browser.newContext({ baseURL: testInfo.project.use.baseURL });
  await context.grantPermissions(['clipboard-read', 'clipboard-write']);
  const page = await context.newPage();
  const errors = collectErrors(page);
  await pickDemo(page);
  // Two paragraphs, three sentences: the copy must keep the breaks the output shows.
  await page
    .getByRole('textbox', { name: 'Text to translate' })
    .fill('Guten Morgen. Wie geht es dir?\n\nHeute ist ein schöner Tag.');
  await setMaxTokens(page, 6);
  const copy = page.getByRole('button', { name: 'Copy' });
  await expect(copy).toBeDisabled();

  await page.getByRole('button', { name: 'Translate' }).click();
  const output = page.getByTestId('output');
  await expect(output).toHaveAttribute('data-run', 'done', { timeout: 60_000 });
  await expect(output.locator('[data-break="paragraph"]')).toHaveCount(1);
  await expect(copy).toBeEnabled();

  // Keyboard: focus the button and press Enter.
  await copy.focus();
  await page.keyboard.press('Enter');
  const status = page.getByTestId('copy-status');
  await expect(status).toHaveText('Copied');
  await expect(status).toHaveAttribute('aria-live', 'polite');
  const shown = await output.evaluate((node) => node.textContent ?? '');
  const copied = await page.evaluate(() => navigator.clipboard.readText());
  expect(copied).toContain('\n\n');
  expect(copied).toBe(shown);
  expect(errors).toEqual([]);
  await context.close();
});

test('Copy says so when the browser refuses the clipboard', async ({ browser }, testInfo) => {
  const context = await browser.newContext({ baseURL: testInfo.project.use.baseURL });
  await context.addInitScript(() => {
    navigator.clipboard.writeText = () =>
      Promise.reject(new DOMException('Write permission denied.', 'NotAllowedError'));
  });
  const page = await context.newPage();
  await pickDemo(page);
  await setMaxTokens(page, 4);
  await page.getByRole('button', { name: 'Translate' }).click();
  await expect(page.getByTestId('output')).toHaveAttribute('data-run', 'done', { timeout: 60_000 });
  await page.getByRole('button', { name: 'Copy' }).click();
  const status = page.getByTestId('copy-status');
  await expect(status).toHaveAttribute('data-ok', 'false');
  await expect(status).toContainText('refused access to the clipboard (Write permission denied.)');
  await expect(status).toContainText('copy it by hand');
  await context.close();
});
