import { existsSync } from 'node:fs';
import os from 'node:os';
import { chromium, type Browser, type Page } from 'playwright-core';
import { createServer } from 'vite';
import { HARNESS_PORT } from '../../e2e/ports.ts';
import type { DrafterBench, DrafterBenchOptions } from './drafter-page.ts';
import type { TransformersDrafterRow } from './drafter-transformers.ts';

/** Node side of `npm run bench:drafter`: serves the harness, drives Chromium, prints the table. */

const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  '--disable-quic',
  '--enable-unsafe-webgpu',
];
const HARNESS = `http://127.0.0.1:${HARNESS_PORT}/e2e/harness/`;

export interface DrafterBenchRun {
  bench: DrafterBench;
  /** transformers.js on the tiny fixture, when its harness page exists; else why not. */
  transformers: TransformersDrafterRow[] | string;
}

export async function runDrafterBench(options: DrafterBenchOptions): Promise<DrafterBenchRun> {
  const server = await createServer({ configFile: 'e2e/harness/vite.config.ts' });
  await server.listen();
  let browser: Browser | undefined;
  try {
    browser = await chromium.launch({
      executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
      args: CHROMIUM_ARGS,
      headless: true,
    });
    const page = await openPage(browser, 'index.html');
    const bench = (await page.evaluate(
      (o) => (window as unknown as { harness: { benchDrafter(o: unknown): Promise<unknown> } }).harness.benchDrafter(o),
      options,
    )) as DrafterBench;
    await page.close();
    return { bench, transformers: await transformersRows(browser) };
  } finally {
    await browser?.close();
    await server.close();
  }
}

async function openPage(browser: Browser, file: string): Promise<Page> {
  const page = await browser.newPage();
  page.on('pageerror', (error) => console.error(`pageerror: ${error.message}`));
  await page.goto(HARNESS + file);
  await page.waitForFunction(() => document.getElementById('status')?.textContent === 'ready', null, {
    timeout: 120_000,
  });
  return page;
}

/** The same tiny drafter through @huggingface/transformers (the transformers engine's harness page). */
async function transformersRows(browser: Browser): Promise<TransformersDrafterRow[] | string> {
  if (!existsSync('e2e/harness/transformers.html')) return 'not measured: the transformers.js harness page is absent';
  const page = await openPage(browser, 'transformers.html');
  // Vite may discover the page's dependencies on first load and reload it once: wait and retry.
  for (let attempt = 1; ; attempt++) {
    try {
      await page.waitForFunction(() => document.getElementById('status')?.textContent === 'ready', null, {
        timeout: 120_000,
      });
      return (await page.evaluate(() =>
        (
          window as unknown as { transformersHarness: { benchDrafterTransformers(): Promise<unknown> } }
        ).transformersHarness.benchDrafterTransformers(),
      )) as TransformersDrafterRow[];
    } catch (error) {
      const message = (error as Error).message;
      if (attempt < 3 && message.includes('Execution context was destroyed')) continue;
      return `not measured: ${message.split('\n')[0]}`;
    }
  }
}

export function printDrafterBench({ bench, transformers }: DrafterBenchRun): void {
  console.log(`machine: ${os.cpus()[0]?.model ?? 'unknown CPU'} × ${os.cpus().length}, Node ${process.version}`);
  console.log(`adapter: ${bench.adapter}; weights: ${bench.precision}`);
  console.log(
    `k = ${bench.k} drafted tokens per draft, context ${bench.context} positions, ${bench.reps} timed drafts per row after one warm-up`,
  );
  console.log(
    `device copy bandwidth (copyBufferToBuffer, read + write): ${bench.copyGBs.toFixed(2)} GB/s — the ceiling for GB/s below`,
  );
  for (const m of bench.models) {
    console.log('');
    console.log(
      `${m.model}: ${m.description}; ${(m.weightBytesPerStep / 1e6).toFixed(1)} MB of f32 weights read per forward step`,
    );
    console.log(
      `  ${'engine'.padEnd(44)} ${'ms/token'.padStart(9)} ${'submits/draft'.padStart(14)} ${'readbacks/draft'.padStart(16)} ${'weight GB/s'.padStart(12)}`,
    );
    for (const r of m.rows) {
      const n = (v: number | null) => (v === null ? '—' : String(v));
      console.log(
        `  ${r.engine.padEnd(44)} ${r.msPerToken.toFixed(2).padStart(9)} ${n(r.submitsPerDraft).padStart(14)} ${n(r.readbacksPerDraft).padStart(16)} ${r.weightGBs.toFixed(2).padStart(12)}`,
      );
    }
    if (m.model === 'tiny-drafter') {
      if (typeof transformers === 'string') console.log(`  transformers.js (ONNX): ${transformers}`);
      // Its submissions and readbacks happen inside onnxruntime-web, where nothing counts them: shown as —.
      else
        for (const t of transformers)
          console.log(
            `  ${`transformers.js ${t.device} (k=${t.draftLength} appends)`.padEnd(44)} ${t.msPerDraftedToken.toFixed(2).padStart(9)} ${'—'.padStart(14)} ${'—'.padStart(16)} ${'—'.padStart(12)}`,
          );
    }
    console.log(`  greedy tokens identical across the three: ${m.tokensAgree ? 'yes' : 'NO'}`);
  }
  const paper = bench.models.find((m) => m.model === 'paper-68m') ?? bench.models[bench.models.length - 1];
  const [draft, naive] = paper.rows;
  console.log('');
  console.log(`queue submissions per draft: ${draft.submitsPerDraft}`);
  console.log(`draft(k) vs naive: ${(naive.msPerToken / draft.msPerToken).toFixed(2)}x`);
}
