import type { Page } from 'playwright-core';

export interface LongTaskTotals {
  count: number;
  totalMs: number;
  longestMs: number;
}

/**
 * Starts recording the page's long tasks (main-thread tasks of 50 ms or more, as the browser's
 * PerformanceObserver reports them); `collect` stops and sums them.
 */
export async function observeLongTasks(page: Page): Promise<{ collect(): Promise<LongTaskTotals> }> {
  await page.evaluate(() => {
    const durations: number[] = [];
    const observer = new PerformanceObserver((list) => {
      for (const entry of list.getEntries()) durations.push(entry.duration);
    });
    observer.observe({ type: 'longtask' });
    Object.assign(window, { tandemLongTasks: { durations, observer } });
  });
  return {
    collect: () =>
      page.evaluate(() => {
        const { durations, observer } = (
          window as unknown as { tandemLongTasks: { durations: number[]; observer: PerformanceObserver } }
        ).tandemLongTasks;
        for (const entry of observer.takeRecords()) durations.push(entry.duration);
        observer.disconnect();
        return {
          count: durations.length,
          totalMs: durations.reduce((a, b) => a + b, 0),
          longestMs: Math.max(0, ...durations),
        };
      }),
  };
}
