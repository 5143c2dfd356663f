import os from 'node:os';
import { chromium, type Browser } from 'playwright-core';
import { createServer } from 'vite';
import { HARNESS_URL } from '../../e2e/harness/playwright.ts';
import type { TrainBench, TrainBenchOptions } from './train-page.ts';
import { fixed, printTable } from './table.ts';

/** Node side of `npm run bench:train`: serves the harness, drives Chromium, prints the table. */

const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  '--disable-quic',
  '--enable-unsafe-webgpu',
];

export async function runTrainBench(options: TrainBenchOptions): Promise<TrainBench> {
  const server = await createServer({ configFile: 'e2e/harness/vite.config.ts' });
  await server.listen();
  let browser: Browser | undefined;
  try {
    browser = await chromium.launch({
      executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
      args: CHROMIUM_ARGS,
      headless: true,
    });
    const page = await browser.newPage();
    page.on('pageerror', (error) => console.error(`pageerror: ${error.message}`));
    page.setDefaultTimeout(0); // a 68M step on a CPU-emulated GPU takes minutes
    await page.goto(HARNESS_URL.replace(/index\.html$/, 'training.html'));
    await page.waitForFunction(() => document.getElementById('status')?.textContent === 'ready', null, {
      timeout: 120_000,
    });
    return (await page.evaluate(
      (o) =>
        (
          window as unknown as { trainingHarness: { benchTrain(o: unknown): Promise<unknown> } }
        ).trainingHarness.benchTrain(o),
      options,
    )) as TrainBench;
  } finally {
    await browser?.close();
    await server.close();
  }
}

const mb = (bytes: number) => `${(bytes / 2 ** 20).toFixed(1)} MiB`;

export function printTrainBench(bench: TrainBench): void {
  console.log(`machine: ${os.cpus()[0]?.model ?? 'unknown CPU'} × ${os.cpus().length}, Node ${process.version}`);
  console.log(`adapter: ${bench.adapter}; kernels: ${bench.tuning}; f32 weights, gradients and moments`);
  for (const m of bench.models) {
    console.log('');
    console.log(
      `${m.model}: ${m.description}, ${(m.parameters / 1e6).toFixed(1)}M parameters; ` +
        `batch ${m.batch} × ${m.seqLen} positions, ${m.steps} timed step(s)` +
        (m.model === 'tiny-drafter' ? ' after a warm-up step each' : ' (WebGPU after a warm-up step)'),
    );
    printTable(
      ['engine', 'ms/step', 'tokens/s', 'loss (first timed step)'],
      m.rows.map((r) => [r.engine, fixed(r.msPerStep, 1), fixed(r.tokensPerSecond, 1), fixed(r.losses[0], 4)]),
    );
    const [gpu, cpu] = m.rows;
    console.log(`  WebGPU vs CPU reference: ${(gpu.tokensPerSecond / cpu.tokensPerSecond).toFixed(2)}x tokens/s`);
    console.log(`  peak GPU buffer bytes: ${m.peakGpuBytes} (${mb(m.peakGpuBytes)}), micro-batch ${m.microBatch}`);
  }
  console.log('');
  console.log('memory plan at batch 8 × 256 on a 4 GiB budget (2 GiB buffer limits):');
  for (const p of bench.plans) {
    console.log(
      `  ${p.model}: ${p.bytes} bytes (${(p.bytes / 2 ** 30).toFixed(2)} GiB), micro-batches of ${p.microBatch}`,
    );
  }
}
