import { expect, test } from '@playwright/test';
import { sampleTrace, syntheticPasses } from '../src/store/demo/testing/sample-trace.ts';
import { serializeTrace } from '../src/store/demo/trace-format.ts';
import { collectErrors } from './support/app-steps.ts';
import { numberAttribute, openTraceFile } from './support/demo-steps.ts';
import { observeLongTasks } from '../scripts/lib/long-tasks.ts';

/**
 * A 1,000-token trace (made here, 10 ms between passes) replayed in real time with the charts on:
 * every token and pass arrives and the charts agree with them. Long-task time during the replay is
 * measured and reported, not asserted (it is a wall-clock figure); `npm run bench:replay` prints it
 * with and without the charts side by side.
 */
test('a 1,000-token replay completes with its charts; long-task time is reported', async ({ page }, testInfo) => {
  test.setTimeout(180_000);
  const errors = collectErrors(page);
  const trace = sampleTrace(syntheticPasses(1000));
  const done = trace.events[trace.events.length - 1].event;
  const passes = trace.events.filter(({ event }) => event.type === 'step').length;
  await page.goto('/');
  await openTraceFile(page, 'long.json', serializeTrace(trace));
  const longTasks = await observeLongTasks(page);
  await page.getByTestId('replay-start').click();
  const output = page.getByTestId('output');
  await expect(output).toHaveAttribute('data-run', 'done', { timeout: 150_000 });
  const tasks = await longTasks.collect();

  expect(done.stats.emittedTokens).toBeGreaterThanOrEqual(1000);
  await expect(output.locator('span[data-source]')).toHaveCount(done.stats.emittedTokens);
  const histogram = page.getByTestId('chart-tokens-per-pass');
  await expect(histogram).toHaveAttribute('data-total-passes', String(passes));
  expect(await numberAttribute(histogram, 'data-mean')).toBeCloseTo(done.stats.meanTokensPerPass, 10);
  await expect(page.getByTestId('chart-step-time')).toHaveAttribute('data-passes', String(passes));

  const perThousand = (tasks.totalMs * 1000) / done.stats.emittedTokens;
  const description =
    `${tasks.count} long tasks, ${tasks.totalMs.toFixed(0)} ms in all (longest ${tasks.longestMs.toFixed(0)} ms) ` +
    `over ${done.stats.emittedTokens} tokens: ${perThousand.toFixed(0)} ms per 1,000 tokens`;
  testInfo.annotations.push({ type: 'long tasks', description });
  console.log(`replay long tasks: ${description}`);
  expect(errors).toEqual([]);
});
