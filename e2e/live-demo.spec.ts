import { expect, type Page, test } from '@playwright/test';
import { collectErrors, pickDemo, saveScreenshot } from './support/app-steps.ts';
import { dropTraceFile, exportTrace, numberAttribute, openTraceFile, overlaySpans } from './support/demo-steps.ts';

/**
 * The live demo with the demo pair: the charts agree with the run's statistics; a run recorded as
 * a trace, exported, and opened after a reload replays (real time, slowed, stepped) to the same
 * overlay, also where no worker, GPU or model can load; bad trace files get specific errors.
 */

async function translateDemo(page: Page, maxTokens: number, text?: string): Promise<void> {
  await page.goto('/');
  await pickDemo(page);
  if (text) await page.getByRole('textbox', { name: 'Text to translate' }).fill(text);
  await page.getByRole('spinbutton', { name: 'Max new tokens' }).fill(String(maxTokens));
  await page.getByRole('button', { name: 'Translate' }).click();
  await expect(page.getByTestId('output')).toHaveAttribute('data-run', 'done', { timeout: 60_000 });
}

test('the charts agree with the run’s statistics', async ({ page }, testInfo) => {
  const errors = collectErrors(page);
  await translateDemo(page, 48);
  const stats = page.getByTestId('run-stats');
  const passes = await numberAttribute(stats, 'data-passes');
  const emitted = await numberAttribute(stats, 'data-emitted');
  const accepted = await numberAttribute(stats, 'data-accepted');

  const histogram = page.getByTestId('chart-tokens-per-pass');
  await expect(histogram).toHaveAttribute('data-total-passes', String(passes));
  const bins = await histogram.locator('[data-tokens]').evaluateAll((nodes) =>
    nodes.map((n) => ({
      tokens: Number(n.getAttribute('data-tokens')),
      passes: Number(n.getAttribute('data-passes')),
    })),
  );
  // Its total is the number of target passes, its mean is τ = emitted tokens / target passes.
  expect(bins.reduce((sum, bin) => sum + bin.passes, 0)).toBe(passes);
  const mean = bins.reduce((sum, bin) => sum + bin.tokens * bin.passes, 0) / passes;
  expect(mean).toBeCloseTo(emitted / passes, 10);
  expect(await numberAttribute(histogram, 'data-mean')).toBeCloseTo(emitted / passes, 10);
  await expect(stats).toContainText(`τ ${(emitted / passes).toFixed(2)}`);
  await expect(histogram.getByTestId('tau-marker')).toBeAttached();
  // The expectation is drawn as a dashed line with dots: not colour alone.
  const dash = await histogram.locator('path.series-expected').evaluate((n) => getComputedStyle(n).strokeDasharray);
  expect(dash).not.toBe('none');

  const positions = page.getByTestId('chart-acceptance-by-position');
  const perPosition = await positions
    .locator('[data-position]')
    .evaluateAll((nodes) => nodes.map((n) => Number(n.getAttribute('data-accepted'))));
  expect(perPosition.reduce((a, b) => a + b, 0)).toBe(accepted);
  await expect(page.getByTestId('chart-step-time')).toHaveAttribute('data-passes', String(passes));
  await saveScreenshot(page, testInfo, 'live-demo-charts');
  expect(errors).toEqual([]);
});

test('a race draws both lanes’ tokens over time on one axis', async ({ page }) => {
  await page.goto('/');
  await pickDemo(page);
  await page.getByRole('spinbutton', { name: 'Max new tokens' }).fill('24');
  await page.getByRole('checkbox', { name: 'Race against autoregressive' }).check();
  await page.getByRole('button', { name: 'Translate' }).click();
  await expect(page.getByTestId('race-result')).toBeVisible({ timeout: 60_000 });
  const race = page.getByTestId('chart-race');
  const speculative = await page.getByTestId('race-speculative-count').getAttribute('data-tokens');
  const autoregressive = await page.getByTestId('race-autoregressive-count').getAttribute('data-tokens');
  await expect(race).toHaveAttribute('data-speculative-tokens', speculative!);
  await expect(race).toHaveAttribute('data-autoregressive-tokens', autoregressive!);
  await expect(race.locator('path.series-speculative')).toHaveAttribute('d', /^M.+L/);
  await expect(race.locator('path.series-autoregressive')).toHaveAttribute('d', /^M.+L/);
});

test('a recorded run, exported and opened after a reload, replays to the live overlay', async ({ page }, testInfo) => {
  const errors = collectErrors(page);
  await translateDemo(page, 30, 'Guten Morgen. Wie geht es dir heute?');
  const output = page.getByTestId('output');
  const live = await overlaySpans(output);
  expect(live.length).toBeGreaterThan(0);
  await expect(page.getByTestId('trace-notice')).toContainText('nothing was sent anywhere');

  const file = await exportTrace(page);
  expect(file.name).toMatch(/^tandem-trace-.+\.json$/);
  const trace = JSON.parse(file.text);
  expect(trace).toMatchObject({ format: 'tandem-trace', version: 1, run: { mode: 'speculative' } });
  expect(trace.notice).toContain('holds the text you translated and its translation');
  expect(trace.models.target.name).toMatch(/^demo target/);
  expect(typeof trace.adapter).toBe('string');
  const passes = trace.events.filter((e: { event: { type: string } }) => e.event.type === 'step').length;

  await page.reload();
  await openTraceFile(page, file.name, file.text);
  await expect(page.getByTestId('trace-summary')).toHaveAttribute('data-passes', String(passes));

  // Real time.
  await page.getByTestId('replay-start').click();
  await expect(output).toHaveAttribute('data-run', 'done', { timeout: 60_000 });
  expect(await overlaySpans(output)).toEqual(live);
  await expect(page.getByTestId('chart-tokens-per-pass')).toHaveAttribute('data-total-passes', String(passes));

  // Stepped: Step on an ended replay starts it again, paused at its first pass; one pass per press.
  const status = page.getByTestId('playback-status');
  for (let shown = 1; shown <= passes; shown++) {
    await page.getByTestId('replay-step').click();
    await expect(status).toHaveAttribute('data-passes-shown', String(shown));
    expect(await overlaySpans(output)).toEqual(live.filter((span) => Number(span.step) < shown));
  }
  await expect(status).toHaveAttribute('data-state', 'ended');
  await expect(output).toHaveAttribute('data-run', 'done');
  expect(await overlaySpans(output)).toEqual(live);
  await saveScreenshot(page, testInfo, 'live-demo-replayed');
  expect(errors).toEqual([]);
});

test('slowed, a replay can be paused and stepped mid-way, and ends as the live run did', async ({ page }) => {
  await translateDemo(page, 24);
  const output = page.getByTestId('output');
  const live = await overlaySpans(output);
  const file = await exportTrace(page);
  await page.reload();
  await openTraceFile(page, file.name, file.text);
  await page.getByTestId('replay-speed').selectOption('0.1');
  await page.getByTestId('replay-start').click();
  const status = page.getByTestId('playback-status');
  await expect(status).toHaveAttribute('data-state', 'playing');
  await page.getByTestId('replay-toggle').click();
  await expect(status).toHaveAttribute('data-state', 'paused');
  const shown = await numberAttribute(status, 'data-passes-shown');
  const total = await numberAttribute(status, 'data-passes-total');
  expect(shown).toBeLessThan(total);
  await page.getByTestId('replay-step').click();
  await expect(status).toHaveAttribute('data-passes-shown', String(shown + 1));
  await page.getByTestId('replay-speed').selectOption('1');
  await page.getByTestId('replay-toggle').click();
  await expect(output).toHaveAttribute('data-run', 'done', { timeout: 60_000 });
  expect(await overlaySpans(output)).toEqual(live);
});

test('a trace replays where no worker, GPU or model can load', async ({ page, browser }, testInfo) => {
  await translateDemo(page, 24);
  const live = await overlaySpans(page.getByTestId('output'));
  const file = await exportTrace(page);

  const context = await browser.newContext({ baseURL: testInfo.project.use.baseURL });
  await context.addInitScript(() => {
    Object.defineProperty(Navigator.prototype, 'gpu', { get: () => undefined });
  });
  const refused: string[] = [];
  await context.route(
    (url) => /worker|\/models\/|\/ort\//.test(url.pathname),
    (route) => {
      refused.push(route.request().url());
      return route.abort();
    },
  );
  const bare = await context.newPage();
  const pageErrors: string[] = [];
  bare.on('pageerror', (error) => pageErrors.push(error.message));
  await bare.goto('/');
  expect(await bare.evaluate(() => 'gpu' in navigator && navigator.gpu !== undefined)).toBe(false);
  await dropTraceFile(bare, file.name, file.text);
  await expect(bare.getByTestId('trace-summary')).toBeVisible();
  await bare.getByTestId('replay-start').click();
  const output = bare.getByTestId('output');
  await expect(output).toHaveAttribute('data-run', 'done', { timeout: 60_000 });
  expect(await overlaySpans(output)).toEqual(live);
  // The app asked for its worker and was refused; the replay never needed it.
  expect(refused.some((url) => url.includes('worker'))).toBe(true);
  expect(pageErrors).toEqual([]);
  await context.close();
});

test('malformed and truncated trace files get specific errors', async ({ page }) => {
  await translateDemo(page, 8);
  const { name, text } = await exportTrace(page);
  const problem = page.getByTestId('trace-problem');

  await openTraceFile(page, 'half.json', text.slice(0, Math.floor(text.length / 2)));
  await expect(problem).toHaveAttribute('data-error-name', 'TraceTruncatedError');
  await expect(problem).toContainText('Cannot open “half.json”: the file ends before its JSON closes');
  await expect(problem).toContainText('it was cut short');

  await openTraceFile(page, 'notes.json', 'these are my notes');
  await expect(problem).toHaveAttribute('data-error-name', 'TraceFileError');
  await expect(problem).toContainText('Cannot open “notes.json”: the file is not JSON');

  const wrongType = JSON.parse(text);
  wrongType.events[0].event.emitted[0].source = 'guessed';
  await openTraceFile(page, 'edited.json', JSON.stringify(wrongType));
  await expect(problem).toContainText('the trace is malformed at events[0].event.emitted[0].source');

  const newer = { ...JSON.parse(text), version: 9 };
  await openTraceFile(page, 'newer.json', JSON.stringify(newer));
  await expect(problem).toHaveAttribute('data-error-name', 'TraceVersionError');
  await expect(problem).toContainText('format version 9, newer than this Tandem reads (1)');

  const cut = JSON.parse(text);
  cut.events.pop();
  await dropTraceFile(page, 'no-end.json', JSON.stringify(cut));
  await expect(problem).toContainText('without the run\'s "done" event: the recording was cut short');
  await expect(page.getByTestId('trace-summary')).toHaveCount(0);

  // A good file clears the problem.
  await openTraceFile(page, name, text);
  await expect(problem).toHaveCount(0);
  await expect(page.getByTestId('trace-summary')).toBeVisible();
});
