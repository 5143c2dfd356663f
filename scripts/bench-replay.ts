import type { AddressInfo } from 'node:net';
import { parseArgs } from 'node:util';
import type { Browser } from 'playwright-core';
import { build, preview } from 'vite';
import { sampleTrace, syntheticPasses } from '../src/store/demo/testing/sample-trace.ts';
import { serializeTrace } from '../src/store/demo/trace-format.ts';
import { fixed, printTable } from './bench/table.ts';
import { type LongTaskTotals, observeLongTasks } from './lib/long-tasks.ts';
import { launchBrowser } from './perf/browser.ts';

/**
 * npm run bench:replay -- [--tokens 1000] [--runs 3] [--no-build]
 *
 * Main-thread long tasks while the built app replays a synthetic trace in real time (10 ms between
 * target passes), with the charts shown and hidden, side by side in one browser: what the overlay
 * costs, and what the charts add to it. Figures are per 1,000 tokens, the median of the runs.
 */

interface ReplayRun extends LongTaskTotals {
  /** Wall time from Replay to the run's end, ms (the trace itself lasts passes × 10 ms). */
  wallMs: number;
}

const { values } = parseArgs({
  options: {
    tokens: { type: 'string', default: '1000' },
    runs: { type: 'string', default: '3' },
    'no-build': { type: 'boolean', default: false },
  },
});
const tokens = Number(values.tokens);
const runs = Number(values.runs);

async function replayOnce(browser: Browser, origin: string, trace: string, charts: boolean): Promise<ReplayRun> {
  const page = await browser.newPage();
  try {
    await page.goto(origin);
    await page.getByTestId('trace-file-input').setInputFiles({
      name: 'bench.json',
      mimeType: 'application/json',
      buffer: Buffer.from(trace),
    });
    await page.getByTestId('trace-summary').waitFor();
    await page.getByTestId('charts-shown').setChecked(charts);
    const longTasks = await observeLongTasks(page);
    const started = Date.now();
    await page.getByTestId('replay-start').click();
    await page.locator('[data-testid="output"][data-run="done"]').waitFor({ timeout: 600_000 });
    const wallMs = Date.now() - started;
    return { ...(await longTasks.collect()), wallMs };
  } finally {
    await page.close();
  }
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
}

async function main(): Promise<void> {
  if (!values['no-build']) await build({ logLevel: 'warn' });
  const server = await preview({ preview: { port: 0, strictPort: false }, logLevel: 'warn' });
  const address = server.httpServer.address() as AddressInfo;
  const origin = `http://127.0.0.1:${address.port}`;
  const trace = sampleTrace(syntheticPasses(tokens));
  const done = trace.events[trace.events.length - 1].event;
  const emitted = done.stats.emittedTokens;
  const text = serializeTrace(trace);
  const browser = await launchBrowser({ browserArgs: [], headed: false, realGpu: false });
  try {
    const results: Record<'on' | 'off', ReplayRun[]> = { on: [], off: [] };
    // Interleaved, so a slow spell of the machine falls on both configurations alike.
    for (let run = 0; run < runs; run++) {
      results.on.push(await replayOnce(browser, origin, text, true));
      results.off.push(await replayOnce(browser, origin, text, false));
    }
    const perThousand = (ms: number) => (ms * 1000) / emitted;
    const row = (name: string, list: ReplayRun[]) => [
      name,
      fixed(perThousand(median(list.map((r) => r.totalMs))), 0),
      fixed(median(list.map((r) => r.count)), 0),
      fixed(median(list.map((r) => r.longestMs)), 0),
      fixed(median(list.map((r) => r.wallMs)), 0),
    ];
    console.log(
      `Replay of ${emitted} tokens in ${trace.events.length - 2} target passes (10 ms apart), ${runs} runs each:`,
    );
    printTable(
      ['charts', 'long-task ms / 1,000 tokens', 'long tasks', 'longest ms', 'wall ms'],
      [row('shown', results.on), row('hidden', results.off)],
    );
    const on = median(results.on.map((r) => r.totalMs));
    const off = median(results.off.map((r) => r.totalMs));
    console.log(`charts shown ÷ hidden, long-task time: ${off > 0 ? fixed(on / off) : 'n/a (no long tasks hidden)'}`);
  } finally {
    await browser.close();
    await server.close();
  }
}

await main();
